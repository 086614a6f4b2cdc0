import type { Config } from '../config';
import { WebhookPacer } from '../discord/pacer';
import { createWebhookClient, type WebhookClient } from '../discord/webhook-client';
import { createDeliveryActivities } from './deliver';
import { createDigestActivities } from './digest';
import { createHealthActivities } from './health';
import { createReportSourceActivities } from './report-sources';
import { createPreparationActivities } from './prepare';
import { DeliveryRoutes } from './routes';
import { createSettingsActivities } from './settings';

export * from './types';
export { FailureType, type RejectionDetails } from './failures';
export { DeliveryRoutes } from './routes';
export { digestWorkflowId } from './digest';

/** Everything the activities use; tests and host workers may pass their own client or pacer. */
export interface ActivityDeps {
  config: Config;
  client?: WebhookClient;
  /** One per process, shared by every worker of the process, so pacing sees every request to a webhook. */
  pacer?: WebhookPacer;
}

/**
 * Builds the project's activities for `Worker.create({ activities })`. Webhook URLs stay in here (the worker's
 * environment); workflows only ever name a channel.
 */
export function createActivities({ config, client, pacer }: ActivityDeps) {
  const routes = new DeliveryRoutes(config.discord);
  const { username, avatarUrl, timeoutMs } = config.discord;
  return {
    ...createDeliveryActivities({
      resolveChannel: (channel) => routes.target(channel),
      client: client ?? createWebhookClient({ timeoutMs }),
      pacer: pacer ?? new WebhookPacer(),
      defaults: { username, avatarUrl },
    }),
    ...createPreparationActivities(routes),
    ...createDigestActivities(),
    ...createSettingsActivities(config),
    ...createReportSourceActivities(config.reports),
    // The system-health check (src/workflows/system-health.ts).
    ...createHealthActivities(config),
  };
}

/** The activity interface workflows proxy (`proxyActivities<Activities>`). */
export type Activities = ReturnType<typeof createActivities>;
