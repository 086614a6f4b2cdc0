/**
 * The pure arithmetic of the benchmarks: what Discord's limits and packing allow, delivered/lost/duplicate counting
 * of notifications inside folded messages, percentiles and target checks. No I/O here, so it is unit-tested
 * (test/bench/bench-report.test.ts).
 */

/** Discord's per-webhook limit as the emulator enforces it by default: 5 requests per 2 s. */
export const DISCORD_WEBHOOK_LIMIT = { limit: 5, windowMs: 2_000 } as const satisfies Record<string, number>;

/**
 * Embeds one message may carry: one-embed notifications fold at most this many per message.
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
export const EMBEDS_PER_MESSAGE = 10;

/**
 * The shortest possible span from the first to the last of `count` requests under a fixed-window limit: full
 * windows back to back, so (⌈count / limit⌉ − 1) × window. 200 messages at 5 per 2 s → 78 000 ms.
 */
export function minimumSpanMs(
  count: number,
  limit: number = DISCORD_WEBHOOK_LIMIT.limit,
  windowMs: number = DISCORD_WEBHOOK_LIMIT.windowMs,
): number {
  if (count <= 0) return 0;
  return (Math.ceil(count / limit) - 1) * windowMs;
}

/**
 * Messages that `n` one-embed notifications need when folded `perMessage` to a message: ⌈n / 10⌉ at best; with
 * `firstAlone`, 1 + ⌈(n − 1) / 10⌉, because the first notification of an idle channel goes out at once, alone (the
 * outbox cannot know that a burst follows).
 */
export function packedMessages(n: number, firstAlone: boolean, perMessage: number = EMBEDS_PER_MESSAGE): number {
  if (n <= 0) return 0;
  return firstAlone ? 1 + Math.ceil((n - 1) / perMessage) : Math.ceil(n / perMessage);
}

/** The least time a folded burst can take, and why. */
export interface BurstMinimum {
  /** c = min(10, hand-offs recorded before the first request, at least 1): what the first message could carry. */
  firstMessageCould: number;
  /** M = 1 + ⌈(N − c) / 10⌉; with an idle channel (c = 1) that is 1 + ⌈(N − 1) / 10⌉. */
  messages: number;
  /** (⌈M / 5⌉ − 1) × 2 s: those messages at Discord's 5 per 2 s. */
  packingMs: number;
  /** The last hand-off − the first request: nothing can be delivered before it was handed over. */
  handOffMs: number;
  /** max(handOffMs, packingMs): the minimum span the targets compare with. */
  minimumMs: number;
  /** ⌈N / 10⌉: the absolute packing bound, as if all N were waiting when the first message went out. */
  absoluteMessages: number;
  /** max(handOffMs, (⌈⌈N / 10⌉ / 5⌉ − 1) × 2 s). */
  absoluteMinimumMs: number;
}

/**
 * The minimum span (first request → last delivery) of a burst of `n` one-embed notifications to one webhook:
 * max(last hand-off − first request, (⌈M / 5⌉ − 1) × 2 s) with M = 1 + ⌈(N − c) / 10⌉, where c = min(10, the
 * hand-offs recorded before the first request): the first message can carry only what was handed over before it went
 * out, the rest pack 10 per message. When the first notification finds the channel idle (c = 1), M = 1 + ⌈(N − 1) /
 * 10⌉; the outbox cannot know that a burst follows. Also the same with the absolute packing bound M = ⌈N / 10⌉.
 */
export function burstMinimum(
  n: number,
  lastHandOffAfterFirstRequestMs: number,
  handedOffBeforeFirstRequest = 1,
  limit: number = DISCORD_WEBHOOK_LIMIT.limit,
  windowMs: number = DISCORD_WEBHOOK_LIMIT.windowMs,
): BurstMinimum {
  const handOffMs = Math.max(0, lastHandOffAfterFirstRequestMs);
  const firstMessageCould = Math.min(EMBEDS_PER_MESSAGE, n, Math.max(1, handedOffBeforeFirstRequest));
  const messages = n <= 0 ? 0 : 1 + Math.ceil((n - firstMessageCould) / EMBEDS_PER_MESSAGE);
  const absoluteMessages = packedMessages(n, false);
  const packingMs = minimumSpanMs(messages, limit, windowMs);
  return {
    firstMessageCould,
    messages,
    packingMs,
    handOffMs,
    minimumMs: Math.max(handOffMs, packingMs),
    absoluteMessages,
    absoluteMinimumMs: Math.max(handOffMs, minimumSpanMs(absoluteMessages, limit, windowMs)),
  };
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
  /** The sequence numbers of the notifications it carries (several when folded). */
  seqs: readonly number[];
  /** Arrival at the emulator, epoch ms. */
  at: number;
  /** HTTP status; null when no answer was sent. */
  status: number | null;
}

/** What arrived of a set of notifications. */
export interface DeliveryCount {
  expected: number;
  /** Distinct expected sequence numbers in a successful (2xx) request. */
  delivered: number;
  /** Expected sequence numbers never delivered. */
  lost: number;
  /** Deliveries beyond the first of the same sequence number. */
  duplicates: number;
  /** Requests answered 429. */
  rateLimited: number;
  /** Every request, whatever its answer. */
  requests: number;
  /** Successful requests: the messages Discord holds. */
  messages: number;
  /** First and last successful request carrying a notification (epoch ms); undefined when none arrived. */
  firstAt: number | undefined;
  lastAt: number | undefined;
}

const ok = (status: number | null) => status !== null && status >= 200 && status < 300;

/** Counts deliveries of the sequence numbers 1..expected from the recorded requests. */
export function countDeliveries(requests: readonly SentRequest[], expected: number): DeliveryCount {
  const seen = new Map<number, number>();
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  let rateLimited = 0;
  let messages = 0;
  for (const request of requests) {
    if (request.status === 429) rateLimited += 1;
    if (!ok(request.status)) continue;
    messages += 1;
    const mine = request.seqs.filter((seq) => seq >= 1 && seq <= expected);
    if (mine.length === 0) continue;
    for (const seq of mine) seen.set(seq, (seen.get(seq) ?? 0) + 1);
    firstAt = firstAt === undefined ? request.at : Math.min(firstAt, request.at);
    lastAt = lastAt === undefined ? request.at : Math.max(lastAt, request.at);
  }
  let delivered = 0;
  let duplicates = 0;
  for (const times of seen.values()) {
    delivered += 1;
    duplicates += times - 1;
  }
  return {
    expected,
    delivered,
    lost: expected - delivered,
    duplicates,
    rateLimited,
    requests: requests.length,
    messages,
    firstAt,
    lastAt,
  };
}

/** When each sequence number first arrived in a successful request. */
export function firstArrivals(requests: readonly SentRequest[]): Map<number, number> {
  const arrivals = new Map<number, number>();
  for (const request of requests) {
    if (!ok(request.status)) continue;
    for (const seq of request.seqs) {
      const known = arrivals.get(seq);
      if (known === undefined || request.at < known) arrivals.set(seq, request.at);
    }
  }
  return arrivals;
}

/** Sequence numbers are written as `#<n>` in a notification's text. */
export const sequenceTag = (seq: number) => `#${seq}`;

/** Every sequence number in a text written with {@link sequenceTag}, in order. */
export function parseSequences(text: unknown): number[] {
  if (typeof text !== 'string') return [];
  return [...text.matchAll(/#(\d+)\b/g)].map((match) => Number(match[1]));
}

type MessageLike = { content?: unknown; embeds?: unknown } | null | undefined;

/**
 * The sequence numbers a webhook message carries: in its content (folded contents are joined line by line) and in
 * each embed's title and description (folded embeds keep theirs), in order.
 */
export function sequencesIn(message: unknown): number[] {
  if (typeof message !== 'object' || message === null) return [];
  const { content, embeds } = message as MessageLike & object;
  const found = parseSequences(content);
  if (Array.isArray(embeds)) {
    for (const embed of embeds as { title?: unknown; description?: unknown }[]) {
      found.push(...parseSequences(embed?.title), ...parseSequences(embed?.description));
    }
  }
  return found;
}

/**
 * The smallest time between a request and the `limit`-th one after it, over requests in arrival order: below the
 * window, a fixed-window limit may refuse the later one (the margin the pacing leaves).
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

/**
 * How late each fixed window was put to use: replays the requests through Discord's windows (a window opens at the
 * first request after the previous one expired and holds `limit` requests) and, for every window that follows a full
 * one, returns the time from the moment it could have opened to its first request. A sender that waits out the
 * limit exactly scores 0; the sum is what its span loses to the limit's resets.
 */
export function windowReopenDelaysMs(
  times: readonly number[],
  limit: number = DISCORD_WEBHOOK_LIMIT.limit,
  windowMs: number = DISCORD_WEBHOOK_LIMIT.windowMs,
): number[] {
  const delays: number[] = [];
  let endsAt: number | undefined;
  let used = 0;
  for (const at of [...times].sort((a, b) => a - b)) {
    if (endsAt === undefined || at >= endsAt) {
      if (endsAt !== undefined && used >= limit) delays.push(at - endsAt);
      endsAt = at + windowMs;
      used = 0;
    }
    used += 1;
  }
  return delays;
}

/** A target and how a run measured against it. */
export interface TargetCheck {
  scenario: string;
  target: string;
  measured: string;
  pass: boolean;
  /** Why a target is missed, when the benchmark knows. */
  note?: string;
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
