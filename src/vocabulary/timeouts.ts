// Every timeout, retry profile and operating limit of the package, each with the reason for its value. Pure data
// (type-only imports): workflow code, activities, the CLI and the worker all read it from here. Discord's own message
// limits (2000 characters of content, 25 fields...) are Discord's facts and live in src/discord/limits.ts.
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';
import { NON_RETRYABLE_FAILURE_TYPES } from './failure-types';

const MINUTE_MS = 60_000;

/** A variable's default and the range it must stay in, in milliseconds. */
export interface BoundedMs {
  readonly defaultMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

// ─── Retry profiles (activity options) ────────────────────────────────────────────────────────────────────────────

/** Local activities that read the worker's settings or validate input: local and quick, so a few tries suffice. */
export const LOCAL_PROFILE = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
} as const satisfies LocalActivityOptions;

/**
 * A hand-off is one signal-with-start to the Temporal server, run as a local activity so that `notify` returns within
 * a round trip. Retried (a retried hand-off is dropped by the outbox, same item id) for about a minute, which rides
 * out a server restart, before `notify` gives up.
 */
export const HAND_OFF_PROFILE = {
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
} as const satisfies LocalActivityOptions;

/**
 * One day's report data. Sources may be remote: 30 s holds one request of at most
 * {@link REPORT_SOURCE_TIMEOUT_MS}.maxMs (25 s) plus {@link ATTEMPT_SAFETY_MARGIN_MS}. A missing or malformed source
 * is permanent (`InvalidReportSource`), an unreachable one is tried five times.
 */
export const REPORT_SOURCE_PROFILE = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES },
} as const satisfies ActivityOptions;

/**
 * The weekly report's 14 days: a URL source that answers one date at a time takes three rounds of requests, each up
 * to {@link REPORT_SOURCE_TIMEOUT_MS}.maxMs (25 s), so the attempt gets two minutes.
 */
export const WEEK_SOURCE_PROFILE = {
  ...REPORT_SOURCE_PROFILE,
  startToCloseTimeout: '2 minutes',
} as const satisfies ActivityOptions;

/** Failure types of the health activities that retrying cannot fix: the package's, and a malformed watch query. */
export const HEALTH_NON_RETRYABLE_ERROR_TYPES: string[] = [...NON_RETRYABLE_FAILURE_TYPES, 'InvalidWatchQuery'];

/**
 * Calls to the Temporal server (visibility, history, task queues, the ledger's updates): quick, retried with backoff
 * while the server is unreachable. A whole scan (a list plus one history read per named failure) gets two minutes.
 */
export const HEALTH_PROFILE = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: HEALTH_NON_RETRYABLE_ERROR_TYPES,
  },
} as const satisfies ActivityOptions;

// ─── Requests ─────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Time kept free before Temporal's own timeouts: an HTTP attempt is aborted this much earlier, so an abandoned attempt
 * can never complete after Temporal has scheduled the retry (which would post twice).
 */
export const ATTEMPT_SAFETY_MARGIN_MS = 2_000;

/**
 * One request to Discord, connect to last body byte (`DISCORD_TIMEOUT_MS`). 15 s is far above Discord's usual answer
 * (well under a second) and short enough that a hung connection is retried while the notification is still fresh;
 * the attempt's own deadline (start-to-close minus {@link ATTEMPT_SAFETY_MARGIN_MS}) cuts a longer setting short.
 */
export const DISCORD_REQUEST_TIMEOUT_MS = {
  defaultMs: 15_000,
  minMs: 1_000,
  maxMs: 120_000,
} as const satisfies BoundedMs;

/**
 * One request to an http(s) report source (`REPORT_SOURCE_TIMEOUT_MS`). At most 25 s, so one request and the safety
 * margin fit {@link REPORT_SOURCE_PROFILE}'s 30 s attempt.
 */
export const REPORT_SOURCE_TIMEOUT_MS = {
  defaultMs: 10_000,
  minMs: 1_000,
  maxMs: 25_000,
} as const satisfies BoundedMs;

/** A report source's answer larger than this is not report data (a log file, an HTML dump): refused, not parsed. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

/**
 * Delay for a 429 that says nothing usable about when to retry (e.g. a Cloudflare HTML page with no headers): long
 * enough for any per-route bucket to refill (Discord's reset windows are a few seconds).
 */
export const DEFAULT_RETRY_AFTER_MS = 5_000;

/**
 * Delay when the 429 is a temporary ban (Cloudflare `error code: 1015`, or code 0 "You are being blocked"). Bans last
 * minutes, and every early retry is another invalid request counted toward a longer one.
 * @see https://discord.com/developers/docs/topics/rate-limits#invalid-request-limit-aka-cloudflare-bans
 */
export const BAN_RETRY_AFTER_MS = 60_000;

/**
 * Discord's hidden per-channel limit: about 30 new messages per minute, shared by every webhook of a channel and
 * visible only as `shared`-scope 429s. The outboxes keep it unless `DISCORD_CHANNEL_LIMIT` says otherwise.
 * @see https://github.com/discord/discord-api-docs/issues/367 (Discord staff on the 30-per-60-s channel limit)
 */
export const DEFAULT_CHANNEL_LIMIT = { limit: 30, windowMs: MINUTE_MS } as const;

// ─── Schedules and the system-health check ────────────────────────────────────────────────────────────────────────

/**
 * How late a missed scheduled run may still start, e.g. after the server or worker was down at 09:00. One hour: a
 * report that arrives within the hour is still this morning's report; one that arrives hours later is noise, and
 * `schedules trigger` sends it on demand. (The SDK's documented default contradicts itself: one minute or one year.)
 * @see https://docs.temporal.io/schedule#catchup-window
 */
export const CATCHUP_WINDOW_MS = 60 * MINUTE_MS;

/**
 * How often the `system-health` schedule runs the check (`HEALTH_CHECK_INTERVAL`, default 5 minutes): at least 10 s,
 * since each check lists the namespace's closed executions; at most a day, so a failure is never reported later.
 */
export const HEALTH_CHECK_INTERVAL_MS = {
  defaultMs: 5 * MINUTE_MS,
  minMs: 10_000,
  maxMs: 24 * 60 * MINUTE_MS,
} as const satisfies BoundedMs;

/**
 * How long a watched task queue may go without a poll before it is reported offline (`HEALTH_WORKER_GRACE`). An idle
 * worker starts a poll about once a minute (the server's long-poll interval): a grace period under 70 s would report
 * live workers as offline between two polls.
 */
export const HEALTH_WORKER_GRACE_MS = {
  defaultMs: 2 * MINUTE_MS,
  minMs: 70_000,
  maxMs: 24 * 60 * MINUTE_MS,
} as const satisfies BoundedMs;

/**
 * How long a check may go without recording before another check may take its lease over. A check records after
 * every notification, so only a check stuck far longer than any delivery (or whose workflow task keeps failing)
 * loses it; a check that closed loses it at once (the claim activity sees it closed).
 */
export const LEASE_MS = 30 * MINUTE_MS;

/**
 * How far each listing reaches back before the previous check's: executions show in visibility a little after
 * they close, so one that closed just before a check but was listed only after it is still found by the next.
 * Remembered run ids keep the overlap from reporting anything twice.
 */
export const VISIBILITY_OVERLAP_MS = 5 * MINUTE_MS;

/**
 * At most this many failures are named per check (20 messages); more are counted in one last embed linking to the
 * list in the Web UI, so an outage that fails thousands of runs does not flood the channel for an hour.
 */
export const MAX_NAMED_FAILURES = 200;

/**
 * History events after which the health ledger continues as new, once no check holds it: far below Temporal's
 * 50,000-event limit, and a ledger's events are small (one update per check and notification).
 */
export const HEALTH_LEDGER_HISTORY_LIMIT = 2_000;

// ─── The outbox: one sender per webhook ─────────────────────────────────────────────────────────────────────────

/**
 * One turn of requests to Discord per activity (at most {@link MAX_TURN_REQUESTS}, a few seconds), retried until it
 * gets through: 429s after exactly `retry_after` (the activity sets `nextRetryDelay`), 5xx, timeouts and resets with
 * backoff up to 10 s, so a message goes out within seconds of Discord coming back, however long it was down. A retry
 * resumes after the requests already answered. Only a permanent refusal ends a turn early. No overall time limit: an
 * outage delays notifications, it never drops them.
 */
export const SEND_PROFILE = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
} as const satisfies ActivityOptions;

/**
 * How long before a turn's time (the bucket's reset) its activity is scheduled, waiting for that time in the worker:
 * the timer, the workflow task and the activity's dispatch (together 50-150 ms, more on a loaded 2-core machine) then
 * happen before the reset instead of after it. Longer would only keep the turn's requests from being replaced by newer
 * states, or folded with what arrives, for longer.
 */
export const TURN_LEAD_MS = 300;

/**
 * Most requests in one turn, whatever the bucket allows (Discord's webhook bucket allows 5): a turn's requests cannot
 * be replaced by newer states while it runs, and its activity must end well within {@link SEND_PROFILE}'s minute.
 */
export const MAX_TURN_REQUESTS = 10;

/** An outbox with nothing to send for this long completes; the next hand-off starts a new one. */
export const OUTBOX_IDLE_TIMEOUT = '10 minutes';

/** History events after which the outbox continues as new (Temporal suggests it earlier on large histories). */
export const OUTBOX_HISTORY_LIMIT = 5_000;

/**
 * What may wait in one outbox, in UTF-8 bytes of the hand-offs: a backlog must fit the continue-as-new input
 * (Temporal refuses payloads over 2 MB). About 1,500 alerts, hours of an outage at a marketing team's pace; beyond it
 * a hand-off is refused (`OutboxFull`), visibly, instead of being lost.
 */
export const MAX_PENDING_BYTES = 1_000_000;

/** Hand-off ids remembered to drop retried duplicates; a retry comes within seconds, so a few thousand is plenty. */
export const SEEN_LIMIT = 2_000;

/**
 * After Discord says the webhook is gone, hand-offs fail at once with its reason for this long, instead of sending
 * requests Discord counts toward a temporary ban.
 * @see https://discord.com/developers/docs/topics/rate-limits#invalid-request-limit-aka-cloudflare-bans
 */
export const WEBHOOK_GONE_FOR_MS = 5 * 60_000;

/** Failures kept for the `outboxStatus` query. */
export const OUTBOX_RECENT_FAILURES = 10;

/**
 * A wait longer than this asks the server, once per this interval, whether the turn was cancelled (the reply to an
 * awaited heartbeat; the worker learns of a cancellation only through heartbeats).
 */
export const CANCELLATION_CHECK_MS = 1_000;

/**
 * Below this share of the channel limit left, partial messages are spread over the rest of the window instead of
 * spending the remaining allowance at once.
 */
export const CHANNEL_RESERVE_SHARE = 0.25;
