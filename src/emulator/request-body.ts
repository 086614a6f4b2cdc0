import { DiscordErrors, formError, FormErrors } from './discord-errors';
import { parseJson, type JsonValue } from './http-io';
import { FORM_CONTENT_TYPES, formBodyNotModelled } from './not-modelled';

/** The lower-cased media type of a Content-Type header, without parameters. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/**
 * Decodes a JSON body; an empty body is an empty payload (which then fails as an empty message).
 * @throws {DiscordHttpError} 400/50109 for invalid JSON; 400/50035 for a Content-Type Discord refuses, and for the
 * form and multipart bodies Discord accepts but the emulator does not model.
 * @see https://discord.com/developers/docs/reference#http-api-content-type
 */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return {};
  const type = mediaType(contentType);
  if (type === 'application/json') {
    const parsed = parseJson(body.toString('utf8'));
    if (!parsed.ok) throw DiscordErrors.invalidJson();
    return parsed.value;
  }
  if (type !== undefined && FORM_CONTENT_TYPES.includes(type)) throw formBodyNotModelled(type);
  const errors = new FormErrors();
  const accepted = ['application/json', ...FORM_CONTENT_TYPES].map((accepted) => `'${accepted}'`).join(', ');
  errors.add([], 'CONTENT_TYPE_INVALID', `Expected "Content-Type" header to be one of {${accepted}}.`);
  throw formError(errors);
}

/** What the request log keeps of a body: parsed JSON, else the text (both cut at `maxChars`). */
export function summarizeBody(body: Buffer, contentType: string | undefined, maxChars = 100_000): JsonValue | null {
  if (body.length === 0) return null;
  const text = body.toString('utf8');
  if (mediaType(contentType) === 'application/json' && text.length <= maxChars) {
    const parsed = parseJson(text);
    if (parsed.ok) return parsed.value as JsonValue;
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}… (${text.length} characters)` : text;
}
