import { createHash } from 'node:crypto';
import { type RateLimitSettings } from './schemas';

/**
 * The `X-RateLimit-Bucket` of the webhook routes. Like Discord's, it is opaque and does not include the top-level
 * resource, so every webhook reports the same hash and clients must key state by hash + webhook.
 * @see https://discord.com/developers/docs/topics/rate-limits#header-format
 */
export const WEBHOOK_BUCKET_HASH = createHash('sha1').update('webhooks/:webhook_id/:token').digest('hex').slice(0, 32);

/** The state of one bucket after a request was counted (or refused); `retryAfterMs` is 0 when allowed. */
export type BucketVerdict = NonNullable<ReturnType<RateLimiter['take']>>;

/** Unknown webhook ids get buckets too: past this many windows, expired ones are dropped so memory stays bounded. */
const PRUNE_ABOVE = 10_000;

/**
 * The three limits of webhook traffic, as fixed windows that open at the first request after the previous one
 * expired, as on Discord: per webhook (`rateLimit`, visible in headers), per channel (`channelRateLimit`, hidden,
 * shared by the webhooks of a channel) and global per client IP (`globalRateLimit`). A `null` limit is off.
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
export class RateLimiter {
  private readonly windows = new Map<string, { resetAtMs: number; remaining: number }>();

  constructor(private current: RateLimitSettings) {}

  /** A copy of the limits in force. */
  get settings(): RateLimitSettings {
    return { ...this.current };
  }

  /** Replaces the given limits (`null` disables, `undefined` keeps) and starts every bucket afresh. */
  update(update: Partial<RateLimitSettings>): RateLimitSettings {
    for (const [name, limit] of Object.entries(update))
      if (limit !== undefined) this.current[name as keyof RateLimitSettings] = limit;
    this.reset();
    return this.settings;
  }

  /** Counts a request of `key` (a webhook id, channel id or client IP) against a limit; `null` when it is off. */
  take(name: keyof RateLimitSettings, key: string, nowMs: number) {
    const rule = this.current[name];
    if (!rule) return null;
    let window = this.windows.get(`${name} ${key}`);
    if (!window || nowMs >= window.resetAtMs) {
      window = { resetAtMs: nowMs + rule.windowMs, remaining: rule.limit };
      this.windows.set(`${name} ${key}`, window);
      this.prune(nowMs);
    }
    const allowed = window.remaining > 0;
    if (allowed) window.remaining -= 1;
    const retryAfterMs = allowed ? 0 : window.resetAtMs - nowMs;
    return { allowed, limit: rule.limit, remaining: window.remaining, resetAtMs: window.resetAtMs, retryAfterMs };
  }

  /** Forgets all bucket state. */
  reset(): void {
    this.windows.clear();
  }

  private prune(nowMs: number): void {
    if (this.windows.size <= PRUNE_ABOVE) return;
    for (const [key, window] of this.windows) if (nowMs >= window.resetAtMs) this.windows.delete(key);
  }
}

/** `X-RateLimit-*` headers for a bucket: Reset in epoch seconds and Reset-After in seconds, both with decimals. */
export function bucketHeaders(verdict: BucketVerdict, nowMs: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(verdict.limit),
    'X-RateLimit-Remaining': String(verdict.remaining),
    'X-RateLimit-Reset': (verdict.resetAtMs / 1000).toFixed(3),
    'X-RateLimit-Reset-After': (Math.max(0, verdict.resetAtMs - nowMs) / 1000).toFixed(3),
    'X-RateLimit-Bucket': WEBHOOK_BUCKET_HASH,
  };
}
