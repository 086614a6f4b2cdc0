/** JSON values and HTTP bodies, as the emulator reads and writes them. */
import { type IncomingMessage, type ServerResponse } from 'node:http';

/** A JSON-compatible value. `undefined` object members are dropped when serialised. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object; members may be `undefined` so optional fields can be written inline. */
export type JsonObject = { [key: string]: JsonValue | undefined };

/** An answer not yet written: JSON (Discord-serialised), text (a string body, e.g. an HTML error page), or nothing. */
export interface EmulatorResponse {
  status: number;
  body: JsonValue | null;
  headers: Record<string, string>;
}

/** A JSON answer. */
export const json = (status: number, body: JsonValue | null, headers: Record<string, string> = {}) =>
  ({ status, body, headers }) satisfies EmulatorResponse;

/**
 * Serialises like Discord's Python API (`json.dumps` defaults): `", "` between items and `": "` after keys,
 * e.g. `{"message": "Unknown Webhook", "code": 10015}`.
 */
export function toDiscordJson(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => toDiscordJson(item)).join(', ')}]`;
  if (typeof value !== 'object') return JSON.stringify(value);
  const members = Object.entries(value).filter((entry): entry is [string, JsonValue] => entry[1] !== undefined);
  return `{${members.map(([key, member]) => `${JSON.stringify(key)}: ${toDiscordJson(member)}`).join(', ')}}`;
}

/** The lower-cased media type of a Content-Type header, without parameters. */
export function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** Parses JSON text without throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** True for a plain object (what Discord calls a "dictionary"), false for arrays and null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-copies a value through JSON. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Reads the whole body, keeping at most `maxBytes` (nothing when over). An oversized body is still drained, so the
 * client reads the 413 instead of seeing its upload cut off.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<{ buffer: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  const tooLarge = size > maxBytes || Number(req.headers['content-length'] ?? 0) > maxBytes;
  return { buffer: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge };
}

/** Writes a response; JSON bodies use Discord's separators. */
export function writeResponse(res: ServerResponse, response: EmulatorResponse): void {
  const headers = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== null && response.status !== 204) {
    if (typeof response.body === 'string') payload = response.body;
    else {
      payload = toDiscordJson(response.body);
      headers['Content-Type'] ??= 'application/json';
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** A bug in the emulator: Discord's rare 500, saying what broke so the test output shows it. */
export function internalError(error: unknown): EmulatorResponse {
  const detail = error instanceof Error ? error.message : String(error);
  return json(500, { message: '500: Internal Server Error', code: 0, emulator_error: detail });
}
