import { LIMITS } from './constants';
import { type FormErrors, type FormPath } from './form-errors';
import { isPlainObject } from './json';
import { isSnowflake } from './snowflake';

/**
 * Python's whitespace (`str.isspace()`), which Discord's API strips: JavaScript's `trim()` differs (it removes U+FEFF
 * and keeps U+001C-U+001F and U+0085).
 */
// U+001C-U+001F are whitespace to Python, hence to Discord.
const EDGE_WHITESPACE =
  // eslint-disable-next-line no-control-regex
  /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

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

/** Options for {@link FieldChecks.string}. */
export interface StringRule {
  /** Inclusive maximum in code points after trimming. */
  max?: number;
  /** Missing, null or blank -> BASE_TYPE_REQUIRED. */
  required?: boolean;
  /** Inclusive [min, max] answered with BASE_TYPE_BAD_LENGTH (the username rule). */
  between?: readonly [number, number];
}

/** Schemes accepted in URL fields. */
export type UrlSchemes = readonly ('http' | 'https' | 'attachment')[];

/**
 * Primitive checks that write Discord-shaped errors into one {@link FormErrors}. Every check returns the accepted
 * value, or `undefined` when the value was absent (null counts as absent) or invalid.
 */
export class FieldChecks {
  constructor(readonly errors: FormErrors) {}

  /** A string with Discord's trimmed code-point length rules. */
  string(path: FormPath, value: unknown, rule: StringRule = {}): string | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.errors.add(path, 'STRING_TYPE_CONVERT', `Could not interpret "${describe(value)}" as string.`);
      return undefined;
    }
    const length = codePointLength(value);
    if (rule.required && length === 0) {
      this.errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (rule.between && (length < rule.between[0] || length > rule.between[1])) {
      const [min, max] = rule.between;
      this.errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
      return undefined;
    }
    if (rule.max !== undefined && length > rule.max) {
      this.errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${rule.max} or fewer in length.`);
      return undefined;
    }
    return value;
  }

  /** An integer within [min, max]. */
  integer(path: FormPath, value: unknown, min: number, max: number): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${describe(value)}" is not int.`);
      return undefined;
    }
    if (value < min) {
      this.errors.add(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
      return undefined;
    }
    if (value > max) {
      this.errors.add(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
      return undefined;
    }
    return value;
  }

  /** A JSON boolean. */
  boolean(path: FormPath, value: unknown): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.errors.add(path, 'BOOLEAN_TYPE_CONVERT', 'Must be either true or false.');
      return undefined;
    }
    return value;
  }

  /** A snowflake, sent as a decimal string (or a safe integer, which Discord also accepts). */
  snowflake(path: FormPath, value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== 'string' || !isSnowflake(text)) {
      this.errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${describe(value)}" is not snowflake.`);
      return undefined;
    }
    return text;
  }

  /** An absolute URL with one of `schemes`, at most 2048 characters. */
  url(path: FormPath, value: unknown, schemes: UrlSchemes, required = false): string | undefined {
    const text = this.string(path, value, { max: LIMITS.urlLength, required });
    if (text === undefined) return undefined;
    let scheme: string;
    try {
      scheme = new URL(text.trim()).protocol.replace(/:$/, '');
    } catch {
      this.errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      return undefined;
    }
    if (!(schemes as readonly string[]).includes(scheme)) {
      const choices = schemes.map((s) => `'${s}'`).join(', ');
      this.errors.add(
        path,
        'URL_TYPE_INVALID_SCHEME',
        `Scheme "${scheme}" is not supported. Scheme must be one of (${choices}).`,
      );
      return undefined;
    }
    return text.trim();
  }

  /** An array, with BASE_TYPE_MAX_LENGTH past `max` (the items are still returned so they get checked too). */
  list(path: FormPath, value: unknown, max: number): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
      return undefined;
    }
    if (value.length > max) this.errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    return value as unknown[];
  }

  /** A JSON object. */
  dict(path: FormPath, value: unknown, required = false): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (required) this.errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (!isPlainObject(value)) {
      this.errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return undefined;
    }
    return value;
  }

  /** An ISO 8601 date-time, returned in Discord's `+00:00` form. */
  timestamp(path: FormPath, value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    const ms = typeof value === 'string' ? parseIso8601(value) : undefined;
    if (ms === undefined) {
      this.errors.add(path, 'DATE_TYPE_PARSE', `Could not parse ${describe(value)}. Should be ISO8601.`);
      return undefined;
    }
    return discordTimestamp(ms);
  }
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Parses a strict ISO 8601 date or date-time (no time zone = UTC); `undefined` when it is not one. */
export function parseIso8601(text: string): number | undefined {
  const match = ISO_8601.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : normaliseOffset(zone);
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2024-02-30 over to March; Discord rejects it, so compare the calendar day back.
  const local = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (local.getUTCMonth() !== Number(month) - 1 || local.getUTCDate() !== Number(day)) return undefined;
  return ms;
}

function normaliseOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4)}`;
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
