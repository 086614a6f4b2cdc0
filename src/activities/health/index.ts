import type { Config } from '../../config';
import { firstConfiguredChannel, HEALTH_CHANNELS } from './channel';
import { createFailureActivities } from './failures';
import { createLedgerActivities } from './ledger';
import { createQueueActivities } from './queues';
import type { HealthSettings } from './types';

export type * from './types';
export { firstConfiguredChannel, HEALTH_CHANNELS } from './channel';

/** The system-health check's activities: settings, visibility and task-queue reads, and the ledger's updates. */
export function createHealthActivities(config: Config) {
  return {
    /** Where the check reports and what it watches (the worker's configuration, recorded in history). */
    // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
    async loadHealthSettings(): Promise<HealthSettings> {
      return {
        channel: firstConfiguredChannel(config.discord, HEALTH_CHANNELS),
        watchTaskQueues: [...config.health.watchTaskQueues],
        workerGraceMs: config.health.workerGraceMs,
        reportTimezone: config.notifications.reportTimezone,
        mentions: config.notifications.mentions.system_health,
      };
    },
    ...createFailureActivities(config),
    ...createQueueActivities(config),
    ...createLedgerActivities(),
  };
}
