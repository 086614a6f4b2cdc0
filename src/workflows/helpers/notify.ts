import { ApplicationFailure, condition, isCancellation, log, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DeliveryReceipt, HandOffInput, HandOffResult } from '../../activities/types';
import type { Notification } from '../../discord/notification';
import { deliveryReceiptSignal } from '../queries';
import { describeFailure, invalidMessage } from './failures';
import { outbox } from './proxies';

export { describeFailure } from './failures';

/** Where a notification goes, and whether to wait until Discord has it. */
export interface NotifyOptions {
  /** Channel name; unset channels fall back to DISCORD_WEBHOOK_URL in the worker. @default 'default' */
  channel?: string;
  /** Post into this thread of the webhook's channel. */
  threadId?: string;
  /**
   * Wait until Discord has the message (or refused it for good) and return its id. A business flow should not:
   * without it `notify` returns as soon as the hand-off to the channel's outbox is recorded.
   * @default false
   */
  wait?: boolean;
}

export type NotifyResult =
  /** Handed to the channel's outbox, which delivers it (folded with others when the channel is busy). */
  | { status: 'queued'; channel: string; outboxId: string; itemId: string }
  /** Delivered (with `wait`): the id of the message that holds it, and of every message when it needed several. */
  | { status: 'sent'; channel: string; messageId: string; messageIds: string[] }
  | { status: 'skipped'; channel: string; reason: string };

export type SafeNotifyResult =
  NotifyResult | { status: 'failed'; channel: string; error: { type: string; message: string; code?: number } };

/** What one hand-off asks of its channel's outbox beyond the notification itself. */
export interface HandOffRequest extends NotifyOptions {
  key?: string;
  messageId?: string;
  final?: boolean;
  /** Ask for a receipt without waiting for it here. */
  receipt?: boolean;
}

let handOffs = 0;
const receipts = new Map<string, DeliveryReceipt>();
let listening = false;

/** Receipts arrive as signals; the handler is set once per workflow run, before the first hand-off that wants one. */
function listenForReceipts(): void {
  if (listening) return;
  listening = true;
  setHandler(deliveryReceiptSignal, (receipt) => {
    receipts.set(receipt.itemId, receipt);
  });
}

/** The receipt of hand-off `itemId`, if the outbox has sent it. */
export function receiptOf(itemId: string): DeliveryReceipt | undefined {
  return receipts.get(itemId);
}

/**
 * Hands one notification to its channel's outbox through the `handOff` local activity (route, build, signal) and
 * returns its item id with the answer.
 * @throws ApplicationFailure `InvalidMessage` (non-retryable) when no valid message can be made of the notification
 */
export async function handOff(
  notification: Notification,
  request: HandOffRequest,
): Promise<{ itemId: string; handed: HandOffResult }> {
  const { workflowId, runId } = workflowInfo();
  const itemId = `${workflowId}/${runId}/${++handOffs}`;
  const replyTo = request.wait || request.receipt ? { workflowId, runId } : undefined;
  if (replyTo) listenForReceipts();
  const input: HandOffInput = {
    channel: (request.channel ?? 'default').toLowerCase(),
    notification,
    itemId,
    handedOffAtMs: Date.now(),
    ...(request.threadId !== undefined && { threadId: request.threadId }),
    ...(request.key !== undefined && { key: request.key }),
    ...(request.messageId !== undefined && { messageId: request.messageId }),
    ...(request.final && { final: true }),
    ...(replyTo && { replyTo }),
  };
  const handed = await outbox.handOff(input);
  if (handed.status === 'invalid') throw invalidMessage(handed.problems);
  if (handed.status === 'skipped') log.warn(handed.reason);
  return { itemId, handed };
}

/**
 * The delivery failure a waiting `notify` throws, never retried: the failure's type and message, and in its details
 * the channel and what Discord answered (status, code, reason and field errors), as the Web UI shows them.
 */
function deliveryFailure(receipt: DeliveryReceipt & { status: 'failed' }): ApplicationFailure {
  const { type, message, ...answer } = receipt.error;
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: [{ channel: receipt.channel, ...answer }],
  });
}

/**
 * Sends a notification from workflow code: the worker cuts and splits it into valid webhook messages and hands them
 * to the channel's outbox, the one sender to that webhook, which keeps Discord's limits for every worker. Returns
 * once the hand-off is recorded (`queued`), even while Discord is down; with `wait`, once Discord has it (`sent`).
 * @throws ApplicationFailure `InvalidMessage` (non-retryable) when no valid message can be made of the notification
 * @throws ApplicationFailure with `wait`: Discord's refusal (`DiscordRejected`, with its code and reason) or another
 *   permanent delivery failure (`WebhookNotConfigured`, `OutboxFull`)
 */
export async function notify(notification: Notification, options: NotifyOptions = {}): Promise<NotifyResult> {
  const { itemId, handed } = await handOff(notification, options);
  if (handed.status !== 'queued') return handed as NotifyResult;
  const { channel, outboxId } = handed;
  if (!options.wait) return { status: 'queued', channel, outboxId, itemId };
  await condition(() => receipts.has(itemId));
  const receipt = receipts.get(itemId)!;
  receipts.delete(itemId);
  if (receipt.status === 'failed') throw deliveryFailure(receipt);
  const [messageId = ''] = receipt.messageIds;
  return { status: 'sent', channel, messageId, messageIds: receipt.messageIds };
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
