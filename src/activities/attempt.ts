import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { redactSecrets, type WebhookTarget } from '../discord/webhook-url';
import { ATTEMPT_SAFETY_MARGIN_MS } from '../vocabulary';
import { toApplicationFailure } from './failures';

/** How long this attempt may still take: until start-to-close or schedule-to-close, whichever comes first. */
export function attemptBudgetMs(
  info: { startToCloseTimeoutMs: number; scheduleToCloseTimeoutMs: number; scheduledTimestampMs: number },
  startedAtMs: number,
  nowMs: number,
): number {
  const deadlines = [startedAtMs + info.startToCloseTimeoutMs];
  if (info.scheduleToCloseTimeoutMs > 0) deadlines.push(info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs);
  return Math.min(...deadlines) - ATTEMPT_SAFETY_MARGIN_MS - nowMs;
}

/**
 * The failure without this webhook's token. Error messages are redacted by URL pattern, but an answer may echo the
 * token in other shapes (a JSON body with `\/`-escaped slashes, a bare token in an error text): the activity knows the
 * token, so it removes every copy before the failure reaches history, the Web UI or a log.
 */
function withoutToken(failure: ApplicationFailure, token: string): ApplicationFailure {
  const details = failure.details ?? [];
  if (!failure.message.includes(token) && !JSON.stringify(details).includes(token)) return failure;
  // Token characters (A-Z a-z 0-9 . _ -) never need JSON escaping, so replacing them in JSON text is safe.
  const clean = (text: string) => redactSecrets(text, [token]);
  return ApplicationFailure.create({
    type: failure.type ?? undefined,
    message: clean(failure.message),
    nonRetryable: failure.nonRetryable ?? undefined,
    details: JSON.parse(clean(JSON.stringify(details))) as unknown[],
    nextRetryDelay: failure.nextRetryDelay ?? undefined,
    category: failure.category ?? undefined,
  });
}

/**
 * Runs one HTTP attempt to a webhook within the attempt's time budget, and maps a failure for Temporal's retry
 * policy, scrubbed of the webhook's token. An activity that makes several requests passes when its attempt started.
 */
export async function withinBudget<T>(
  target: WebhookTarget,
  channel: string,
  send: (signal: AbortSignal) => Promise<T>,
  attemptStartedAtMs?: number,
): Promise<T> {
  const { cancellationSignal, info } = Context.current();
  const nowMs = Date.now();
  const budgetMs = attemptBudgetMs(info, attemptStartedAtMs ?? nowMs, nowMs);
  // A controller and a timer we hold, not `AbortSignal.timeout()`: on Node 20 a timeout signal reachable only through
  // `AbortSignal.any()` is garbage-collected and never fires (nodejs/node#57736), which would drop the deadline.
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new DOMException("the attempt's time budget ran out (retried before Temporal's timeout)", 'TimeoutError'),
      ),
    Math.max(1, budgetMs),
  );
  try {
    return await send(AbortSignal.any([cancellationSignal, deadline.signal]));
  } catch (error) {
    throw withoutToken(toApplicationFailure(error, channel), target.token);
  } finally {
    clearTimeout(timer);
  }
}
