import { type ServerResponse, STATUS_CODES } from 'node:http';
import { JSON_CODES } from './constants';
import { type EmulatorContext } from './context';
import { rateLimitBody, rateLimitHeaders, type RateLimitScope } from './discord-errors';
import { type EmulatorResponse } from './http-io';
import { type JsonValue } from './json';
import { bucketHeaders } from './rate-limits';
import { type FaultAction } from './schemas';

/** A 429 answer with the body for the API version and the rate-limit headers. */
export function rateLimited(
  ms: number,
  scope: RateLimitScope,
  legacy: boolean,
  headers: Record<string, string>,
): EmulatorResponse {
  return {
    status: 429,
    body: rateLimitBody(ms, scope, legacy),
    headers: { ...headers, ...rateLimitHeaders(ms, scope) },
  };
}

const CLOUDFLARE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

/** The answer of a `status` or `rate-limit` fault; a 502 defaults to Cloudflare's HTML page. */
export function faultResponse(
  ctx: EmulatorContext,
  fault: Extract<FaultAction, { type: 'status' | 'rate-limit' }>,
  legacy: boolean,
  nowMs: number,
): EmulatorResponse {
  if (fault.type === 'rate-limit') {
    const scope: RateLimitScope = fault.global ? 'global' : (fault.scope ?? 'user');
    const ms = fault.retryAfterS * 1000;
    const limit = ctx.limiter.settings.rateLimit?.limit ?? 5;
    const bucket = bucketHeaders(
      { allowed: false, limit, remaining: 0, resetAtMs: nowMs + ms, retryAfterMs: ms },
      nowMs,
    );
    return rateLimited(ms, scope, legacy, scope === 'global' ? {} : bucket);
  }
  const body: JsonValue =
    fault.body ??
    (fault.status === 502
      ? CLOUDFLARE_502
      : { message: `${fault.status}: ${STATUS_CODES[fault.status] ?? 'Error'}`, code: JSON_CODES.general });
  if (typeof body !== 'string') return { status: fault.status, body, headers: { ...fault.headers } };
  const type = body.trimStart().startsWith('<') ? 'text/html; charset=UTF-8' : 'text/plain; charset=UTF-8';
  return { status: fault.status, body, rawText: true, headers: { 'Content-Type': type, ...fault.headers } };
}

/** Keeps the response open (a `hang` without `ms`) until the client gives up or the emulator closes. */
export function hold(ctx: EmulatorContext, res: ServerResponse): void {
  ctx.held.add(res);
  res.once('close', () => ctx.held.delete(res));
}

/** Waits `ms`; false when the client went away or the emulator closed meanwhile. */
export function delay(ctx: EmulatorContext, res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (answered: boolean) => {
      clearTimeout(timer);
      ctx.cancellers.delete(cancel);
      res.off('close', cancel);
      resolve(answered);
    };
    const cancel = () => settle(false);
    const timer = setTimeout(() => settle(true), ms);
    ctx.cancellers.add(cancel);
    res.once('close', cancel);
  });
}
