import { JSON_CODES, LIMITS } from './constants';
import { DiscordErrors, discordError, formError } from './discord-errors';
import { FormErrors } from './form-errors';
import { parseJson, type JsonObject, type JsonValue } from './json';
import { parseMultipart } from './multipart';

/** A file part of a multipart upload (the bytes are not kept). */
export interface UploadedFile {
  /** The `n` of `files[n]`, which `attachments[].id` refers to. */
  readonly index: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** A decoded request body: the JSON-like payload and any uploaded files. */
export interface DecodedBody {
  readonly payload: unknown;
  readonly files: readonly UploadedFile[];
}

const ACCEPTED_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] as const;

/** The lower-cased media type of a Content-Type header, without parameters. */
export function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

/**
 * Decodes a body the way Discord accepts it: JSON, url-encoded form fields, or multipart with `payload_json` and
 * `files[n]`. An empty body is an empty payload (which then fails as an empty message).
 * @throws {DiscordHttpError} 400/50035 for another Content-Type, 400/50109 for invalid JSON, 413/40005 for a file
 * over 10 MiB, 400/30015 for more than 10 files.
 * @see https://discord.com/developers/docs/reference#uploading-files
 */
export function decodeBody(body: Buffer, contentType: string | undefined): DecodedBody {
  if (body.length === 0) return { payload: {}, files: [] };
  const type = mediaType(contentType);
  if (type === 'application/json') return { payload: jsonPayload(body.toString('utf8')), files: [] };
  if (type === 'application/x-www-form-urlencoded') {
    return { payload: coerceFormFields([...new URLSearchParams(body.toString('utf8'))]), files: [] };
  }
  if (type === 'multipart/form-data') return decodeMultipart(body, contentType ?? '');
  const errors = new FormErrors();
  const accepted = ACCEPTED_TYPES.map((accepted) => `'${accepted}'`).join(', ');
  errors.add([], 'CONTENT_TYPE_INVALID', `Expected "Content-Type" header to be one of {${accepted}}.`);
  throw formError(errors);
}

function jsonPayload(text: string): unknown {
  const parsed = parseJson(text);
  if (!parsed.ok) throw DiscordErrors.invalidJson();
  return parsed.value;
}

function decodeMultipart(body: Buffer, contentType: string): DecodedBody {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const parts = boundary ? parseMultipart(body, boundary) : undefined;
  if (!parts) throw discordError(400, JSON_CODES.general, '400: Bad Request');
  const fields: [string, string][] = [];
  const files: UploadedFile[] = [];
  let payload: unknown = undefined;
  for (const part of parts) {
    if (part.name === 'payload_json') payload = jsonPayload(part.data.toString('utf8'));
    else if (part.filename !== undefined) {
      if (part.data.length > LIMITS.fileBytes) throw DiscordErrors.tooLarge();
      const index = /^files\[(\d+)\]$/.exec(part.name)?.[1] ?? String(files.length);
      files.push({
        index,
        filename: part.filename,
        contentType: part.contentType ?? 'application/octet-stream',
        size: part.data.length,
      });
    } else fields.push([part.name, part.data.toString('utf8')]);
  }
  if (files.length > LIMITS.attachments) throw DiscordErrors.maxAttachments();
  return { payload: payload ?? coerceFormFields(fields), files };
}

/** Form fields arrive as strings; Discord coerces the scalar ones it knows. */
function coerceFormFields(entries: [string, string][]): JsonObject {
  const payload: JsonObject = {};
  for (const [key, value] of entries) {
    if (key in payload) continue;
    if ((key === 'tts' || key === 'wait') && /^(true|false|1|0)$/i.test(value)) {
      payload[key] = /^(true|1)$/i.test(value);
    } else if (key === 'flags' && /^\d+$/.test(value)) payload[key] = Number(value);
    else payload[key] = value;
  }
  return payload;
}

/**
 * What the request log keeps of a body: parsed JSON, the form fields, a multipart summary, or the raw text.
 */
export function summarizeBody(body: Buffer, contentType: string | undefined, maxChars = 100_000): JsonValue | null {
  if (body.length === 0) return null;
  const type = mediaType(contentType);
  if (type === 'multipart/form-data') {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
    const parts = boundary ? parseMultipart(body, boundary) : undefined;
    if (parts) {
      return parts.map((part) =>
        part.filename !== undefined
          ? { name: part.name, filename: part.filename, size: part.data.length }
          : { name: part.name, value: truncate(part.data.toString('utf8'), maxChars) },
      );
    }
  }
  const text = body.toString('utf8');
  if (type === 'application/json') {
    const parsed = parseJson(text);
    if (parsed.ok && text.length <= maxChars) return parsed.value as JsonValue;
  }
  return truncate(text, maxChars);
}

function truncate(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}… (${text.length} characters)` : text;
}
