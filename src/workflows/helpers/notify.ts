import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, isCancellation, log } from '@temporalio/workflow';
import { buildMessages, type Notification } from '../../discord/builder';
import { openChannel } from './delivery';

/** Where a notification goes. */
export interface NotifyOptions {
  /** Channel name; unset channels fall back to DISCORD_WEBHOOK_URL in the worker. @default 'default' */
  channel?: string;
  /** Post into this thread of the webhook's channel. */
  threadId?: string;
}

export type NotifyResult =
  | { status: 'sent'; channel: string; messageId: string; messageIds: string[] }
  | { status: 'skipped'; channel: string; reason: string };

export type SafeNotifyResult =
  | NotifyResult
  | { status: 'failed'; channel: string; error: { type: string; message: string; code?: number } };

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
  const messageIds: string[] = [];
  for (const message of buildMessages(notification)) {
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
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure) {
    const [details] = (cause.details ?? []) as { code?: unknown }[];
    const code = typeof details?.code === 'number' ? details.code : undefined;
    return { type: cause.type ?? 'Error', message: cause.message, ...(code !== undefined && { code }) };
  }
  return { type: cause instanceof Error ? cause.name : 'Error', message: String(cause instanceof Error ? cause.message : cause) };
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
