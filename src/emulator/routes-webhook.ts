import { type IncomingMessage, type ServerResponse } from 'node:http';
import { LEGACY_API_VERSIONS, SUPPORTED_API_VERSIONS } from './constants';
import { type EmulatorContext } from './context';
import { DiscordErrors, DiscordHttpError, rateLimitError } from './discord-errors';
import { delay, faultResponse } from './faults';
import {
  type EmulatorResponse,
  internalError,
  type JsonValue,
  mediaType,
  parseJson,
  readBody,
  writeResponse,
} from './http-io';
import { bucketHeaders } from './rate-limits';
import { dispatchWebhookCall, type WebhookCall } from './webhook-handlers';

/** A request path that names a webhook route; `version` is `null` for the unversioned `/api/webhooks/...` (v6). */
export type WebhookRouteMatch = NonNullable<ReturnType<typeof matchWebhookRoute>>;

/** The request headers the log keeps. */
const RECORDED_HEADERS = ['user-agent', 'content-type'] as const;
const WEBHOOK_PATH = /^\/api(?:\/v(\d+))?\/webhooks\/([^/]+)\/([^/]+)(?:\/messages\/([^/]+))?\/?$/;
/** Get Webhook and Modify Webhook answer 405: no client of ours reads or renames a webhook (see not-modelled.ts). */
const METHODS = { webhook: ['POST', 'DELETE'], message: ['GET', 'PATCH', 'DELETE'] } as const;

/** Matches `/api[/vN]/webhooks/{id}/{token}[/messages/{message_id}]`. */
export function matchWebhookRoute(pathname: string) {
  const match = WEBHOOK_PATH.exec(pathname);
  if (!match) return undefined;
  const decode = (segment = '') => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  const [, version, webhookId, token, messageId] = match;
  return {
    version: version === undefined ? null : Number(version),
    webhookId: decode(webhookId),
    token: decode(token),
    messageId: messageId === undefined ? null : decode(messageId),
  };
}

/**
 * Handles a webhook route end to end: record the request, read the body, apply an injected fault, then Discord's
 * checks in its order (see {@link answer}) and the route itself.
 */
export async function handleWebhookRoute(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  match: WebhookRouteMatch,
): Promise<void> {
  const method = req.method ?? 'GET';
  const nowMs = ctx.clock();
  const version = match.version ?? 6;
  const record = ctx.store.beginRequest({
    at: nowMs,
    method,
    route: `${method} /webhooks/:id/:token${match.messageId === null ? '' : '/messages/:message_id'}`,
    // `/api/v10/webhooks/ID/TOKEN/...` -> `/api/v10/webhooks/ID/:token/...`
    path: url.pathname.replace(/^(\/api(?:\/v\d+)?\/webhooks\/[^/]+\/)[^/]+/, '$1:token'),
    apiVersion: SUPPORTED_API_VERSIONS.includes(version) ? version : null,
    webhookId: match.webhookId,
    // The first value of each parameter, as Discord reads it.
    query: Object.fromEntries(
      [...new Set(url.searchParams.keys())].map((key) => [key, url.searchParams.get(key) ?? '']),
    ),
    headers: Object.fromEntries(
      RECORDED_HEADERS.flatMap((name) => (name in req.headers ? [[name, req.headers[name]]] : [])),
    ),
  });
  const finish = (response: EmulatorResponse | null) => {
    const { body, query, headers } = record;
    Object.assign(record, scrub({ body, query, headers, responseBody: response?.body ?? null }, match.token));
    record.status = response?.status ?? null;
    ctx.store.finishRequest(record, ctx.clock());
  };
  const { buffer, tooLarge } = await readBody(req, ctx.options.maxBodyBytes);
  const contentType = req.headers['content-type'];
  record.body = tooLarge
    ? `(body over ${ctx.options.maxBodyBytes} bytes, not kept)`
    : summarizeBody(buffer, contentType);
  const legacy = LEGACY_API_VERSIONS.includes(version);
  const fault = ctx.faults.take(match.webhookId, method);
  if (fault) record.fault = fault.type;
  if (fault?.type === 'status' || fault?.type === 'rate-limit') {
    const response = faultResponse(fault, legacy, nowMs, ctx.limiter.settings.rateLimit?.limit ?? 5);
    finish(response);
    return writeResponse(res, response);
  }
  if (fault?.type === 'reset') req.socket.destroy();
  const slowed = fault?.type === 'hang' && fault.ms !== undefined && (await delay(res, fault.ms));
  // A reset, a hang without `ms`, or a client that gave up while slowed down: no answer.
  if (fault && fault.type !== 'drop-response' && !slowed) return finish(null);
  const answeredAt = slowed ? ctx.clock() : nowMs;
  const call: WebhookCall = { ...match, method, query: url.searchParams, body: buffer, contentType, nowMs: answeredAt };
  const response = answer(ctx, req, call, { legacy, tooLarge, supported: record.apiVersion !== null });
  finish(response);
  if (fault?.type === 'drop-response') req.socket.destroy();
  else writeResponse(res, response);
}

/**
 * Discord's checks in its order: API version (400/50041), method (405), User-Agent (403/40333), body size (413/40005),
 * global limit (429 global), webhook bucket (429 user), then the route. From the bucket on, answers carry its headers.
 */
function answer(
  ctx: EmulatorContext,
  req: IncomingMessage,
  call: WebhookCall,
  { legacy, tooLarge, supported }: { legacy: boolean; tooLarge: boolean; supported: boolean },
): EmulatorResponse {
  let headers: Record<string, string> = {};
  try {
    if (!supported) throw DiscordErrors.invalidApiVersion();
    if (!(call.messageId === null ? METHODS.webhook : METHODS.message).some((allowed) => allowed === call.method)) {
      throw DiscordErrors.methodNotAllowed();
    }
    if (!req.headers['user-agent']?.trim()) throw DiscordErrors.userAgentBlocked();
    if (tooLarge) throw DiscordErrors.tooLarge();
    const global = ctx.limiter.take('globalRateLimit', req.socket.remoteAddress ?? 'unknown', call.nowMs);
    if (global && !global.allowed) throw rateLimitError(global.retryAfterMs, 'global');
    const bucket = ctx.limiter.take('rateLimit', call.webhookId, call.nowMs);
    if (bucket) headers = bucketHeaders(bucket, call.nowMs);
    if (bucket && !bucket.allowed) throw rateLimitError(bucket.retryAfterMs, 'user');
    const response = dispatchWebhookCall(ctx, call);
    return { ...response, headers: { ...headers, ...response.headers } };
  } catch (error) {
    return error instanceof DiscordHttpError ? error.toResponse(legacy, headers) : internalError(error);
  }
}

/** The token must never reach the request log, even when a client echoes it in a body or query. */
function scrub(value: JsonValue, token: string): JsonValue {
  if (token === '' || value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.split(token).join('[token]');
  if (Array.isArray(value)) return value.map((item) => scrub(item, token));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key.split(token).join('[token]'), item && scrub(item, token)]),
  );
}

/** What the request log keeps of a body: parsed JSON, else the text (both cut at `maxChars`). */
function summarizeBody(body: Buffer, contentType: string | undefined, maxChars = 100_000): JsonValue | null {
  if (body.length === 0) return null;
  const text = body.toString('utf8');
  if (mediaType(contentType) === 'application/json' && text.length <= maxChars) {
    const parsed = parseJson(text);
    if (parsed.ok) return parsed.value as JsonValue;
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}… (${text.length} characters)` : text;
}
