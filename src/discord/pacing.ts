/**
 * When a channel's outbox may make its next request, from what Discord told it: the webhook's bucket
 * (`X-RateLimit-Remaining` / `Reset-After`), 429s and their `retry_after`, and Discord's hidden per-channel limit
 * (about 30 new messages per minute, shared by every webhook of a channel, seen only as `shared`-scope 429s).
 *
 * Pure functions over plain, serialisable state, so the outbox workflow keeps it in its history and carries it over
 * when it continues as new. Times are the workflow's clock in epoch ms.
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
import { CHANNEL_RESERVE_SHARE } from '../vocabulary';

/** At most `limit` requests per `windowMs`. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** What the outbox knows about its webhook and channel. */
export interface PacingState {
  /**
   * The webhook's bucket as the last answer told it (`limit` when Discord sent `X-RateLimit-Limit`); null before the
   * first answer, and while answers carry no rate-limit headers.
   */
  bucket: { remaining: number; resetAtMs: number; limit?: number } | null;
  /** When the recent new messages went out, oldest first, within the channel limit's window. */
  posts: number[];
  /** The channel limit in force: the configured one, lowered after `shared` 429s; null when switched off. */
  channel: WindowLimit | null;
  /** When the channel limit was last lowered or raised back by one step. */
  adjustedAtMs: number | null;
  /** When the last request went out. */
  lastRequestAtMs: number | null;
}

/** The next request: a new message (counts toward the channel limit) or an edit, and whether it is a full one. */
export interface RequestKind {
  post: boolean;
  /** A full message goes at the first moment the limits allow; a partial one waits for its turn to fold more. */
  full: boolean;
}

/** What one answered request taught (the activity reports the 429s its earlier attempts met). */
export interface Answer {
  post: boolean;
  /** `X-RateLimit-Remaining` of the successful answer. */
  remaining?: number | undefined;
  /** `X-RateLimit-Reset-After` in ms. */
  resetAfterMs?: number | undefined;
  /** `X-RateLimit-Limit`: requests the bucket allows per window. */
  limit?: number | undefined;
  /** A 429 met on the way: its scope and `retry_after`. */
  rateLimited?: { scope: 'user' | 'global' | 'shared' | null; retryAfterMs: number } | undefined;
}

export function initialPacing(channel: WindowLimit | null): PacingState {
  return {
    bucket: null,
    posts: [],
    channel: channel && { ...channel },
    adjustedAtMs: null,
    lastRequestAtMs: null,
  };
}

/** The posts still inside the channel window at `nowMs`. */
function recentPosts(state: PacingState, nowMs: number): number[] {
  const windowMs = state.channel?.windowMs ?? 0;
  return state.posts.filter((at) => at > nowMs - windowMs);
}

/**
 * A lowered channel limit rises back by one for every quiet window (no `shared` 429) since it was last adjusted,
 * up to the configured limit; a new configured limit replaces the old one.
 */
export function relaxChannelLimit(state: PacingState, nowMs: number, configured: WindowLimit | null): PacingState {
  if (!configured) return { ...state, channel: null, adjustedAtMs: null };
  const current = state.channel;
  if (!current || current.windowMs !== configured.windowMs || current.limit > configured.limit) {
    return { ...state, channel: { ...configured }, adjustedAtMs: null };
  }
  if (current.limit === configured.limit || state.adjustedAtMs === null) return state;
  const steps = Math.floor((nowMs - state.adjustedAtMs) / configured.windowMs);
  if (steps <= 0) return state;
  const limit = Math.min(configured.limit, current.limit + steps);
  return {
    ...state,
    channel: { limit, windowMs: configured.windowMs },
    adjustedAtMs: limit === configured.limit ? null : state.adjustedAtMs + steps * configured.windowMs,
  };
}

/**
 * The earliest time the next request may go. Hard limits: an exhausted bucket (until it resets) and, for new messages, a full channel window (until its oldest post leaves it). A full message goes at
 * the first moment they allow. A partial one also waits for its turn: the bucket's remaining requests and, when
 * little of it is left, the channel's remaining allowance are spread over what is left of their windows, so that
 * what arrives meanwhile folds into it instead of costing a request of its own. An idle channel's turn has come.
 */
export function nextTurnAtMs(state: PacingState, nowMs: number, request: RequestKind): number {
  const times = [nowMs];
  const last = state.lastRequestAtMs;
  const bucket = state.bucket && nowMs < state.bucket.resetAtMs ? state.bucket : null;
  if (bucket && bucket.remaining <= 0) times.push(bucket.resetAtMs);
  else if (bucket && last !== null && !request.full) {
    times.push(last + (bucket.resetAtMs - last) / (bucket.remaining + 1));
  }
  const channel = state.channel;
  if (request.post && channel) {
    const posts = recentPosts(state, nowMs);
    const left = channel.limit - posts.length;
    const oldest = posts[0];
    if (oldest !== undefined && left <= 0) times.push(posts[posts.length - channel.limit]! + channel.windowMs);
    else if (oldest !== undefined && last !== null && !request.full && left <= channel.limit * CHANNEL_RESERVE_SHARE) {
      times.push(last + (oldest + channel.windowMs - last) / (left + 1));
    }
  }
  return Math.max(...times);
}

/**
 * Learns from an answered request: the bucket from its headers and the post in the channel window; a `shared`-scope
 * 429 met on the way (its `retry_after` already waited out by the retry) lowers the channel limit to the number of our posts the window held when Discord refused.
 */
export function recordAnswer(state: PacingState, nowMs: number, answer: Answer): PacingState {
  const posts = recentPosts(state, nowMs);
  if (answer.post) posts.push(nowMs);
  const limit = answer.limit ?? state.bucket?.limit;
  const bucket =
    answer.remaining !== undefined && answer.resetAfterMs !== undefined
      ? {
          remaining: answer.remaining,
          resetAtMs: nowMs + answer.resetAfterMs,
          ...(limit !== undefined && { limit }),
        }
      : state.bucket;
  let { channel, adjustedAtMs } = state;
  if (answer.rateLimited?.scope === 'shared' && channel) {
    // The window held `posts.length - 1` of ours when Discord refused (the post that went through later counts too).
    channel = { ...channel, limit: Math.max(1, Math.min(channel.limit, posts.length - 1)) };
    adjustedAtMs = nowMs;
  }
  return { ...state, bucket, posts: channel ? posts : [], channel, adjustedAtMs, lastRequestAtMs: nowMs };
}

/**
 * Requests per turn when nothing says more: before the first answer one, to learn the bucket from its headers; when
 * answers carry no rate-limit headers, Discord's documented webhook bucket (5 per 2 s).
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
export const UNKNOWN_BUCKET_REQUESTS = 5;

/**
 * What a turn that starts at `atMs` may send without waiting: the requests the webhook's bucket has left then (all of
 * it once it has reset), and the new messages the channel limit allows. The turn's first request is the one
 * {@link nextTurnAtMs} allowed; these bound the ones that follow it.
 */
export function turnAllowance(state: PacingState, atMs: number): { requests: number; posts: number } {
  const bucket = state.bucket;
  let requests: number;
  if (bucket && atMs < bucket.resetAtMs) requests = bucket.remaining;
  else if (bucket) requests = bucket.limit ?? UNKNOWN_BUCKET_REQUESTS;
  else requests = state.lastRequestAtMs === null ? 1 : UNKNOWN_BUCKET_REQUESTS;
  const channel = state.channel;
  const posts = channel ? channel.limit - recentPosts(state, atMs).length : Number.POSITIVE_INFINITY;
  return { requests, posts: Math.max(0, posts) };
}
