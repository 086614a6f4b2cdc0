/**
 * Reads Discord's rate-limit headers and 429 bodies into one {@link RateLimitInfo}, tolerating garbage: a 429 from
 * Cloudflare (HTML, no headers) still yields a usable delay.
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
import { BAN_RETRY_AFTER_MS, DEFAULT_RETRY_AFTER_MS } from '../vocabulary';

/** What one response says about the rate limit. Times are relative milliseconds unless named `...AtMs`. */
export interface RateLimitInfo {
  /** `X-RateLimit-Limit`: requests the bucket allows per window. */
  limit?: number;
  /** `X-RateLimit-Remaining`: requests left in the current window. */
  remaining?: number;
  /** `X-RateLimit-Reset-After` in ms: when the window resets, relative, so the local clock does not matter. */
  resetAfterMs?: number;
  /** `X-RateLimit-Reset` in epoch ms (Discord's clock). Prefer {@link resetAfterMs}. */
  resetAtMs?: number;
  /** `X-RateLimit-Bucket`: opaque; the same hash is shared by different webhooks, so key state by webhook too. */
  bucket?: string;
  /** True when the global (per IP for webhooks) limit was hit, or Cloudflare blocked us: pause every webhook. */
  global: boolean;
  /** `X-RateLimit-Scope` on a 429: `shared` limits are per resource and do not count toward the invalid-request ban. */
  scope?: 'user' | 'global' | 'shared';
  /** How long to wait before retrying, on a 429 (always set then) or when a `Retry-After` header came. */
  retryAfterMs?: number;
}

/** Response headers as undici gives them (lower-case keys) or as a fetch `Headers`. */
export type HeaderSource =
  Readonly<Record<string, string | string[] | undefined>> | { get(name: string): string | null };

/** Options of {@link parseRateLimitHeaders}. */
export interface ParseRateLimitOptions {
  /** The URL's API version; `undefined` (unversioned), 6 and 7 send `retry_after` in milliseconds, v8+ in seconds. */
  apiVersion: number | undefined;
  /** The response body, raw text or parsed JSON; read for a 429's `retry_after` and `global`. */
  body?: unknown;
  /** The local clock, for an HTTP-date `Retry-After`. */
  nowMs: number;
  /** The HTTP status; a 429 always gets a {@link RateLimitInfo.retryAfterMs}. */
  status?: number;
}

/** v8 switched `retry_after` from milliseconds to seconds. @see https://discord.com/developers/docs/change-log */
const FIRST_VERSION_IN_SECONDS = 8;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function')
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/** A finite, non-negative number, else undefined: headers and bodies may hold anything. */
function nonNegative(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function looksBanned(body: unknown, json: Record<string, unknown> | undefined): boolean {
  if (typeof body === 'string' && /error code:?\s*1015/i.test(body)) return true;
  return json?.code === 0 && typeof json.message === 'string' && /blocked/i.test(json.message);
}

/**
 * `Retry-After` as milliseconds: delta-seconds (decimals tolerated) or an HTTP-date.
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds = nonNegative(value);
  if (seconds !== undefined) return Math.ceil(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Reads `X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket/-Global/-Scope`, `Retry-After` and a 429 body's
 * `retry_after`/`global`. The body's `retry_after` wins over the header (it has decimals; the header is rounded up
 * to whole seconds). Unparseable values are ignored; a 429 with no usable delay gets {@link DEFAULT_RETRY_AFTER_MS}
 * ({@link BAN_RETRY_AFTER_MS} and `global: true` when it is a Cloudflare/abuse block).
 * @see https://discord.com/developers/docs/topics/rate-limits#header-format
 */
export function parseRateLimitHeaders(headers: HeaderSource, options: ParseRateLimitOptions): RateLimitInfo {
  const read = (name: string) => header(headers, name)?.trim();
  const info: RateLimitInfo = { global: false };
  const limit = nonNegative(read('x-ratelimit-limit'));
  if (limit !== undefined) info.limit = Math.floor(limit);
  const remaining = nonNegative(read('x-ratelimit-remaining'));
  if (remaining !== undefined) info.remaining = Math.floor(remaining);
  const resetAfter = nonNegative(read('x-ratelimit-reset-after'));
  if (resetAfter !== undefined) info.resetAfterMs = Math.ceil(resetAfter * 1000);
  const resetAt = nonNegative(read('x-ratelimit-reset'));
  if (resetAt !== undefined) info.resetAtMs = Math.ceil(resetAt * 1000);
  const bucket = read('x-ratelimit-bucket');
  if (bucket) info.bucket = bucket;
  const scope = read('x-ratelimit-scope')?.toLowerCase();
  if (scope === 'user' || scope === 'global' || scope === 'shared') info.scope = scope;

  const json = parseBody(options.body);
  info.global = read('x-ratelimit-global')?.toLowerCase() === 'true' || json?.global === true || scope === 'global';

  const bodyRetry = nonNegative(json?.retry_after);
  const legacy = options.apiVersion === undefined || options.apiVersion < FIRST_VERSION_IN_SECONDS;
  const retryAfterMs =
    bodyRetry !== undefined
      ? Math.ceil(legacy ? bodyRetry : bodyRetry * 1000)
      : parseRetryAfter(read('retry-after'), options.nowMs);
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;

  if (options.status === 429 && looksBanned(options.body, json)) {
    info.global = true;
    info.retryAfterMs = Math.max(info.retryAfterMs ?? 0, BAN_RETRY_AFTER_MS);
  } else if (options.status === 429 && info.retryAfterMs === undefined) {
    info.retryAfterMs = DEFAULT_RETRY_AFTER_MS;
  }
  return info;
}
