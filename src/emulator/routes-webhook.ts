import { type IncomingMessage, type ServerResponse } from 'node:http';
import { DEFAULT_API_VERSION, LEGACY_API_VERSIONS, SUPPORTED_API_VERSIONS } from './constants';
import { type EmulatorContext } from './context';
import { DiscordErrors, DiscordHttpError } from './discord-errors';
import { delay, faultResponse, hold, rateLimited } from './fault-actions';
import { clientIp, type EmulatorResponse, queryObject, readBody, writeResponse } from './http-io';
import { type JsonValue } from './json';
import { bucketHeaders } from './rate-limits';
import { summarizeBody } from './request-body';
import { type RecordedRequest } from './store';
import { dispatchWebhookCall } from './webhook-handlers';

/** A request path that names a webhook route. */
export interface WebhookRouteMatch {
  /** `null` for the unversioned `/api/webhooks/...` (which runs on v6). */
  readonly version: number | null;
  readonly webhookId: string;
  readonly token: string;
  readonly messageId: string | null;
}

const WEBHOOK_PATH = /^\/api(?:\/v(\d+))?\/webhooks\/([^/]+)\/([^/]+)(?:\/messages\/([^/]+))?\/?$/;
/** Get Webhook and Modify Webhook answer 405: no client of ours reads or renames a webhook (see not-modelled.ts). */
const METHODS = { webhook: ['POST', 'DELETE'], message: ['GET', 'PATCH', 'DELETE'] } as const;

/** Matches `/api[/vN]/webhooks/{id}/{token}[/messages/{message_id}]`. */
export function matchWebhookRoute(pathname: string): WebhookRouteMatch | undefined {
  const match = WEBHOOK_PATH.exec(pathname);
  if (!match) return undefined;
  const decode = (segment: string | undefined) => {
    try {
      return decodeURIComponent(segment ?? '');
    } catch {
      return segment ?? '';
    }
  };
  return {
    version: match[1] === undefined ? null : Number(match[1]),
    webhookId: decode(match[2]),
    token: decode(match[3]),
    messageId: match[4] === undefined ? null : decode(match[4]),
  };
}

/**
 * Handles a webhook route end to end: record, read the body, apply an injected fault, then the checks in Discord's
 * order (version, method, User-Agent, size, global limit, webhook bucket) and the route itself.
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
  const version = match.version ?? DEFAULT_API_VERSION;
  const supported = (SUPPORTED_API_VERSIONS as readonly number[]).includes(version);
  const route = `${method} /webhooks/:id/:token${match.messageId === null ? '' : '/messages/:message_id'}`;
  const record = ctx.store.beginRequest({
    at: nowMs,
    method,
    route,
    path: redactPath(url.pathname, match),
    apiVersion: supported ? version : null,
    webhookId: match.webhookId,
    query: queryObject(url.searchParams),
    headers: pickHeaders(req),
  });
  const finish = (response: EmulatorResponse | null) => {
    record.status = response?.status ?? null;
    record.responseBody = response?.body ?? null;
    redactRecord(record, match.token);
    ctx.store.finishRequest(record);
  };
  const { buffer, tooLarge } = await readBody(req, ctx.options.maxBodyBytes);
  record.body = tooLarge
    ? `(body over ${ctx.options.maxBodyBytes} bytes, not kept)`
    : summarizeBody(buffer, req.headers['content-type']);
  const legacy = LEGACY_API_VERSIONS.includes(version);
  const fault = ctx.faults.take(match.webhookId, method);
  if (fault) record.fault = fault.type;
  if (fault?.type === 'status' || fault?.type === 'rate-limit') {
    const response = faultResponse(ctx, fault, legacy, nowMs);
    finish(response);
    writeResponse(res, response);
    return;
  }
  if (fault?.type === 'reset' || (fault?.type === 'hang' && fault.ms === undefined)) {
    finish(null);
    if (fault.type === 'reset') req.socket.destroy();
    else hold(ctx, res);
    return;
  }
  if (fault?.type === 'hang' && !(await delay(ctx, res, fault.ms ?? 0))) {
    finish(null);
    return;
  }
  const call = { method, match, query: url.searchParams, body: buffer, tooLarge, legacy, supported };
  const response = answer(ctx, req, call, fault?.type === 'hang' ? ctx.clock() : nowMs);
  finish(response);
  if (fault?.type === 'drop-response') req.socket.destroy();
  else writeResponse(res, response);
}

interface PipelineCall {
  method: string;
  match: WebhookRouteMatch;
  query: URLSearchParams;
  body: Buffer;
  tooLarge: boolean;
  legacy: boolean;
  supported: boolean;
}

function answer(ctx: EmulatorContext, req: IncomingMessage, call: PipelineCall, nowMs: number): EmulatorResponse {
  const fail = (error: DiscordHttpError, headers: Record<string, string> = {}): EmulatorResponse => ({
    status: error.status,
    body: error.render(call.legacy),
    headers: { ...headers, ...error.headers },
  });
  const methods: readonly string[] = call.match.messageId === null ? METHODS.webhook : METHODS.message;
  if (!call.supported) return fail(DiscordErrors.invalidApiVersion());
  if (!methods.includes(call.method)) return fail(DiscordErrors.methodNotAllowed());
  if (!req.headers['user-agent']?.trim()) return fail(DiscordErrors.userAgentBlocked());
  if (call.tooLarge) return fail(DiscordErrors.tooLarge());
  const global = ctx.limiter.takeGlobal(clientIp(req), nowMs);
  if (global && !global.allowed) return rateLimited(global.retryAfterMs, 'global', call.legacy, {});
  const bucket = ctx.limiter.takeWebhook(call.match.webhookId, nowMs);
  const headers = bucket ? bucketHeaders(bucket, nowMs) : {};
  if (bucket && !bucket.allowed) return rateLimited(bucket.retryAfterMs, 'user', call.legacy, headers);
  try {
    const response = dispatchWebhookCall(ctx, {
      method: call.method,
      webhookId: call.match.webhookId,
      token: call.match.token,
      messageId: call.match.messageId,
      query: call.query,
      body: call.body,
      contentType: req.headers['content-type'],
      nowMs,
    });
    return { ...response, headers: { ...headers, ...response.headers } };
  } catch (error) {
    if (error instanceof DiscordHttpError) return fail(error, headers);
    // An emulator bug: answer like Discord's rare 500s, but say what broke so the test output shows it.
    const detail = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { message: '500: Internal Server Error', code: 0, emulator_error: detail }, headers };
  }
}

/** `/api/v10/webhooks/ID/TOKEN/...` -> `/api/v10/webhooks/ID/:token/...` */
function redactPath(pathname: string, match: WebhookRouteMatch): string {
  const tokenIndex = match.version === null ? 4 : 5;
  return pathname
    .split('/')
    .map((part, index) => (index === tokenIndex ? ':token' : part))
    .join('/');
}

function pickHeaders(req: IncomingMessage): RecordedRequest['headers'] {
  const headers: RecordedRequest['headers'] = {};
  if (req.headers['user-agent'] !== undefined) headers['user-agent'] = req.headers['user-agent'];
  if (req.headers['content-type'] !== undefined) headers['content-type'] = req.headers['content-type'];
  return headers;
}

/** The token must never reach the request log, even when a client echoes it in a body or query. */
function redactRecord(record: RecordedRequest, token: string): void {
  if (token === '') return;
  record.body = scrub(record.body, token);
  record.responseBody = scrub(record.responseBody, token);
  record.query = scrub(record.query, token) as Record<string, string>;
  record.headers = scrub(record.headers, token) as RecordedRequest['headers'];
}

function scrub(value: JsonValue, token: string): JsonValue {
  if (typeof value === 'string') return value.split(token).join('[token]');
  if (Array.isArray(value)) return value.map((item) => scrub(item, token));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, item]): [string, JsonValue | undefined] => [
    key.split(token).join('[token]'),
    item && scrub(item, token),
  ]);
  return Object.fromEntries(entries);
}
