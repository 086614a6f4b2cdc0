import type { Config } from '../config';
import { createWebhookClient, type WebhookClient } from '../discord/webhook-client';
import { createHealthActivities } from './health';
import { createOutboxActivities } from './outbox';
import type { SendClock } from './outbox-send';
import { createReportSourceActivities } from './report-sources';
import { WebhookRoutes } from './routes';
import { createSettingsActivities } from './settings';
import { createInputActivities } from './validate-input';

export * from './types';
export { FailureType, type RejectionDetails } from './failures';
export { WebhookRoutes, webhookKey, type ChannelRoute } from './routes';
export { outboxWorkflowId } from './outbox';
export type { SendClock } from './outbox-send';

/** Everything the activities use; tests and host workers may pass their own webhook client. */
export interface ActivityDeps {
  config: Config;
  client?: WebhookClient;
  /** The clock the outbox's turns wait on (a time-skipping test server's, in tests). @default the worker's clock */
  clock?: SendClock;
}

/**
 * Builds the project's activities for `Worker.create({ activities })`. Webhook URLs stay in here (the worker's
 * environment); workflows only ever name a channel.
 */
export function createActivities({ config, client, clock }: ActivityDeps) {
  const { username, avatarUrl, timeoutMs, channelLimit } = config.discord;
  return {
    ...createOutboxActivities({
      routes: new WebhookRoutes(config.discord),
      client: client ?? createWebhookClient({ timeoutMs }),
      channelLimit,
      defaults: { username, avatarUrl },
      ...(clock && { clock }),
    }),
    ...createInputActivities(),
    ...createSettingsActivities(config),
    ...createReportSourceActivities(config.reports),
    // The system-health check (src/workflows/system-health.ts).
    ...createHealthActivities(config),
  };
}

/** The activity interface workflows proxy (`proxyActivities<Activities>`). */
export type Activities = ReturnType<typeof createActivities>;
