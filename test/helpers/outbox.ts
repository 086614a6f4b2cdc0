import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { outboxWorkflowId, webhookKey } from '../../src/activities';
import { parseWebhookUrl } from '../../src/discord/webhook-url';
import { sendNotification } from '../../src/workflows';

/**
 * Resolves once everything handed to these channels' outboxes so far is settled (delivered or failed). Each outbox
 * sends in hand-off order, so a notification that waits for its receipt, handed off now, settles after all of it.
 * The probes post a message of their own (`probe`), or fail where the channel's webhook fails.
 */
export async function settledOutboxes(client: Client, taskQueue: string, channels: readonly string[]): Promise<void> {
  await Promise.all(
    channels.map((channel) =>
      client.workflow
        .execute(sendNotification, {
          taskQueue,
          workflowId: `probe-${channel}-${randomUUID()}`,
          args: [{ channel, content: 'probe' }],
        })
        .catch(() => undefined),
    ),
  );
}

/** The key the worker gives a webhook URL (its id and a digest, never the token), e.g. an emulator webhook's. */
export function keyOf(url: string): string {
  return webhookKey(parseWebhookUrl(url, { allowedHosts: [new URL(url).host] }));
}

/** The workflow id of the outbox a worker on `taskQueue` uses for the webhook at `url`. */
export function outboxIdOf(taskQueue: string, url: string): string {
  return outboxWorkflowId(taskQueue, keyOf(url));
}
