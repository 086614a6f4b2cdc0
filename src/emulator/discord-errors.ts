/** Discord's error answers: plain `{message, code}` bodies, 50035 form-error trees and 429s, per API version. */
import { type EmulatorResponse, type JsonObject, type JsonValue } from './http-io';

/** Where an error sits in the request body: object keys, and array indices as numbers. */
export type FormPath = readonly (string | number)[];

type TreeNode = { errors: { code: string; message: string }[]; children: Map<string, TreeNode> };
const newNode = (): TreeNode => ({ errors: [], children: new Map() });

/**
 * Collects every validation error of one request so they are answered together, as Discord does.
 * @see https://discord.com/developers/docs/reference#error-messages
 */
export class FormErrors {
  private readonly root = newNode();
  private count = 0;

  /** Records an error at `path`; an empty path is a request-level error. */
  add(path: FormPath, code: string, message: string): void {
    let node = this.root;
    for (const segment of path) {
      let child = node.children.get(String(segment));
      if (!child) node.children.set(String(segment), (child = newNode()));
      node = child;
    }
    node.errors.push({ code, message });
    this.count += 1;
  }

  /** How many errors were recorded. */
  get size(): number {
    return this.count;
  }

  /** The v8+ nested `errors` object: keys mirror the body, leaves are `{_errors: [{code, message}]}`. */
  toTree(): JsonObject {
    const render = (node: TreeNode): JsonObject => {
      const tree: JsonObject = node.errors.length > 0 ? { _errors: node.errors.map((error) => ({ ...error })) } : {};
      for (const [key, child] of node.children) tree[key] = render(child);
      return tree;
    };
    return render(this.root);
  }

  /**
   * The v6/v7 flat form: top-level field -> list of strings. Array items that failed are listed by index
   * (`{"embeds": ["0"]}`), errors on the field itself by message, request-level errors under `_misc`.
   */
  toLegacy(): JsonObject {
    const messages = (node: TreeNode): JsonValue[] => [
      ...node.errors.map((error) => error.message),
      ...[...node.children].flatMap(([key, child]) => (/^\d+$/.test(key) ? [key] : messages(child))),
    ];
    const flat: JsonObject = {};
    if (this.root.errors.length > 0) flat._misc = this.root.errors.map((error) => error.message);
    for (const [key, node] of this.root.children) flat[key] = messages(node);
    return flat;
  }
}

/** A Discord error answer thrown inside route handlers; the body may depend on the API version (`legacy` = v6/v7). */
export class DiscordHttpError extends Error {
  override readonly name = 'DiscordHttpError';

  constructor(
    readonly status: number,
    private readonly body: JsonObject | ((legacy: boolean) => JsonObject),
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`Discord error ${status}`);
  }

  /** The answer for a v6/v7 (`legacy`) or v8+ request, after `headers` (e.g. the bucket's). */
  toResponse(legacy: boolean, headers: Record<string, string> = {}): EmulatorResponse {
    const body = typeof this.body === 'function' ? this.body(legacy) : this.body;
    return { status: this.status, body, headers: { ...headers, ...this.headers } };
  }
}

/** `{"message": ..., "code": ...}`, Discord's plain error body. */
export const discordError = (status: number, code: number, message: string) =>
  new DiscordHttpError(status, { message, code });

/** 400/50035 with the nested `errors` tree (v8+) or the flat legacy object (v6/v7). */
export function formError(errors: FormErrors): DiscordHttpError {
  return new DiscordHttpError(400, (legacy) =>
    legacy ? errors.toLegacy() : { message: 'Invalid Form Body', code: 50035, errors: errors.toTree() },
  );
}

/**
 * Discord's canned errors, with the exact status, JSON code and text it answers with (code 0: generic errors).
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
export const DiscordErrors = {
  unknownWebhook: () => discordError(404, 10015, 'Unknown Webhook'),
  invalidWebhookToken: () => discordError(401, 50027, 'Invalid Webhook Token'),
  unknownMessage: () => discordError(404, 10008, 'Unknown Message'),
  emptyMessage: () => discordError(400, 50006, 'Cannot send an empty message'),
  invalidJson: () => discordError(400, 50109, 'The request body contains invalid JSON.'),
  tooLarge: () => discordError(413, 40005, 'Request entity too large'),
  /** Cloudflare blocks requests without a User-Agent. */
  userAgentBlocked: () => discordError(403, 40333, 'internal network error'),
  /** v3-v5 are discontinued. */
  invalidApiVersion: () => discordError(400, 50041, 'Invalid API version provided'),
  notFound: () => discordError(404, 0, '404: Not Found'),
  methodNotAllowed: () => discordError(405, 0, '405: Method Not Allowed'),
  /** `thread_name` outside a forum or media channel. */
  threadsOnlyInForums: () => discordError(400, 220003, 'Webhooks can only create threads in forum channels'),
} as const;

/** Which limit a 429 comes from, mirrored in `X-RateLimit-Scope`. */
export type RateLimitScope = 'user' | 'global' | 'shared';

/**
 * A 429: `retry_after` is float seconds on v8+ and whole milliseconds on v6/v7; the hidden channel limit (`shared`)
 * answers code 20028 (channel write rate limit). `Retry-After` is whole seconds, rounded up.
 * @see https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit
 */
export function rateLimitError(retryAfterMs: number, scope: RateLimitScope): DiscordHttpError {
  const headers = {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    'X-RateLimit-Scope': scope,
    ...(scope === 'global' && { 'X-RateLimit-Global': 'true' }),
  };
  const body = (legacy: boolean): JsonObject => {
    const retry_after = legacy ? Math.ceil(retryAfterMs) : Math.max(0.001, Math.round(retryAfterMs) / 1000);
    return scope === 'shared'
      ? { message: 'The resource is being rate limited.', retry_after, global: false, code: 20028 }
      : { message: 'You are being rate limited.', retry_after, global: scope === 'global' };
  };
  return new DiscordHttpError(429, body, headers);
}
