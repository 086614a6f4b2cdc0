// A Discord webhook stand-in for workflow-logic tests in Temporal's time-skipping environment: a WebhookClient whose
// clock is the test server's (skipped) time, with Discord's per-webhook bucket, its hidden per-channel limit and
// scripted failures. The HTTP emulator (src/emulator) covers the wire; this covers what the outbox decides.
import { DiscordApiError, DiscordRateLimitError, DiscordServerError } from '../../src/discord/errors';
import type { WindowLimit } from '../../src/discord/pacing';
import type { DiscordMessage, WebhookMessage } from '../../src/discord/schemas';
import type { WebhookClient, WebhookResponse } from '../../src/discord/webhook-client';

/** One request as the fake saw it, on the test server's clock. */
export interface FakeRequest {
  atMs: number;
  kind: 'post' | 'edit';
  status: number;
  message: WebhookMessage;
  messageId?: string;
  scope?: 'user' | 'shared';
}

/** What a scripted fault answers instead of Discord's normal answer. */
export type FakeFault =
  { status: 503 } | { status: 400 | 404; code: number; message: string } | { status: 429; retryAfterMs: number };

export interface FakeDiscordOptions {
  /** The test server's clock (skipped time included), e.g. `() => env.currentTimeMs()`. */
  clock: () => Promise<number>;
  /** @default 5 per 2000 ms, as Discord reports for webhooks */
  bucket?: WindowLimit;
  /** Discord's hidden channel limit. @default 30 per 60000 ms */
  channel?: WindowLimit | null;
  /** A fault for this request, or undefined to answer normally. */
  fault?: (request: { atMs: number; kind: 'post' | 'edit'; message: WebhookMessage }) => FakeFault | undefined;
}

class FixedWindow {
  private resetAtMs = 0;
  private remaining = 0;
  constructor(private readonly rule: WindowLimit) {}
  take(nowMs: number): { ok: boolean; remaining: number; resetAfterMs: number } {
    if (nowMs >= this.resetAtMs) {
      this.resetAtMs = nowMs + this.rule.windowMs;
      this.remaining = this.rule.limit;
    }
    if (this.remaining <= 0) return { ok: false, remaining: 0, resetAfterMs: this.resetAtMs - nowMs };
    this.remaining -= 1;
    return { ok: true, remaining: this.remaining, resetAfterMs: this.resetAtMs - nowMs };
  }
}

const ROUTE = '/webhooks/:id/:token' as const;

export class FakeDiscord implements WebhookClient {
  readonly requests: FakeRequest[] = [];
  /** Messages as they stand now, by id, in posting order. */
  readonly messages = new Map<string, WebhookMessage & { id: string; edits: number }>();
  private readonly bucket: FixedWindow;
  private readonly channel: FixedWindow | null;
  private nextId = 1_400_000_000_000_000_000n;
  private readonly waiting: { count: number; resolve: () => void }[] = [];

  constructor(private readonly options: FakeDiscordOptions) {
    this.bucket = new FixedWindow(options.bucket ?? { limit: 5, windowMs: 2_000 });
    const channel = options.channel === undefined ? { limit: 30, windowMs: 60_000 } : options.channel;
    this.channel = channel && new FixedWindow(channel);
  }

  get posts(): FakeRequest[] {
    return this.requests.filter((request) => request.kind === 'post' && request.status === 200);
  }

  get rateLimited(): FakeRequest[] {
    return this.requests.filter((request) => request.status === 429);
  }

  private async answer(kind: 'post' | 'edit', message: WebhookMessage, messageId?: string): Promise<WebhookResponse> {
    const atMs = await this.options.clock();
    const record = (status: number, extra: Partial<FakeRequest> = {}) => {
      this.requests.push({ atMs, kind, status, message, ...(messageId && { messageId }), ...extra });
      for (const waiter of this.waiting.filter((one) => this.requests.length >= one.count)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    };
    const bucket = this.bucket.take(atMs);
    const rateLimit = { global: false, remaining: bucket.remaining, resetAfterMs: bucket.resetAfterMs, limit: 5 };
    if (!bucket.ok) {
      record(429, { scope: 'user' });
      throw new DiscordRateLimitError(
        { ...rateLimit, scope: 'user', retryAfterMs: bucket.resetAfterMs },
        'POST',
        ROUTE,
      );
    }
    const fault = this.options.fault?.({ atMs, kind, message });
    if (fault?.status === 429) {
      record(429, { scope: 'user' });
      throw new DiscordRateLimitError({ ...rateLimit, scope: 'user', retryAfterMs: fault.retryAfterMs }, 'POST', ROUTE);
    }
    if (fault?.status === 503) {
      record(503);
      throw new DiscordServerError(503, 'upstream connect error', 'POST', ROUTE, rateLimit);
    }
    if (fault) {
      record(fault.status);
      throw new DiscordApiError({
        status: fault.status,
        code: fault.code,
        discordMessage: fault.message,
        fieldErrors: [],
        method: kind === 'post' ? 'POST' : 'PATCH',
        route: ROUTE,
        rateLimit,
      });
    }
    if (kind === 'post' && this.channel) {
      const channel = this.channel.take(atMs);
      if (!channel.ok) {
        record(429, { scope: 'shared' });
        throw new DiscordRateLimitError(
          { ...rateLimit, scope: 'shared', retryAfterMs: channel.resetAfterMs },
          'POST',
          ROUTE,
          'The resource is being rate limited.',
        );
      }
    }
    let id = messageId;
    if (kind === 'edit') {
      const stored = id === undefined ? undefined : this.messages.get(id);
      if (!stored) {
        record(404);
        throw new DiscordApiError({
          status: 404,
          code: 10008,
          discordMessage: 'Unknown Message',
          fieldErrors: [],
          method: 'PATCH',
          route: '/webhooks/:id/:token/messages/:messageId',
          rateLimit,
        });
      }
      this.messages.set(stored.id, { ...stored, ...message, edits: stored.edits + 1 });
    } else {
      id = String(this.nextId++);
      this.messages.set(id, { ...message, id, edits: 0 });
    }
    record(200, { messageId: id });
    const posted: DiscordMessage = { id: id!, channel_id: '1300000000000000002' };
    return { status: 200, message: posted, rateLimit };
  }

  execute(_target: unknown, message: WebhookMessage): Promise<WebhookResponse> {
    return this.answer('post', message);
  }

  editMessage(_target: unknown, messageId: string, patch: WebhookMessage): Promise<WebhookResponse> {
    return this.answer('edit', patch, messageId);
  }

  /** Resolves once `count` requests have been answered. */
  requested(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ count, resolve }));
  }

  /** Deletes a message as a channel moderator would. */
  delete(messageId: string): void {
    this.messages.delete(messageId);
  }

  getMessage(): Promise<WebhookResponse> {
    return Promise.reject(new Error('not used by the outbox'));
  }

  deleteMessage(): Promise<WebhookResponse> {
    return Promise.reject(new Error('not used by the outbox'));
  }
}
