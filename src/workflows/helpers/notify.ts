import { ApplicationFailure, isCancellation, log, workflowInfo } from '@temporalio/workflow';
import type { Notification } from '../../discord/builder';
import { prepare } from './delivery';
import { describeFailure } from './failures';
import { digests } from './proxies';

export { describeFailure } from './failures';

/** Where a notification goes. */
export interface NotifyOptions {
  /** Channel name; unset channels fall back to DISCORD_WEBHOOK_URL in the worker. @default 'default' */
  channel?: string;
  /** Post into this thread of the webhook's channel. */
  threadId?: string;
  /** Send now even when the channel collects digests (the collector itself uses this). @default false */
  bypassDigest?: boolean;
}

export type NotifyResult =
  | { status: 'sent'; channel: string; messageId: string; messageIds: string[] }
  | { status: 'skipped'; channel: string; reason: string }
  /** The channel collects digests (DISCORD_DIGEST_<CHANNEL>): the collector workflow sends it shortly. */
  | { status: 'queued'; channel: string; digestWorkflowId: string };

export type SafeNotifyResult =
  NotifyResult | { status: 'failed'; channel: string; error: { type: string; message: string; code?: number } };

let digestItems = 0;

/**
 * Sends a notification from workflow code: cut and split into valid webhook messages by the worker, then one
 * delivery activity per message, on the webhook's rate-limited delivery queue.
 * @throws ApplicationFailure `InvalidMessage` (non-retryable) when no valid message can be made of the notification
 * @throws ActivityFailure whose cause is the `DiscordRejected` failure (with Discord's code and reason) when a
 *   permanent error stops delivery, or the last retryable failure when retries are exhausted
 */
export async function notify(notification: Notification, options: NotifyOptions = {}): Promise<NotifyResult> {
  const prepared = await prepare(options.channel ?? 'default', notification);
  const { channel } = prepared;
  if (!prepared.configured) {
    log.warn(prepared.reason);
    return { status: 'skipped', channel, reason: prepared.reason };
  }
  if (prepared.digestWindowMs !== undefined && !options.bypassDigest) {
    const { workflowId, runId, taskQueue } = workflowInfo();
    const digestWorkflowId = await digests.enqueueDigest({
      taskQueue,
      channel,
      windowMs: prepared.digestWindowMs,
      item: { id: `${workflowId}/${runId}/${++digestItems}`, notification },
    });
    return { status: 'queued', channel, digestWorkflowId };
  }
  const messageIds: string[] = [];
  for (const message of prepared.messages) {
    const result = await prepared.activities.deliverMessage({
      channel,
      message,
      ...(options.threadId && { threadId: options.threadId }),
    });
    if (result.status === 'skipped') return result;
    messageIds.push(result.messageId);
  }
  const [messageId] = messageIds;
  if (messageId === undefined)
    throw ApplicationFailure.nonRetryable('The notification produced no message', 'InvalidMessage');
  return { status: 'sent', channel, messageId, messageIds };
}

/**
 * Like {@link notify}, but never fails the calling workflow (the seed's "notifications are not critical" rule):
 * a failure is logged and returned as `{ status: 'failed' }`, so it stays visible in the result and history.
 */
export async function notifySafely(notification: Notification, options: NotifyOptions = {}): Promise<SafeNotifyResult> {
  try {
    return await notify(notification, options);
  } catch (error) {
    // Cancelling the caller must still cancel it.
    if (isCancellation(error)) throw error;
    const channel = (options.channel ?? 'default').toLowerCase();
    const failure = describeFailure(error);
    log.warn('Discord notification failed; continuing', { channel, ...failure });
    return { status: 'failed', channel, error: failure };
  }
}
