/**
 * The one module that talks HTTP (undici). Each call makes exactly ONE attempt and classifies the outcome into a
 * typed error (errors.ts); retrying is Temporal's job. Runs in activities only, never in workflow code.
 * @see https://discord.com/developers/docs/resources/webhook
 */
import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import {
  DiscordApiError,
  DiscordRateLimitError,
  DiscordServerError,
  DiscordTransportError,
  InvalidWebhookMessageError,
  flattenFormErrors,
  parseErrorBody,
  bodySnippet,
  type WebhookRoute,
} from './errors';
import { SUPPRESS_EMBEDS } from './limits';
import { parseRateLimitHeaders, type RateLimitInfo } from './rate-limit';
import {
  DiscordMessageSchema,
  WebhookMessageEditSchema,
  WebhookMessageSchema,
  describeIssues,
  type DiscordMessage,
  type WebhookMessage,
  type WebhookMessageEdit,
} from './schemas';
import type { WebhookTarget } from './webhook-url';
import { DISCORD_REQUEST_TIMEOUT_MS, isSnowflake } from '../vocabulary';

/** Options of {@link createWebhookClient}. */
export interface WebhookClientOptions {
  /** Limit for one attempt, connect to last body byte. @default DISCORD_REQUEST_TIMEOUT_MS.defaultMs (15000) */
  timeoutMs?: number;
  /** Discord requires `DiscordBot ($url, $version)`; others may be blocked by Cloudflare (40333). @default {@link DEFAULT_USER_AGENT} */
  userAgent?: string;
  /** undici dispatcher (a proxy agent, a MockAgent in tests). @default undici's global dispatcher */
  dispatcher?: Dispatcher;
}

/** Per-call options of {@link WebhookClient.execute}. */
export interface ExecuteOptions {
  /** `?wait=true`: Discord answers 200 with the message (needed for its id) instead of 204. @default true */
  wait?: boolean;
  /** `?thread_id=`: post into this thread of the webhook's channel. */
  threadId?: string;
  /** Aborts the attempt (e.g. the activity's cancellation signal); the error kind is then `aborted`. */
  signal?: AbortSignal;
}

/** Per-call options of the message operations. */
export interface MessageOptions {
  /** `?thread_id=`: required when the message is in a thread. */
  threadId?: string;
  signal?: AbortSignal;
}

/** A 2xx answer. `message` is set when Discord returned a message object that parses. */
export interface WebhookResponse {
  status: number;
  message?: DiscordMessage;
  rateLimit: RateLimitInfo;
}

/**
 * The webhook operations; every method throws one of the errors in errors.ts on anything but 2xx. `execute` and
 * `editMessage` check the body against Discord's limits first and throw {@link InvalidWebhookMessageError} without
 * sending anything when it breaks one.
 */
export interface WebhookClient {
  /** @see https://discord.com/developers/docs/resources/webhook#execute-webhook */
  execute(target: WebhookTarget, message: WebhookMessage, options?: ExecuteOptions): Promise<WebhookResponse>;
  /**
   * Sends only what Discord lets an edit change (`content`, `embeds`, `allowed_mentions`, and `flags` reduced to
   * SUPPRESS_EMBEDS), so a full {@link WebhookMessage} may be passed.
   * @see https://discord.com/developers/docs/resources/webhook#edit-webhook-message
   */
  editMessage(
    target: WebhookTarget,
    messageId: string,
    patch: WebhookMessageEdit,
    options?: MessageOptions,
  ): Promise<WebhookResponse>;
  /** @see https://discord.com/developers/docs/resources/webhook#get-webhook-message */
  getMessage(target: WebhookTarget, messageId: string, options?: MessageOptions): Promise<WebhookResponse>;
  /** @see https://discord.com/developers/docs/resources/webhook#delete-webhook-message */
  deleteMessage(target: WebhookTarget, messageId: string, options?: MessageOptions): Promise<WebhookResponse>;
}

function readPackage(): { name: string; version: string; homepage?: string } {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      homepage?: string;
    };
  } catch {
    return { name: 'temporal-discord-notifications', version: '0.0.0' };
  }
}

const pkg = readPackage();

/**
 * `DiscordBot (<url>, <version>)` from package.json: its `homepage`, else the package's npm page.
 * @see https://discord.com/developers/docs/reference#user-agent
 */
export const DEFAULT_USER_AGENT = `DiscordBot (${pkg.homepage ?? `https://www.npmjs.com/package/${pkg.name}`}, ${pkg.version})`;

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

/** One request: which operation, on which message, with which body. */
interface Call {
  method: Dispatcher.HttpMethod;
  route: WebhookRoute;
  messageId?: string;
  threadId?: string | undefined;
  wait?: boolean;
  body?: unknown;
}

function checkId(name: string, value: string): string {
  if (!isSnowflake(value)) throw new TypeError(`${name} must be a snowflake id (17-20 digits)`);
  return value;
}

/** The fields an edit may change; the rest of a full message (username, tts...) would be refused or ignored. */
function editable(patch: WebhookMessageEdit): WebhookMessageEdit {
  return {
    ...(patch.content !== undefined && { content: patch.content }),
    ...(patch.embeds !== undefined && { embeds: patch.embeds }),
    ...(patch.flags !== undefined && { flags: patch.flags === null ? null : patch.flags & SUPPRESS_EMBEDS }),
    allowed_mentions: patch.allowed_mentions,
  };
}

/**
 * The body as Discord will read it, checked at the wire: a message that breaks a limit is refused here, before any
 * request. Whoever built it (the builder, a host's own code) is checked the same way.
 * @throws {InvalidWebhookMessageError} naming every problem by its Discord-style path
 */
function checkedBody<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError } },
  body: unknown,
  call: Pick<Call, 'method' | 'route'>,
): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new InvalidWebhookMessageError(describeIssues(parsed.error), call.method, call.route);
  return parsed.data;
}

/** The request URL: the webhook's, the message's if any, and the `wait` and `thread_id` query parameters. */
function callUrl(target: WebhookTarget, call: Call): URL {
  const suffix = call.messageId === undefined ? '' : `/messages/${checkId('messageId', call.messageId)}`;
  const query = {
    wait: call.wait ? 'true' : undefined,
    thread_id: call.threadId === undefined ? undefined : checkId('threadId', call.threadId),
  };
  const url = new URL(`${target.apiBase}/webhooks/${target.id}/${target.token}${suffix}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** Why a request got no answer: the caller's abort, our own timeout, or the network. */
function transportError(
  error: unknown,
  call: Call,
  aborts: { signal: AbortSignal | undefined; timeout: AbortSignal; timeoutMs: number },
): DiscordTransportError {
  const { method, route } = call;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (aborts.signal?.aborted) {
    // A deadline the caller set (a TimeoutError reason) says so; any other abort is a cancellation.
    const reason = aborts.signal.reason as { name?: unknown; message?: unknown } | undefined;
    const why =
      reason?.name === 'TimeoutError' && typeof reason.message === 'string' && reason.message
        ? reason.message
        : 'cancelled by the caller';
    return new DiscordTransportError('aborted', why, method, route, error);
  }
  if (aborts.timeout.aborted || (typeof code === 'string' && TIMEOUT_CODES.has(code))) {
    return new DiscordTransportError('timeout', `no answer within ${aborts.timeoutMs} ms`, method, route, error);
  }
  const why = typeof code === 'string' ? `${code}: ${detail}` : detail;
  return new DiscordTransportError('network', why, method, route, error);
}

/** Discord's answer: the response for 2xx, else the classified error (429, 5xx, or a refusal with its code). */
function toResponse(
  target: WebhookTarget,
  call: Call,
  answer: { status: number; headers: Dispatcher.ResponseData['headers']; text: string },
): WebhookResponse {
  const { method, route } = call;
  const { status, headers, text } = answer;
  const rateLimit = parseRateLimitHeaders(headers, {
    apiVersion: target.apiVersion,
    body: text,
    nowMs: Date.now(),
    status,
  });
  if (status >= 200 && status < 300) {
    const message = parseMessage(text);
    return { status, rateLimit, ...(message && { message }) };
  }
  const error = parseErrorBody(text);
  if (status === 429) throw new DiscordRateLimitError(rateLimit, method, route, error?.message);
  if (status >= 500) throw new DiscordServerError(status, text, method, route, rateLimit);
  throw new DiscordApiError({
    status,
    code: error?.code,
    discordMessage: error?.message ?? (bodySnippet(text) || STATUS_CODES[status] || 'Error'),
    fieldErrors: flattenFormErrors(error?.errors),
    method,
    route,
    rateLimit,
  });
}

/**
 * Creates the webhook client. Keep one per worker: it is stateless, but undici pools connections per dispatcher.
 * @default timeoutMs 15000, userAgent {@link DEFAULT_USER_AGENT}
 */
export function createWebhookClient(options: WebhookClientOptions = {}): WebhookClient {
  const timeoutMs = options.timeoutMs ?? DISCORD_REQUEST_TIMEOUT_MS.defaultMs;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  async function send(target: WebhookTarget, call: Call, signal: AbortSignal | undefined): Promise<WebhookResponse> {
    const { method, body } = call;
    const url = callUrl(target, call);
    const timeout = AbortSignal.timeout(timeoutMs);
    let answer: { status: number; headers: Dispatcher.ResponseData['headers']; text: string };
    try {
      const response = await request(url, {
        method,
        headers: {
          'user-agent': userAgent,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        ...(options.dispatcher && { dispatcher: options.dispatcher }),
      });
      // Always read the body to the end, whatever the status, so the socket goes back to the pool.
      const text = await response.body.text();
      answer = { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      throw transportError(error, call, { signal, timeout, timeoutMs });
    }
    return toResponse(target, call, answer);
  }

  const messageRoute: WebhookRoute = '/webhooks/:id/:token/messages/:messageId';
  return {
    execute: async (target, message, { wait = true, threadId, signal } = {}) => {
      const call: Call = { method: 'POST', route: '/webhooks/:id/:token', wait, threadId };
      return send(target, { ...call, body: checkedBody(WebhookMessageSchema, message, call) }, signal);
    },
    editMessage: async (target, messageId, patch, { threadId, signal } = {}) => {
      const call: Call = { method: 'PATCH', route: messageRoute, messageId, threadId };
      return send(target, { ...call, body: checkedBody(WebhookMessageEditSchema, editable(patch), call) }, signal);
    },
    getMessage: (target, messageId, { threadId, signal } = {}) =>
      send(target, { method: 'GET', route: messageRoute, messageId, threadId }, signal),
    deleteMessage: (target, messageId, { threadId, signal } = {}) =>
      send(target, { method: 'DELETE', route: messageRoute, messageId, threadId }, signal),
  };
}

/** A returned message object, or undefined for 204 or a body that is not one (the post itself still succeeded). */
function parseMessage(text: string): DiscordMessage | undefined {
  if (text.trim() === '') return undefined;
  try {
    const parsed = DiscordMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
