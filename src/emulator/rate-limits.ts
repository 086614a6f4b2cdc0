import { createHash } from 'node:crypto';
import { type RateLimitSettings, type WindowLimit } from './schemas';

/**
 * The `X-RateLimit-Bucket` of the webhook routes. Like Discord's, it is opaque and does not include the top-level
 * resource, so every webhook reports the same hash and clients must key state by hash + webhook.
 * @see https://discord.com/developers/docs/topics/rate-limits#header-format
 */
export const WEBHOOK_BUCKET_HASH = createHash('sha1').update('webhooks/:webhook_id/:token').digest('hex').slice(0, 32);

/** The state of one bucket after a request was counted (or refused). */
export interface BucketVerdict {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  readonly resetAtMs: number;
  /** How long until the bucket refills; 0 when allowed. */
  readonly retryAfterMs: number;
}

const PRUNE_ABOVE = 10_000;

/** Fixed windows per key; a window opens at the first request after the previous one expired, as on Discord. */
class FixedWindows {
  private readonly windows = new Map<string, { resetAtMs: number; remaining: number }>();

  take(key: string, rule: WindowLimit, nowMs: number): BucketVerdict {
    let window = this.windows.get(key);
    if (!window || nowMs >= window.resetAtMs) {
      window = { resetAtMs: nowMs + rule.windowMs, remaining: rule.limit };
      this.windows.set(key, window);
      this.prune(nowMs);
    }
    if (window.remaining <= 0) {
      const retryAfterMs = window.resetAtMs - nowMs;
      return { allowed: false, limit: rule.limit, remaining: 0, resetAtMs: window.resetAtMs, retryAfterMs };
    }
    window.remaining -= 1;
    return {
      allowed: true,
      limit: rule.limit,
      remaining: window.remaining,
      resetAtMs: window.resetAtMs,
      retryAfterMs: 0,
    };
  }

  clear(): void {
    this.windows.clear();
  }

  /** Unknown webhook ids get buckets too; drop expired ones so a long run cannot grow without bound. */
  private prune(nowMs: number): void {
    if (this.windows.size <= PRUNE_ABOVE) return;
    for (const [key, window] of this.windows) if (nowMs >= window.resetAtMs) this.windows.delete(key);
  }
}

/**
 * The three limits of webhook traffic: per webhook (visible in headers), per channel (hidden, shared by the webhooks
 * of a channel) and global per client IP. A `null` rule disables that limit.
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
export class RateLimiter {
  private readonly webhooks = new FixedWindows();
  private readonly channels = new FixedWindows();
  private readonly clients = new FixedWindows();

  constructor(private current: RateLimitSettings) {}

  /** A copy of the limits in force. */
  get settings(): RateLimitSettings {
    return { ...this.current };
  }

  /** Replaces the given limits (`null` disables, `undefined` keeps) and starts every bucket afresh. */
  update(update: Partial<RateLimitSettings>): RateLimitSettings {
    this.current = {
      rateLimit: update.rateLimit === undefined ? this.current.rateLimit : update.rateLimit,
      channelRateLimit: update.channelRateLimit === undefined ? this.current.channelRateLimit : update.channelRateLimit,
      globalRateLimit: update.globalRateLimit === undefined ? this.current.globalRateLimit : update.globalRateLimit,
    };
    this.reset();
    return this.settings;
  }

  /** Counts a request against the global limit of `clientIp`; `null` when that limit is off. */
  takeGlobal(clientIp: string, nowMs: number): BucketVerdict | null {
    return this.current.globalRateLimit ? this.clients.take(clientIp, this.current.globalRateLimit, nowMs) : null;
  }

  /** Counts a request against the bucket of `webhookId`; `null` when per-webhook limits are off. */
  takeWebhook(webhookId: string, nowMs: number): BucketVerdict | null {
    return this.current.rateLimit ? this.webhooks.take(webhookId, this.current.rateLimit, nowMs) : null;
  }

  /** Counts a message against the hidden limit of `channelId`; `null` when that limit is off. */
  takeChannel(channelId: string, nowMs: number): BucketVerdict | null {
    return this.current.channelRateLimit ? this.channels.take(channelId, this.current.channelRateLimit, nowMs) : null;
  }

  /** Forgets all bucket state. */
  reset(): void {
    this.webhooks.clear();
    this.channels.clear();
    this.clients.clear();
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
