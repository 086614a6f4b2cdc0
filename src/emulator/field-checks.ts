import { LIMITS } from './constants';
import { type FormErrors, type FormPath } from './discord-errors';
import { isPlainObject } from './http-io';
import { isSnowflake } from './snowflake';

/**
 * Python's whitespace (`str.isspace()`), which Discord's API strips: JavaScript's `trim()` differs (it removes U+FEFF
 * and keeps U+001C-U+001F and U+0085).
 */
const WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGE_WHITESPACE = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');

/** Strips leading and trailing whitespace the way Discord (Python's `str.strip()`) does. */
export function discordTrim(text: string): string {
  return text.replace(EDGE_WHITESPACE, '');
}

/**
 * Discord's length rule: Unicode code points after trimming leading and trailing whitespace
 * (discord-api-docs#1315: the API counts code points, not UTF-16 units or bytes).
 */
export function codePointLength(text: string): number {
  return [...discordTrim(text)].length;
}

/** Schemes accepted in URL fields. */
export type UrlSchemes = readonly ('http' | 'https' | 'attachment')[];

const REQUIRED = 'This field is required';

/**
 * Primitive checks that write Discord-shaped errors into one {@link FormErrors}. Every check returns the accepted
 * value, or `undefined` when the value was absent (null counts as absent) or invalid.
 */
export class FieldChecks {
  constructor(readonly errors: FormErrors) {}

  /** Records an error; returns `undefined` so that a check can end with `return this.fail(...)`. */
  fail(path: FormPath, code: string, message: string): undefined {
    this.errors.add(path, code, message);
    return undefined;
  }

  /** A string of at most `max` code points after trimming; `required` also refuses a blank one. */
  string(path: FormPath, value: unknown, max: number, required = false): string | undefined {
    if (value == null) return required ? this.fail(path, 'BASE_TYPE_REQUIRED', REQUIRED) : undefined;
    if (typeof value !== 'string') {
      return this.fail(path, 'STRING_TYPE_CONVERT', `Could not interpret "${describe(value)}" as string.`);
    }
    const length = codePointLength(value);
    if (required && length === 0) return this.fail(path, 'BASE_TYPE_REQUIRED', REQUIRED);
    if (length > max) return this.fail(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    return value;
  }

  /** An integer within [min, max]. */
  integer(path: FormPath, value: unknown, min: number, max: number): number | undefined {
    if (value == null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return this.fail(path, 'NUMBER_TYPE_COERCE', `Value "${describe(value)}" is not int.`);
    }
    if (value < min) return this.fail(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
    if (value > max) return this.fail(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
    return value;
  }

  /** A JSON boolean. */
  boolean(path: FormPath, value: unknown): boolean | undefined {
    if (value == null || typeof value === 'boolean') return value ?? undefined;
    return this.fail(path, 'BOOLEAN_TYPE_CONVERT', 'Must be either true or false.');
  }

  /** A snowflake, sent as a decimal string (or a safe integer, which Discord also accepts). */
  snowflake(path: FormPath, value: unknown): string | undefined {
    if (value == null) return undefined;
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text === 'string' && isSnowflake(text)) return text;
    return this.fail(path, 'NUMBER_TYPE_COERCE', `Value "${describe(value)}" is not snowflake.`);
  }

  /** An absolute URL with one of `schemes`, at most 2048 characters. */
  url(path: FormPath, value: unknown, schemes: UrlSchemes, required = false): string | undefined {
    const text = this.string(path, value, LIMITS.urlLength, required)?.trim();
    if (text === undefined) return undefined;
    const scheme = URL.canParse(text) ? new URL(text).protocol.slice(0, -1) : undefined;
    if (scheme === undefined) return this.fail(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    if ((schemes as readonly string[]).includes(scheme)) return text;
    const choices = schemes.map((s) => `'${s}'`).join(', ');
    const message = `Scheme "${scheme}" is not supported. Scheme must be one of (${choices}).`;
    return this.fail(path, 'URL_TYPE_INVALID_SCHEME', message);
  }

  /** An array, with BASE_TYPE_MAX_LENGTH past `max` (the items are still returned so they get checked too). */
  list(path: FormPath, value: unknown, max: number): unknown[] | undefined {
    if (value == null) return undefined;
    if (!Array.isArray(value)) return this.fail(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    if (value.length > max) this.errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    return value as unknown[];
  }

  /** A JSON object. */
  dict(path: FormPath, value: unknown): Record<string, unknown> | undefined {
    if (value == null || isPlainObject(value)) return value ?? undefined;
    return this.fail(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  }

  /** An ISO 8601 date-time, returned in Discord's `+00:00` form. */
  timestamp(path: FormPath, value: unknown): string | undefined {
    if (value == null) return undefined;
    const ms = typeof value === 'string' ? parseIso8601(value) : undefined;
    if (ms !== undefined) return discordTimestamp(ms);
    return this.fail(path, 'DATE_TYPE_PARSE', `Could not parse ${describe(value)}. Should be ISO8601.`);
  }
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Parses a strict ISO 8601 date or date-time (no time zone = UTC); `undefined` when it is not one. */
export function parseIso8601(text: string): number | undefined {
  const match = ISO_8601.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4)}`;
  const ms = Date.parse(
    `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`,
  );
  // Date.parse rolls 2024-02-30 over to March; Discord rejects it, so compare the calendar day back.
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (Number.isNaN(ms) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day))
    return undefined;
  return ms;
}

/** Formats epoch milliseconds the way Discord's Python `isoformat()` does: `2024-05-01T12:00:00.123000+00:00`. */
export function discordTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const millis = iso.slice(20, 23);
  return millis === '000' ? `${iso.slice(0, 19)}+00:00` : `${iso.slice(0, 19)}.${millis}000+00:00`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}
