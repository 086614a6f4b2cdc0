/**
 * What a webhook request can fail with, one class per way the caller must react (see docs/architecture.md):
 * 429 → {@link DiscordRateLimitError}, other 4xx → {@link DiscordApiError}, 5xx → {@link DiscordServerError},
 * no answer → {@link DiscordTransportError}. Every message has one format and is redacted: routes are always
 * written `/webhooks/:id/:token`.
 * @see https://discord.com/developers/docs/reference#error-messages
 */
import type { RateLimitInfo } from './rate-limit';
import { redactSecrets } from './webhook-url';
import { isRecord } from '../vocabulary';

/** One problem Discord found in the request body, e.g. `{ path: 'embeds.0.description', code: 'BASE_TYPE_MAX_LENGTH' }`. */
export interface FieldError {
  /** Dotted path into the request body (`embeds.0.description`); `''` for the request as a whole. */
  path: string;
  /** Discord's string code (`BASE_TYPE_MAX_LENGTH`); `''` in the legacy (v6/v7) format, which has none. */
  code: string;
  message: string;
}

/** The route template of a request, e.g. `/webhooks/:id/:token/messages/:messageId`. Never holds real ids. */
export type WebhookRoute = '/webhooks/:id/:token' | '/webhooks/:id/:token/messages/:messageId';

const SNIPPET_CHARS = 200;

/** A short, single-line, redacted excerpt of a response body for error messages. */
export function bodySnippet(body: string): string {
  const flat = redactSecrets(body).replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}

/**
 * Flattens Discord's `errors` tree into a list. v8+ nests objects keyed like the body with `_errors` leaves
 * (`{embeds: {"0": {description: {_errors: [{code, message}]}}}}` → `embeds.0.description`); `_errors` at the top
 * gets path `''`. The legacy v6/v7 format maps a field to strings: an index (`{"embeds": ["0"]}` → `embeds.0`, "Invalid
 * value") or a message (`{"embeds": ["Embed size exceeds maximum size of 6000"]}` → `embeds`).
 * @see https://discord.com/developers/docs/reference#error-messages
 */
export function flattenFormErrors(errors: unknown, prefix = ''): FieldError[] {
  const join = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  if (Array.isArray(errors)) {
    return errors.flatMap((item): FieldError[] => {
      if (typeof item === 'string') {
        return /^\d+$/.test(item)
          ? [{ path: join(item), code: '', message: 'Invalid value' }]
          : [{ path: prefix, code: '', message: item }];
      }
      return isRecord(item) ? flattenFormErrors(item, prefix) : [];
    });
  }
  if (!isRecord(errors)) return [];
  return Object.entries(errors).flatMap(([key, value]): FieldError[] => {
    if (key !== '_errors') return flattenFormErrors(value, join(key));
    if (!Array.isArray(value)) return [];
    return value.filter(isRecord).map((leaf) => ({
      path: prefix,
      code: typeof leaf.code === 'string' || typeof leaf.code === 'number' ? String(leaf.code) : '',
      message: typeof leaf.message === 'string' ? leaf.message : 'Invalid value',
    }));
  });
}

/** Discord's JSON error body, when the body is one: `{ code, message, errors? }`. */
export interface DiscordErrorBody {
  code?: number;
  message?: string;
  errors?: unknown;
}

/** Parses an error body leniently: non-JSON (an HTML page, an empty body) gives `undefined`. */
export function parseErrorBody(text: string): DiscordErrorBody | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (!isRecord(json)) return undefined;
    return {
      ...(typeof json.code === 'number' && { code: json.code }),
      ...(typeof json.message === 'string' && { message: json.message }),
      ...(json.errors !== undefined && { errors: json.errors }),
    };
  } catch {
    return undefined;
  }
}

/** The common shape: which request failed. Subclasses are the ones to catch. */
export abstract class DiscordRequestError extends Error {
  constructor(
    readonly method: string,
    readonly route: WebhookRoute,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(redactSecrets(`[${method} ${route}] ${detail}`), options);
  }
}

/** Fields of {@link DiscordApiError}. */
export interface DiscordApiErrorInit {
  status: number;
  /** Discord's JSON error code (50035, 10015, 50027...); undefined when the body was not Discord JSON. */
  code: number | undefined;
  discordMessage: string;
  fieldErrors: readonly FieldError[];
  method: string;
  route: WebhookRoute;
  rateLimit?: RateLimitInfo;
}

/**
 * Discord refused the request (400/401/403/404/413...): retrying the same request cannot succeed.
 * Message: `[POST /webhooks/:id/:token] 400 Invalid Form Body (50035): embeds.0.description: Must be 4096 or fewer
 * in length. (BASE_TYPE_MAX_LENGTH)`.
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
export class DiscordApiError extends DiscordRequestError {
  override readonly name = 'DiscordApiError';
  readonly status: number;
  readonly code: number | undefined;
  readonly discordMessage: string;
  readonly fieldErrors: readonly FieldError[];
  readonly rateLimit: RateLimitInfo | undefined;

  constructor(init: DiscordApiErrorInit) {
    const code = init.code === undefined ? '' : ` (${init.code})`;
    const fields = init.fieldErrors.map((f) => `${f.path || '(request)'}: ${f.message}${f.code ? ` (${f.code})` : ''}`);
    super(
      init.method,
      init.route,
      `${init.status} ${init.discordMessage}${code}${fields.length ? `: ${fields.join('; ')}` : ''}`,
    );
    this.status = init.status;
    this.code = init.code;
    this.discordMessage = redactSecrets(init.discordMessage);
    this.fieldErrors = init.fieldErrors.map((f) => ({ ...f, message: redactSecrets(f.message) }));
    this.rateLimit = init.rateLimit;
  }
}

/**
 * Discord answered 429: wait {@link retryAfterMs} before the next attempt (for every webhook when {@link global}).
 * Message: `[POST /webhooks/:id/:token] 429 rate limited (scope user): retry after 1500 ms`.
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
export class DiscordRateLimitError extends DiscordRequestError {
  override readonly name = 'DiscordRateLimitError';
  readonly retryAfterMs: number;
  readonly global: boolean;
  readonly scope: RateLimitInfo['scope'];

  constructor(
    readonly info: RateLimitInfo,
    method: string,
    route: WebhookRoute,
    discordMessage?: string,
  ) {
    const retryAfterMs = info.retryAfterMs ?? 0;
    const kind = [info.global ? 'global' : undefined, info.scope ? `scope ${info.scope}` : undefined].filter(Boolean);
    const said = discordMessage ? ` ${JSON.stringify(bodySnippet(discordMessage))}` : '';
    super(
      method,
      route,
      `429 rate limited${kind.length ? ` (${kind.join(', ')})` : ''}${said}: retry after ${retryAfterMs} ms`,
    );
    this.retryAfterMs = retryAfterMs;
    this.global = info.global;
    this.scope = info.scope;
  }
}

/** Discord failed (5xx): the request may succeed later. Message: `[POST /webhooks/:id/:token] 502: <body snippet>`. */
export class DiscordServerError extends DiscordRequestError {
  override readonly name = 'DiscordServerError';
  readonly bodySnippet: string;

  constructor(
    readonly status: number,
    body: string,
    method: string,
    route: WebhookRoute,
    readonly rateLimit?: RateLimitInfo,
  ) {
    const snippet = bodySnippet(body);
    super(method, route, `${status}${snippet ? `: ${snippet}` : ''}`);
    this.bodySnippet = snippet;
  }
}

/** A copy of a low-level error that keeps its name, code and message (redacted) but nothing that could hold a URL. */
function redactedCause(cause: unknown): Error {
  const source = cause instanceof Error ? cause : new Error(String(cause));
  const copy = new Error(redactSecrets(source.message));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

/** How a request got no answer: `timeout` (ours), `aborted` (the caller's signal), `network` (reset, refused, DNS). */
export type TransportErrorKind = 'timeout' | 'network' | 'aborted';

/**
 * No HTTP answer arrived. After a timeout or reset, Discord may still have posted the message.
 * Message: `[POST /webhooks/:id/:token] timeout: Headers Timeout Error`.
 */
export class DiscordTransportError extends DiscordRequestError {
  override readonly name = 'DiscordTransportError';
  readonly causeMessage: string;

  constructor(
    readonly kind: TransportErrorKind,
    causeMessage: string,
    method: string,
    route: WebhookRoute,
    cause?: unknown,
  ) {
    super(method, route, `${kind}: ${causeMessage}`, cause === undefined ? undefined : { cause: redactedCause(cause) });
    this.causeMessage = redactSecrets(causeMessage);
  }
}

/**
 * The body breaks Discord's limits (checked against the wire schema): refused before any request, so no invalid
 * payload leaves the worker and no request counts toward Discord's invalid-request limit. Retrying cannot help.
 * Message: `[POST /webhooks/:id/:token] invalid message: embeds.0.title: Too big: expected string to have <=256
 * characters`. `problems` are the `path: problem` lines, paths dotted like Discord's.
 * @see https://discord.com/developers/docs/topics/rate-limits#invalid-request-limit-aka-cloudflare-bans
 */
export class InvalidWebhookMessageError extends DiscordRequestError {
  override readonly name = 'InvalidWebhookMessageError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], method: string, route: WebhookRoute) {
    super(method, route, `invalid message: ${problems.join('; ')}`);
    this.problems = problems.map((problem) => redactSecrets(problem));
  }
}
