import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type JsonValue, toDiscordJson } from './json';

/** An answer not yet written: JSON (Discord-serialised), text, or nothing (204). */
export interface EmulatorResponse {
  status: number;
  body: JsonValue | null;
  /** Send `body` as-is instead of as JSON (HTML error pages, SSE...). */
  rawText?: boolean;
  headers: Record<string, string>;
}

/** A request body read up to a byte limit. */
export interface ReadBody {
  /** The bytes up to the limit (empty when the limit was exceeded). */
  readonly buffer: Buffer;
  readonly tooLarge: boolean;
}

/**
 * Reads the whole body, keeping at most `maxBytes`. An oversized body is still drained, so the client can read the
 * 413 instead of seeing its upload cut off.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > maxBytes;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.once('end', () => resolve({ buffer: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.once('error', reject);
  });
}

/** Writes a response; JSON bodies use Discord's `", "` / `": "` separators. */
export function writeResponse(res: ServerResponse, response: EmulatorResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== null && response.status !== 204) {
    if (response.rawText && typeof response.body === 'string') payload = response.body;
    else {
      payload = toDiscordJson(response.body);
      headers['Content-Type'] ??= 'application/json';
    }
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** A JSON answer with no extra headers. */
export function json(status: number, body: JsonValue): EmulatorResponse {
  return { status, body, headers: {} };
}

/** The client address used for the per-IP global limit. */
export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** A query string as a plain object (first value wins). */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in query)) query[key] = value;
  return query;
}
