/**
 * The pure arithmetic of the benchmarks: what Discord's limit forces, delivered/lost/duplicate counting, percentiles
 * and target checks. No I/O here, so it is unit-tested (test/bench/bench-report.test.ts).
 */

/** Discord's per-webhook limit as the emulator enforces it by default: 5 requests per 2 s. */
export const DISCORD_WEBHOOK_LIMIT = { limit: 5, windowMs: 2_000 } as const satisfies Record<string, number>;

/**
 * The shortest possible span from the first to the last of `count` deliveries under a fixed-window limit: full
 * windows back to back, so (ceil(count / limit) − 1) × window. 200 messages at 5 per 2 s → 78 000 ms.
 */
export function minimumSpanMs(
  count: number,
  limit: number = DISCORD_WEBHOOK_LIMIT.limit,
  windowMs: number = DISCORD_WEBHOOK_LIMIT.windowMs,
): number {
  if (count <= 0) return 0;
  return (Math.ceil(count / limit) - 1) * windowMs;
}

/** Nearest-rank percentile (p in 0..100) of the values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** One request as the emulator recorded it, reduced to what the counting needs. */
export interface SentRequest {
  /** The notification's sequence number, parsed from what was sent; undefined when it carries none. */
  seq: number | undefined;
  /** Arrival at the emulator, epoch ms. */
  at: number;
  /** HTTP status; null when no answer was sent. */
  status: number | null;
}

/** What arrived of a set of notifications. */
export interface DeliveryCount {
  expected: number;
  /** Distinct expected sequence numbers with a successful (2xx) request. */
  delivered: number;
  /** Expected sequence numbers never delivered. */
  lost: number;
  /** Successful requests beyond the first for the same sequence number. */
  duplicates: number;
  /** Requests answered 429. */
  rateLimited: number;
  /** Every request, whatever its answer. */
  requests: number;
  /** First and last successful delivery (epoch ms); undefined when none arrived. */
  firstAt: number | undefined;
  lastAt: number | undefined;
  /** lastAt − firstAt; 0 when fewer than two arrived. */
  spanMs: number;
}

const ok = (status: number | null) => status !== null && status >= 200 && status < 300;

/** Counts deliveries of the sequence numbers 1..expected from the recorded requests. */
export function countDeliveries(requests: readonly SentRequest[], expected: number): DeliveryCount {
  const seen = new Map<number, number>();
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  let rateLimited = 0;
  for (const request of requests) {
    if (request.status === 429) rateLimited += 1;
    if (!ok(request.status) || request.seq === undefined) continue;
    seen.set(request.seq, (seen.get(request.seq) ?? 0) + 1);
    firstAt = firstAt === undefined ? request.at : Math.min(firstAt, request.at);
    lastAt = lastAt === undefined ? request.at : Math.max(lastAt, request.at);
  }
  let delivered = 0;
  let duplicates = 0;
  for (let seq = 1; seq <= expected; seq++) {
    const times = seen.get(seq) ?? 0;
    if (times > 0) delivered += 1;
    duplicates += Math.max(0, times - 1);
  }
  const spanMs = firstAt !== undefined && lastAt !== undefined ? lastAt - firstAt : 0;
  return {
    expected,
    delivered,
    lost: expected - delivered,
    duplicates,
    rateLimited,
    requests: requests.length,
    firstAt,
    lastAt,
    spanMs,
  };
}

/** Sequence numbers are written as `#<n>` in a notification's text. */
export const sequenceTag = (seq: number) => `#${seq}`;

/** The sequence number in a text written with {@link sequenceTag}, if any. */
export function parseSequence(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /#(\d+)\b/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * The smallest time between a request and the `limit`-th one after it, over successful requests in arrival order:
 * below the window, a fixed-window limit may refuse the later one (the margin the pacing leaves).
 */
export function minWindowGapMs(
  times: readonly number[],
  limit: number = DISCORD_WEBHOOK_LIMIT.limit,
): number | undefined {
  const sorted = [...times].sort((a, b) => a - b);
  let min: number | undefined;
  for (let i = 0; i + limit < sorted.length; i++) {
    const gap = sorted[i + limit]! - sorted[i]!;
    min = min === undefined ? gap : Math.min(min, gap);
  }
  return min;
}

/** How many requests arrived within `windowMs` of the first one. */
export function countWithin(times: readonly number[], windowMs: number): number {
  if (times.length === 0) return 0;
  const first = Math.min(...times);
  return times.filter((time) => time - first < windowMs).length;
}

/** A target and how a run measured against it. */
export interface TargetCheck {
  scenario: string;
  target: string;
  measured: string;
  pass: boolean;
}

/** `value ≤ limit` (or ≥ with `atLeast`), false for an unmeasured value. */
export function within(value: number | undefined, limit: number, atLeast = false): boolean {
  if (value === undefined || Number.isNaN(value)) return false;
  return atLeast ? value >= limit : value <= limit;
}

/** The worst value over runs: the largest, or the smallest with `lowest`. */
export function worst(values: readonly (number | undefined)[], lowest = false): number | undefined {
  const defined = values.filter((value): value is number => value !== undefined && !Number.isNaN(value));
  if (defined.length === 0) return undefined;
  return lowest ? Math.min(...defined) : Math.max(...defined);
}
