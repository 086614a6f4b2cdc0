import { JSON_CODES } from './constants';
import { type FormErrors } from './form-errors';
import { type JsonObject } from './json';

/**
 * A Discord-shaped error answer, thrown inside route handlers and rendered by the webhook pipeline.
 * The body may depend on the API version (flat form errors and millisecond `retry_after` before v8).
 */
export class DiscordHttpError extends Error {
  override readonly name = 'DiscordHttpError';

  constructor(
    readonly status: number,
    private readonly body: JsonObject | ((legacy: boolean) => JsonObject),
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`Discord error ${status}`);
  }

  /** The JSON body for a v6/v7 (`legacy`) or v8+ request. */
  render(legacy: boolean): JsonObject {
    return typeof this.body === 'function' ? this.body(legacy) : this.body;
  }
}

/** `{"message": ..., "code": ...}`, Discord's plain error body. */
export function discordError(status: number, code: number, message: string): DiscordHttpError {
  return new DiscordHttpError(status, { message, code });
}

/** 400/50035 with the nested `errors` tree (v8+) or the flat legacy object (v6/v7). */
export function formError(errors: FormErrors): DiscordHttpError {
  return new DiscordHttpError(400, (legacy) =>
    legacy
      ? errors.toLegacy()
      : { message: 'Invalid Form Body', code: JSON_CODES.invalidFormBody, errors: errors.toTree() },
  );
}

/** Discord's canned errors, with the exact status, code and text it answers with. */
export const DiscordErrors = {
  unknownWebhook: () => discordError(404, JSON_CODES.unknownWebhook, 'Unknown Webhook'),
  invalidWebhookToken: () => discordError(401, JSON_CODES.invalidWebhookToken, 'Invalid Webhook Token'),
  unknownMessage: () => discordError(404, JSON_CODES.unknownMessage, 'Unknown Message'),
  emptyMessage: () => discordError(400, JSON_CODES.emptyMessage, 'Cannot send an empty message'),
  invalidJson: () => discordError(400, JSON_CODES.invalidJson, 'The request body contains invalid JSON.'),
  tooLarge: () => discordError(413, JSON_CODES.requestTooLarge, 'Request entity too large'),
  userAgentBlocked: () => discordError(403, JSON_CODES.cloudflareBlocked, 'internal network error'),
  invalidApiVersion: () => discordError(400, JSON_CODES.invalidApiVersion, 'Invalid API version provided'),
  notFound: () => discordError(404, JSON_CODES.general, '404: Not Found'),
  methodNotAllowed: () => discordError(405, JSON_CODES.general, '405: Method Not Allowed'),
  threadsOnlyInForums: () =>
    discordError(400, JSON_CODES.threadsOnlyInForums, 'Webhooks can only create threads in forum channels'),
} as const;

/** Which limit a 429 comes from, mirrored in `X-RateLimit-Scope`. */
export type RateLimitScope = 'user' | 'global' | 'shared';

/**
 * A 429 body: `retry_after` is float seconds on v8+ and whole milliseconds on v6/v7.
 * @see https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit
 */
export function rateLimitBody(retryAfterMs: number, scope: RateLimitScope, legacy: boolean): JsonObject {
  const retryAfter = legacy ? Math.ceil(retryAfterMs) : Math.max(0.001, Math.round(retryAfterMs) / 1000);
  if (scope === 'shared') {
    return {
      message: 'The resource is being rate limited.',
      retry_after: retryAfter,
      global: false,
      code: JSON_CODES.channelWriteRateLimit,
    };
  }
  return { message: 'You are being rate limited.', retry_after: retryAfter, global: scope === 'global' };
}

/** The headers every 429 carries besides the bucket headers. */
export function rateLimitHeaders(retryAfterMs: number, scope: RateLimitScope): Record<string, string> {
  return {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    'X-RateLimit-Scope': scope,
    ...(scope === 'global' ? { 'X-RateLimit-Global': 'true' } : {}),
  };
}
