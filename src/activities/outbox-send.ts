// The outbox's requests to Discord: one turn of the webhook's bucket per activity, sent in order, its progress recorded
// after each answer so that a retried attempt never sends a request twice that Temporal knows was answered.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { DiscordRateLimitError } from '../discord/errors';
import { describeIssues } from '../discord/schemas';
import type { WebhookTarget } from '../discord/webhook-url';
import { CANCELLATION_CHECK_MS, NON_RETRYABLE_FAILURE_TYPES } from '../vocabulary';
import { withinBudget } from './attempt';
import { FailureType } from './failures';
import type { OutboxDeps } from './outbox';
import { recordProgress, resumedProgress, type SendProgress } from './send-progress';
import type { RefusedTurn, SendInput, SendOutcome, SendRequest, SendResult } from './types';

/**
 * The clock a turn waits on: the worker's own, or a test server's (time-skipping tests). The workflow's `notBeforeMs`
 * is compared with it, so workers' clocks are expected to follow the Temporal server's (NTP), as Temporal's own
 * timeouts do.
 */
export interface SendClock {
  nowMs(): number | Promise<number>;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Waits `ms` milliseconds unless `signal` aborts first. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(abortReason(signal));
    }
    signal.addEventListener('abort', aborted, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** The worker's clock. */
export const SYSTEM_CLOCK: SendClock = { nowMs: () => Date.now(), sleep: abortableSleep };

/**
 * Discord's global limit is per IP address for webhooks, so a global 429 holds back every webhook of this process
 * until its `retry_after` has passed; each outbox keeps its own webhook's and channel's limits.
 */
export class GlobalPause {
  private untilMs = 0;

  hold(retryAfterMs: number): void {
    this.untilMs = Math.max(this.untilMs, Date.now() + retryAfterMs);
  }

  /** Waits out the pause, if any; the attempt's deadline or cancellation ends the wait. */
  async wait(signal: AbortSignal): Promise<void> {
    const ms = this.untilMs - Date.now();
    if (ms > 0) await abortableSleep(ms, signal);
  }
}

/** True for a failure retrying cannot fix. */
function isPermanent(failure: ApplicationFailure): boolean {
  return (
    failure.nonRetryable === true ||
    (NON_RETRYABLE_FAILURE_TYPES as readonly string[]).includes(failure.type ?? 'Error')
  );
}

/** The permanent failure of request `index`, carrying the results of the requests answered before it. */
function refused(failure: ApplicationFailure, answered: SendResult[], index: number): ApplicationFailure {
  const turn: RefusedTurn = { answered, index };
  return ApplicationFailure.create({
    type: failure.type ?? undefined,
    message: failure.message,
    nonRetryable: true,
    details: [failure.details?.[0] ?? {}, turn],
  });
}

const RequestSchema = z.object({
  channel: z.string(),
  message: z.unknown(),
  threadId: z.string().optional(),
  editMessageId: z.string().optional(),
});
/** A turn, or one request as outboxes scheduled it before turns (still pending when a worker is upgraded). */
const SendInputSchema = z.union([
  z.object({ webhookKey: z.string(), requests: z.array(RequestSchema).min(1), notBeforeMs: z.number() }),
  RequestSchema.extend({ webhookKey: z.string() }).transform(({ webhookKey, ...request }) => ({
    webhookKey,
    requests: [request],
    notBeforeMs: 0,
  })),
]);

function turnInput(input: unknown): SendInput {
  const parsed = SendInputSchema.safeParse(input);
  if (parsed.success) return parsed.data as SendInput;
  throw ApplicationFailure.create({
    type: FailureType.InvalidInput,
    message: `The outbox's turn is not a list of requests: ${describeIssues(parsed.error).join('; ')}`,
    nonRetryable: true,
  });
}

/** Everything one attempt of a turn works with. */
interface Turn {
  deps: OutboxDeps;
  pause: GlobalPause;
  clock: SendClock;
  target: WebhookTarget;
  startedAtMs: number;
  progress: SendProgress;
}

/** Waits until `atMs` on the turn's clock; `stop` when the turn was cancelled meanwhile. */
async function waitUntil(turn: Turn, atMs: number): Promise<'waited' | 'stop'> {
  for (;;) {
    const ms = atMs - (await turn.clock.nowMs());
    if (ms <= 0) return 'waited';
    await turn.clock.sleep(Math.min(ms, CANCELLATION_CHECK_MS), Context.current().cancellationSignal);
    if (ms > CANCELLATION_CHECK_MS && (await recordProgress(turn.progress)) === 'stop') return 'stop';
  }
}

/** One request of the turn; a 429 is recorded with the progress (so the attempt that succeeds reports it). */
async function request(turn: Turn, index: number, one: SendRequest): Promise<SendResult> {
  const { deps, pause, target, progress } = turn;
  // The client checks the message against Discord's limits before it leaves (InvalidMessage, not retried).
  const { message, threadId, editMessageId } = one;
  const response = await withinBudget(
    target,
    one.channel,
    async (signal) => {
      await pause.wait(signal);
      try {
        return editMessageId === undefined
          ? await deps.client.execute(target, message, { wait: true, threadId, signal })
          : await deps.client.editMessage(target, editMessageId, message, { threadId, signal });
      } catch (error) {
        if (error instanceof DiscordRateLimitError) {
          if (error.global) pause.hold(error.retryAfterMs);
          const rateLimited = { index, scope: error.scope ?? null, retryAfterMs: error.retryAfterMs };
          await recordProgress({ ...progress, rateLimited });
        }
        throw error;
      }
    },
    turn.startedAtMs,
  );
  const posted = response.message;
  if (!posted)
    Context.current().log.warn('Discord accepted the message but returned no message object', {
      channel: one.channel,
    });
  const { remaining, resetAfterMs, limit } = response.rateLimit;
  const rateLimited = progress.rateLimited?.index === index ? progress.rateLimited : undefined;
  return {
    messageId: posted?.id ?? editMessageId ?? '',
    channelId: posted?.channel_id ?? '',
    remaining,
    resetAfterMs,
    limit,
    ...(rateLimited && { rateLimited: { scope: rateLimited.scope, retryAfterMs: rateLimited.retryAfterMs } }),
    answeredAtMs: await turn.clock.nowMs(),
  };
}

/** Waits out an exhausted bucket before the next request (another sender may share the webhook). */
async function bucketRefilled(turn: Turn, last: SendResult | undefined): Promise<'waited' | 'stop'> {
  if (last?.remaining !== 0 || last.resetAfterMs === undefined) return 'waited';
  return waitUntil(turn, last.answeredAtMs + last.resetAfterMs);
}

/**
 * A turn of an outbox: waits until `notBeforeMs`, then sends the requests in order as fast as the webhook's bucket
 * allows. After each answer its result is recorded as the attempt's progress (an awaited heartbeat), so a retry
 * resumes after it: only a request whose answer was lost can be sent twice.
 */
export async function sendTurn(
  deps: OutboxDeps,
  pause: GlobalPause,
  raw: SendInput,
  clock: SendClock,
): Promise<SendOutcome> {
  const input = turnInput(raw);
  const { info } = Context.current();
  const attempt = info.attempt;
  const progress = resumedProgress(info.heartbeatDetails);
  const results = progress.done;
  const target = deps.routes.webhook(input.webhookKey);
  if (!target) {
    const channel = input.requests[results.length]?.channel ?? 'default';
    const failure = ApplicationFailure.create({
      type: FailureType.NotConfigured,
      message: `The webhook ${input.webhookKey.split('-')[0]} this outbox sends to is not configured in this worker any more, or its URL changed (channel "${channel}"); check the DISCORD_WEBHOOK_URL variables`,
      nonRetryable: true,
    });
    throw refused(failure, results, results.length);
  }
  const turn: Turn = { deps, pause, clock, target, startedAtMs: Date.now(), progress };
  if ((await waitUntil(turn, input.notBeforeMs)) === 'stop') return { results, attempt };
  for (let index = results.length; index < input.requests.length; index++) {
    const one = input.requests[index]!;
    try {
      if ((await bucketRefilled(turn, results.at(-1))) === 'stop') break;
      results.push(await request(turn, index, one));
    } catch (error) {
      if (error instanceof ApplicationFailure && isPermanent(error)) throw refused(error, results, index);
      throw error;
    }
    if (index === input.requests.length - 1) break;
    // The last answer needs no record of its own: the activity's result carries it.
    if ((await recordProgress({ done: results })) === 'stop') break;
  }
  return { results, attempt };
}
