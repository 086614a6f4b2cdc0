import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DeliveryError, OutboxItem, OutboxStart, SendResult } from '../activities/types';
import { initialPacing, nextTurnAtMs, recordAnswer, relaxChannelLimit, type PacingState } from '../discord/pacing';
import { NON_RETRYABLE_ERROR_TYPES } from './helpers/proxies';
import { OutboxQueue, type Batch, type QueueState, type Settled, type Waiter } from './outbox-queue';
import {
  deliveryReceiptSignal,
  enqueueSignal,
  outboxStatusQuery,
  type OutboxStats,
  type OutboxStatus,
} from './queries';

/**
 * One request to Discord per attempt, retried until it gets through: 429s after exactly `retry_after` (the activity
 * sets `nextRetryDelay`), 5xx, timeouts and resets with backoff up to 10 s, so a message goes out within seconds of
 * Discord coming back, however long it was down. Only a permanent refusal ends it. No overall time limit: an outage
 * delays notifications, it never drops them.
 */
export const SEND_PROFILE = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
  },
} satisfies ActivityOptions;

const discord = proxyActivities<Pick<Activities, 'sendToDiscord'>>(SEND_PROFILE);

/** An outbox with nothing to send for this long completes; the next hand-off starts a new one. */
const IDLE_TIMEOUT = '10 minutes';
/** History events after which the outbox continues as new (Temporal suggests it earlier on large histories). */
const HISTORY_LIMIT = 5_000;
/**
 * What may wait in one outbox, in JSON characters: a backlog must fit the continue-as-new input (Temporal refuses
 * payloads over 2 MB). About 1,500 alerts, hours of an outage at a marketing team's pace; beyond it a hand-off is
 * refused (`OutboxFull`), visibly, instead of being lost.
 */
export const MAX_PENDING_BYTES = 1_000_000;
/** Discord's codes for a webhook that is gone: Unknown Webhook, Invalid Webhook Token. */
const WEBHOOK_GONE_CODES = [10015, 50027];
/** Discord's "Unknown Message": the message to edit was deleted. */
const UNKNOWN_MESSAGE = 10008;
/**
 * After Discord says the webhook is gone, hand-offs fail at once with its reason for this long, instead of sending
 * requests Discord counts toward a temporary ban.
 * @see https://discord.com/developers/docs/topics/rate-limits#invalid-request-limit-aka-cloudflare-bans
 */
const WEBHOOK_GONE_FOR_MS = 5 * 60_000;
const RECENT_FAILURES = 10;

/** The outbox's input: how it starts, and what it carries over when it continues as new. */
export interface OutboxInput extends OutboxStart {
  /** History events after which it continues as new. @default 5000 */
  historyLimit?: number;
  /** JSON characters that may wait before hand-offs are refused. @default {@link MAX_PENDING_BYTES} */
  maxPendingBytes?: number;
  carried?: {
    queue: QueueState;
    pacing: PacingState;
    stats: OutboxStats;
    webhookGone: OutboxStatus['webhookGone'];
    recentFailures: OutboxStatus['recentFailures'];
  };
}

/** Why an activity failed, as a receipt tells it: the failure's type and message, Discord's status and code. */
function deliveryErrorOf(error: unknown): DeliveryError {
  const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
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

/**
 * The one sender to a Discord webhook: every notification for it is handed here (signal-with-start by `notify`), so
 * Discord's limits hold for any number of workers without server settings. It sends at once when the channel is
 * idle; what waits for the channel's next turn is folded into as few messages as Discord allows, in hand-off order;
 * a message kept up to date (a campaign's progress) is posted once and then edited, and only its latest waiting
 * state is sent. Senders that wait get a receipt signal. Started as `discord-outbox-<task queue>-<webhook id>`.
 */
export async function discordOutbox(input: OutboxInput): Promise<OutboxStatus> {
  const {
    webhookKey,
    channelLimit,
    carried,
    historyLimit = HISTORY_LIMIT,
    maxPendingBytes = MAX_PENDING_BYTES,
  } = input;
  const queue = new OutboxQueue(carried?.queue);
  let pacing = relaxChannelLimit(carried?.pacing ?? initialPacing(channelLimit), Date.now(), channelLimit);
  const stats: OutboxStats = carried?.stats ?? {
    received: 0,
    duplicates: 0,
    coalesced: 0,
    delivered: 0,
    messages: 0,
    edits: 0,
    failed: 0,
  };
  let webhookGone = carried?.webhookGone ?? null;
  const recentFailures = [...(carried?.recentFailures ?? [])];
  const replies = new Set<Promise<void>>();

  const status = (): OutboxStatus => ({
    webhookKey,
    pending: queue.length,
    pendingBytes: queue.pendingBytes,
    channelLimit: pacing.channel,
    webhookGone: webhookGone && Date.now() < webhookGone.untilMs ? webhookGone : null,
    recentFailures: [...recentFailures],
    ...stats,
  });

  const reply = (waiter: Waiter, settled: Settled) => {
    const signalled = getExternalWorkflowHandle(waiter.replyTo.workflowId, waiter.replyTo.runId)
      .signal(deliveryReceiptSignal, { ...settled.receipt, itemId: waiter.itemId })
      .catch((error: unknown) => {
        if (isCancellation(error)) throw error;
        // The sender finished (or was reset) before its receipt came; the outcome is in this history anyway.
        log.info('A sender no longer waits for its receipt', { itemId: waiter.itemId });
      })
      .finally(() => replies.delete(signalled));
    replies.add(signalled);
  };

  const settle = (settled: readonly Settled[]) => {
    for (const one of settled) {
      if (one.receipt.status === 'sent') stats.delivered += 1;
      else {
        stats.failed += 1;
        recentFailures.push({ atMs: Date.now(), channel: one.receipt.channel, error: one.receipt.error });
        if (recentFailures.length > RECENT_FAILURES) recentFailures.shift();
        log.error('Notification not delivered', { itemId: one.receipt.itemId, ...one.receipt.error });
      }
      for (const waiter of one.waiters) reply(waiter, one);
    }
    const failures =
      stats.failed > 0 ? `; ${stats.failed} failed, latest: ${recentFailures.at(-1)?.error.message}` : '';
    setCurrentDetails(
      `${queue.length} waiting · ${stats.delivered} delivered in ${stats.messages} messages and ${stats.edits} edits${failures}`,
    );
  };

  setHandler(enqueueSignal, (item: OutboxItem) => {
    stats.received += 1;
    if (queue.isDuplicate(item.id)) {
      stats.duplicates += 1;
      return;
    }
    const size = JSON.stringify(item).length;
    const refusal: DeliveryError | undefined =
      webhookGone && Date.now() < webhookGone.untilMs
        ? webhookGone.error
        : queue.pendingBytes + size > maxPendingBytes
          ? {
              type: 'OutboxFull',
              message: `The outbox of webhook ${webhookKey} holds ${queue.length} notifications (${queue.pendingBytes} characters) waiting for Discord; this one was refused`,
            }
          : undefined;
    if (refusal) settle([queue.refuse(item, refusal)]);
    else if (queue.enqueue(item, size) === 'coalesced') stats.coalesced += 1;
  });
  setHandler(outboxStatusQuery, status);

  const fail = (batch: Batch, error: unknown) => {
    const reason = deliveryErrorOf(error);
    const refused = reason.type === 'DiscordRejected';
    if (refused && batch.kind === 'edit' && reason.code === UNKNOWN_MESSAGE) {
      log.info('The message kept up to date was deleted; posting it anew', { key: batch.items[0]?.key });
      queue.forgetMessage(batch);
    } else if (refused && reason.code !== undefined && WEBHOOK_GONE_CODES.includes(reason.code)) {
      webhookGone = { error: reason, untilMs: Date.now() + WEBHOOK_GONE_FOR_MS };
      settle(queue.failAll(reason));
    } else if (batch.items.length > 1) {
      // Each message was valid alone; let Discord judge them one by one, so only the one it objects to fails.
      queue.unfold(batch);
    } else settle(queue.failed(batch, reason));
  };

  const send = async (batch: Batch): Promise<SendResult> => {
    queue.sending(batch);
    return discord.sendToDiscord({
      webhookKey,
      channel: batch.items[0]?.channel ?? 'default',
      message: batch.message,
      ...(batch.threadId !== undefined && { threadId: batch.threadId }),
      ...(batch.editMessageId !== undefined && { editMessageId: batch.editMessageId }),
    });
  };

  for (;;) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > historyLimit) break;
    const batch = queue.next();
    if (!batch) {
      if (await condition(() => queue.length > 0, IDLE_TIMEOUT)) continue;
      await condition(allHandlersFinished);
      await Promise.all([...replies]);
      if (queue.length === 0) return status();
      continue;
    }
    if (webhookGone && Date.now() >= webhookGone.untilMs) webhookGone = null;
    pacing = relaxChannelLimit(pacing, Date.now(), channelLimit);
    const turnAtMs = nextTurnAtMs(pacing, Date.now(), { post: batch.kind === 'post', full: batch.full });
    if (turnAtMs > Date.now()) {
      // A partial message waits for its turn, unless enough arrives meanwhile to fill it.
      if (batch.full) await sleep(turnAtMs - Date.now());
      else await condition(() => queue.next()?.full === true, turnAtMs - Date.now());
      continue;
    }
    try {
      const result = await send(batch);
      pacing = recordAnswer(pacing, Date.now(), {
        post: batch.kind === 'post',
        remaining: result.remaining,
        resetAfterMs: result.resetAfterMs,
        rateLimited: result.rateLimited,
      });
      if (batch.kind === 'edit') stats.edits += 1;
      else stats.messages += 1;
      settle(queue.sent(batch, result.messageId));
    } catch (error) {
      if (isCancellation(error)) throw error;
      fail(batch, error);
    }
  }
  await condition(allHandlersFinished);
  await Promise.all([...replies]);
  return continueAsNew<typeof discordOutbox>({
    webhookKey,
    channelLimit,
    ...(input.historyLimit !== undefined && { historyLimit }),
    ...(input.maxPendingBytes !== undefined && { maxPendingBytes }),
    carried: { queue: queue.snapshot(), pacing, stats, webhookGone, recentFailures },
  });
}
