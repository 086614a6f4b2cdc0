import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  isCancellation,
  log,
  workflowInfo,
} from '@temporalio/workflow';
import { buildMessages, InvalidNotificationError, type Notification } from '../../discord/builder';
import type { WebhookMessage } from '../../discord/schemas';
import { digests } from './proxies';
import { openChannel } from './delivery';

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

/**
 * The notification as valid webhook messages.
 * @throws ApplicationFailure `InvalidMessage` (non-retryable) when no valid message can be made of it, so a bad
 *   notification fails the workflow instead of retrying its task forever
 */
export function toMessages(notification: Notification): WebhookMessage[] {
  try {
    return buildMessages(notification);
  } catch (error) {
    if (!(error instanceof InvalidNotificationError)) throw error;
    throw ApplicationFailure.create({ type: 'InvalidMessage', message: error.message, nonRetryable: true });
  }
}

let digestItems = 0;

export type SafeNotifyResult =
  NotifyResult | { status: 'failed'; channel: string; error: { type: string; message: string; code?: number } };

/**
 * Sends a notification from workflow code: split into valid webhook messages, one activity per message.
 * @throws ActivityFailure whose cause is the `DiscordRejected` failure (with Discord's code and reason) when a
 *   permanent error stops delivery, or the last retryable failure when retries are exhausted
 */
export async function notify(notification: Notification, options: NotifyOptions = {}): Promise<NotifyResult> {
  const opened = await openChannel(options.channel ?? 'default');
  const { channel } = opened;
  if (!opened.configured) {
    log.warn(opened.reason);
    return { status: 'skipped', channel, reason: opened.reason };
  }
  const messages = toMessages(notification);
  if (opened.digestWindowMs !== undefined && !options.bypassDigest) {
    const { workflowId, runId, taskQueue } = workflowInfo();
    const digestWorkflowId = await digests.enqueueDigest({
      taskQueue,
      channel,
      windowMs: opened.digestWindowMs,
      item: { id: `${workflowId}/${runId}/${++digestItems}`, notification },
    });
    return { status: 'queued', channel, digestWorkflowId };
  }
  const messageIds: string[] = [];
  for (const message of messages) {
    const result = await opened.activities.deliverMessage({
      channel,
      message,
      ...(options.threadId && { threadId: options.threadId }),
    });
    if (result.status === 'skipped') return result;
    messageIds.push(result.messageId);
  }
  const [messageId] = messageIds;
  if (!messageId) throw ApplicationFailure.nonRetryable('The notification produced no message', 'InvalidMessage');
  return { status: 'sent', channel, messageId, messageIds };
}

/** The type and message of a failure, unwrapped from the activity or child-workflow failures around it. */
export function describeFailure(error: unknown): { type: string; message: string; code?: number } {
  let cause = error;
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause)
    cause = cause.cause;
  if (cause instanceof ApplicationFailure) {
    const [details] = (cause.details ?? []) as { code?: unknown }[];
    const code = typeof details?.code === 'number' ? details.code : undefined;
    return { type: cause.type ?? 'Error', message: cause.message, ...(code !== undefined && { code }) };
  }
  return {
    type: cause instanceof Error ? cause.name : 'Error',
    message: String(cause instanceof Error ? cause.message : cause),
  };
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
