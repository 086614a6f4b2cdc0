import { connectionTest, customNotification } from '../messages/custom';
import { notify, type NotifyResult } from './helpers/notify';
import { parseInput } from './helpers/input';
import type { SendNotificationInput, TestWebhookInput } from '../inputs/workflows';

/**
 * Sends one notification (content, an optional embed, fields, mentions) to a channel.
 * Returns `skipped` when the worker has no webhook for the channel, like the seed.
 */
export async function sendNotification(input: SendNotificationInput): Promise<NotifyResult> {
  const params = await parseInput('sendNotification', input);
  return notify(customNotification(params, new Date()), {
    wait: true,
    ...(params.channel && { channel: params.channel }),
    ...(params.threadId && { threadId: params.threadId }),
  });
}

/** The seed's connection test for a channel. */
export async function testWebhook(input: TestWebhookInput = {}): Promise<NotifyResult> {
  const params = await parseInput('testWebhook', input);
  return notify(connectionTest(new Date()), { wait: true, ...(params.channel && { channel: params.channel }) });
}
