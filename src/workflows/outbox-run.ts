// The state of one run of a channel's outbox and what it does with each answer: the queue, what it knows of Discord's
// limits, its counts and failures, and the receipts it owes. Workflow code (signals to senders, log, details).
import {
  ActivityFailure,
  ApplicationFailure,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  setCurrentDetails,
} from '@temporalio/workflow';
import type { DeliveryError, OutboxItem, OutboxStart, RefusedTurn, SendResult } from '../activities/types';
import { initialPacing, recordAnswer, relaxChannelLimit, type PacingState } from '../discord/pacing';
// Types only: the codes below are checked at compile time, nothing of discord-api-types enters the sandbox.
import type { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { FailureType, OUTBOX_RECENT_FAILURES, WEBHOOK_GONE_FOR_MS } from '../vocabulary';
import { OutboxQueue, type Batch, type QueueState, type Settled } from './outbox-queue';
import { deliveryReceiptSignal, type OutboxStats, type OutboxStatus } from './queries';

/** Discord's codes for a webhook that is gone: Unknown Webhook, Invalid Webhook Token (checked against its types). */
const WEBHOOK_GONE_CODES: number[] = [
  10015 satisfies RESTJSONErrorCodes.UnknownWebhook,
  50027 satisfies RESTJSONErrorCodes.InvalidWebhookToken,
];
/** Discord's "Unknown Message": the message to edit was deleted. */
const UNKNOWN_MESSAGE = 10008 satisfies RESTJSONErrorCodes.UnknownMessage;

/** What an outbox carries over when it continues as new. */
export interface OutboxCarry {
  queue: QueueState;
  pacing: PacingState;
  stats: OutboxStats;
  webhookGone: OutboxStatus['webhookGone'];
  recentFailures: OutboxStatus['recentFailures'];
}

/** Bytes of `text` in UTF-8, as Temporal counts a payload (JSON characters undercount non-Latin text). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair is one code point of 4 bytes; a lone surrogate is written as U+FFFD (3 bytes).
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The activity's own failure inside the ActivityFailure the workflow sees. */
function failureCause(error: unknown): unknown {
  return error instanceof ActivityFailure && error.cause ? error.cause : error;
}

/** What a turn that Discord refused for good had done before: the answered requests and the refused one's index. */
export function refusedTurnOf(error: unknown): RefusedTurn {
  const cause = failureCause(error);
  const turn =
    cause instanceof ApplicationFailure ? (cause.details?.[1] as Partial<RefusedTurn> | undefined) : undefined;
  return {
    answered: Array.isArray(turn?.answered) ? turn.answered : [],
    index: typeof turn?.index === 'number' ? turn.index : 0,
  };
}

/** Why an activity failed, as a receipt tells it: the failure's type and message, and Discord's answer. */
export function deliveryErrorOf(error: unknown): DeliveryError {
  const cause = failureCause(error);
  if (cause instanceof ApplicationFailure) {
    const [details] = (cause.details ?? []) as Partial<Record<keyof DeliveryError, unknown>>[];
    return {
      type: cause.type ?? 'Error',
      message: cause.message,
      ...(typeof details?.status === 'number' && { status: details.status }),
      ...(typeof details?.code === 'number' && { code: details.code }),
      ...(typeof details?.discordMessage === 'string' && { discordMessage: details.discordMessage }),
      ...(Array.isArray(details?.fields) && { fields: details.fields as DeliveryError['fields'] }),
    };
  }
  return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}

const NO_STATS: OutboxStats = {
  received: 0,
  duplicates: 0,
  coalesced: 0,
  delivered: 0,
  messages: 0,
  edits: 0,
  failed: 0,
};

export class OutboxRun {
  readonly queue: OutboxQueue;
  pacing: PacingState;
  private readonly stats: OutboxStats;
  private webhookGone: OutboxStatus['webhookGone'];
  private readonly recentFailures: OutboxStatus['recentFailures'];
  /** Receipt signals under way; a run waits for them before it ends. */
  private readonly replies = new Set<Promise<void>>();

  constructor(
    private readonly start: OutboxStart,
    private readonly maxPendingBytes: number,
    carried: OutboxCarry | undefined,
  ) {
    this.queue = new OutboxQueue(carried?.queue);
    this.pacing = relaxChannelLimit(
      carried?.pacing ?? initialPacing(start.channelLimit),
      Date.now(),
      start.channelLimit,
    );
    this.stats = { ...NO_STATS, ...carried?.stats };
    this.webhookGone = carried?.webhookGone ?? null;
    this.recentFailures = [...(carried?.recentFailures ?? [])];
  }

  get webhookKey(): string {
    return this.start.webhookKey;
  }

  status(): OutboxStatus {
    const gone = this.webhookGone && Date.now() < this.webhookGone.untilMs ? this.webhookGone : null;
    return {
      webhookKey: this.start.webhookKey,
      pending: this.queue.length,
      pendingBytes: this.queue.pendingBytes,
      channelLimit: this.pacing.channel,
      webhookGone: gone,
      recentFailures: [...this.recentFailures],
      ...this.stats,
    };
  }

  carry(): OutboxCarry {
    return {
      queue: this.queue.snapshot(),
      pacing: this.pacing,
      stats: { ...this.stats },
      webhookGone: this.webhookGone,
      recentFailures: [...this.recentFailures],
    };
  }

  /** A hand-off arrived: dropped when seen before, refused while the webhook is gone or the backlog is full. */
  receive(item: OutboxItem): void {
    this.stats.received += 1;
    if (this.queue.isDuplicate(item.id)) {
      this.stats.duplicates += 1;
      return;
    }
    const size = utf8Length(JSON.stringify(item));
    const refusal = this.refusal(size);
    if (refusal) this.settle([this.queue.refuse(item, refusal)]);
    else if (this.queue.enqueue(item, size) === 'coalesced') this.stats.coalesced += 1;
  }

  private refusal(size: number): DeliveryError | undefined {
    if (this.webhookGone && Date.now() < this.webhookGone.untilMs) return this.webhookGone.error;
    if (this.queue.pendingBytes + size <= this.maxPendingBytes) return undefined;
    return {
      type: FailureType.OutboxFull,
      message: `The outbox of webhook ${this.start.webhookKey} holds ${this.queue.length} notifications (${this.queue.pendingBytes} bytes) waiting for Discord; this one was refused`,
    };
  }

  /** Before each request: forget an expired "webhook gone", let a lowered channel limit rise again. */
  refresh(): void {
    if (this.webhookGone && Date.now() >= this.webhookGone.untilMs) this.webhookGone = null;
    this.pacing = relaxChannelLimit(this.pacing, Date.now(), this.start.channelLimit);
  }

  /**
   * A turn's requests were answered: settle each batch in order. Answers are placed in time by the worker's clock,
   * kept between when the turn was scheduled and now (a worker's clock may be off), so that the bucket's reset is
   * known as early as it can be.
   */
  answeredTurn(batches: readonly Batch[], results: readonly SendResult[], scheduledAtMs: number): void {
    for (const [index, result] of results.entries()) {
      const batch = batches[index];
      if (!batch) throw new Error(`The turn answered ${results.length} of ${batches.length} requests`);
      this.answered(batch, result, Math.min(Date.now(), Math.max(scheduledAtMs, result.answeredAtMs)));
    }
  }

  /** Discord accepted the batch at `atMs`: learn from its answer, settle what it completed. */
  private answered(batch: Batch, result: SendResult, atMs: number): void {
    this.pacing = recordAnswer(this.pacing, atMs, {
      post: batch.kind === 'post',
      remaining: result.remaining,
      resetAfterMs: result.resetAfterMs,
      limit: result.limit,
      rateLimited: result.rateLimited,
    });
    if (batch.kind === 'edit') this.stats.edits += 1;
    else this.stats.messages += 1;
    this.settle(this.queue.sent(batch, result.messageId));
  }

  /**
   * The batch failed for good. A deleted message kept up to date is posted anew; a gone webhook fails everything
   * waiting (and, for a while, every new hand-off); a refused folded message is resent one notification at a time;
   * otherwise its notifications fail with the reason.
   */
  failed(batch: Batch, reason: DeliveryError): void {
    const refused = reason.type === FailureType.Rejected;
    if (refused && batch.kind === 'edit' && reason.code === UNKNOWN_MESSAGE) {
      log.info('The message kept up to date was deleted; posting it anew', { key: batch.items[0]?.key });
      this.queue.forgetMessage(batch);
    } else if (refused && reason.code !== undefined && WEBHOOK_GONE_CODES.includes(reason.code)) {
      this.webhookGone = { error: reason, untilMs: Date.now() + WEBHOOK_GONE_FOR_MS };
      this.settle(this.queue.failAll(reason));
    } else if (batch.items.length > 1) {
      // Each message was valid alone; let Discord judge them one by one, so only the one it objects to fails.
      this.queue.unfold(batch);
    } else this.settle(this.queue.failed(batch, reason));
  }

  /** The outbox is ending without sending what waits (it was cancelled): each of them fails with `reason`. */
  abandon(reason: DeliveryError): void {
    this.settle(this.queue.failAll(reason));
  }

  /** Resolves once every receipt signal is delivered (or its sender is gone). */
  async repliesSent(): Promise<void> {
    await Promise.all([...this.replies]);
  }

  private settle(settled: readonly Settled[]): void {
    for (const one of settled) {
      if (one.receipt.status === 'sent') this.stats.delivered += 1;
      else {
        this.stats.failed += 1;
        this.recentFailures.push({ atMs: Date.now(), channel: one.receipt.channel, error: one.receipt.error });
        if (this.recentFailures.length > OUTBOX_RECENT_FAILURES) this.recentFailures.shift();
        log.error('Notification not delivered', { itemId: one.receipt.itemId, ...one.receipt.error });
      }
      for (const waiter of one.waiters) this.reply(waiter.replyTo, { ...one.receipt, itemId: waiter.itemId });
    }
    const { delivered, messages, edits, failed } = this.stats;
    const latest = failed > 0 ? `; ${failed} failed, latest: ${this.recentFailures.at(-1)?.error.message}` : '';
    setCurrentDetails(
      `${this.queue.length} waiting · ${delivered} delivered in ${messages} messages and ${edits} edits${latest}`,
    );
  }

  private reply(to: { workflowId: string; runId: string }, receipt: Settled['receipt']): void {
    const signalled: Promise<void> = getExternalWorkflowHandle(to.workflowId, to.runId)
      .signal(deliveryReceiptSignal, receipt)
      .catch((error: unknown) => {
        if (isCancellation(error)) throw error;
        // The sender finished (or was reset) before its receipt came; the outcome is in this history anyway.
        log.info('A sender no longer waits for its receipt', { itemId: receipt.itemId });
      })
      .finally(() => this.replies.delete(signalled));
    this.replies.add(signalled);
  }
}
