import { type ServerResponse, STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { rateLimitError } from './discord-errors';
import { type EmulatorResponse } from './http-io';
import { bucketHeaders } from './rate-limits';
import { type Fault, type FaultAction } from './schemas';

/** A queued fault and how many more requests it applies to. */
export type PendingFault = Fault & { readonly remaining: number };

/**
 * Injected faults, consumed first-in first-out: each request takes the oldest fault that matches its webhook and
 * method, and a fault is dropped once it has applied `times` times.
 */
export class FaultQueue {
  private readonly queue: { fault: Fault; remaining: number }[] = [];

  /** Queues a validated fault. */
  add(fault: Fault): void {
    this.queue.push({ fault, remaining: fault.times });
  }

  /** Takes one use of the oldest fault matching this request, if any. */
  take(webhookId: string, method: string): FaultAction | undefined {
    const index = this.queue.findIndex(
      ({ fault }) => (fault.webhookId ?? webhookId) === webhookId && (fault.method ?? method) === method,
    );
    const entry = this.queue[index];
    if (entry && --entry.remaining <= 0) this.queue.splice(index, 1);
    return entry?.fault.action;
  }

  /** The faults still waiting, oldest first. */
  list(): PendingFault[] {
    return this.queue.map(({ fault, remaining }) => ({ ...fault, remaining }));
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue.length = 0;
  }
}

const CLOUDFLARE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

/**
 * The answer of a `status` fault (a 502 defaults to Cloudflare's HTML page) or a `rate-limit` fault (a 429 with the
 * bucket headers of a bucket of `bucketLimit`, except for the global scope).
 */
export function faultResponse(
  fault: Extract<FaultAction, { type: 'status' | 'rate-limit' }>,
  legacy: boolean,
  nowMs: number,
  bucketLimit: number,
): EmulatorResponse {
  if (fault.type === 'rate-limit') {
    const scope = fault.global ? 'global' : (fault.scope ?? 'user');
    const ms = fault.retryAfterS * 1000;
    const bucket = { allowed: false, limit: bucketLimit, remaining: 0, resetAtMs: nowMs + ms, retryAfterMs: ms };
    return rateLimitError(ms, scope).toResponse(legacy, scope === 'global' ? {} : bucketHeaders(bucket, nowMs));
  }
  const status = fault.status;
  const body =
    fault.body ??
    (status === 502 ? CLOUDFLARE_502 : { message: `${status}: ${STATUS_CODES[status] ?? 'Error'}`, code: 0 });
  if (typeof body !== 'string') return { status, body, headers: { ...fault.headers } };
  const type = body.trimStart().startsWith('<') ? 'text/html; charset=UTF-8' : 'text/plain; charset=UTF-8';
  return { status, body, headers: { 'Content-Type': type, ...fault.headers } };
}

/**
 * Waits `ms` (a `hang` fault with `ms`); false when the client went away meanwhile, or the emulator closed (closing
 * drops every connection, which also ends a `hang` without `ms`).
 */
export async function delay(res: ServerResponse, ms: number): Promise<boolean> {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  return sleep(ms, true, { signal: gone.signal }).catch(() => false);
}
