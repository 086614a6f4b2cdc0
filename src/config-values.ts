// Value parsers of the configuration schema (src/config.ts): pure, no environment access.
import { z } from 'zod';
import type { Mentions } from './discord/schemas';
import { formatDuration } from './messages/format';
import { SNOWFLAKE_PATTERN, type BoundedMs } from './vocabulary';

/** `PORT=` in .env means unset, not an empty string (which would skip defaults and break number parsing). */
export const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
export const optionalString = z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional());
export const withDefault = (fallback: string) =>
  z.preprocess(emptyAsUndefined, z.string().trim().min(1).default(fallback));

/** `true`/`1` or `false`/`0`; unset is false. */
export const flag = z.preprocess(
  emptyAsUndefined,
  z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).default('false'),
);

export const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/, { message: 'must be host:port, e.g. localhost:7233', abort: true })
  .refine((value) => Number(value.slice(value.lastIndexOf(':') + 1)) <= 65_535, 'port must be at most 65535');

export const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM in 24-hour time, e.g. 09:30')
  .transform((value) => ({ hour: Number(value.slice(0, 2)), minute: Number(value.slice(3)) }));

/** The days of the week as Temporal's schedule calendars name them. */
export const WEEK_DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** `monday` … `sunday` or `mon` … `sun`, in any case. */
export const weekDay = z.string().transform((value, context): WeekDay => {
  const text = value.trim().toUpperCase();
  const day = WEEK_DAYS.find((name) => name === text || (text.length === 3 && name.startsWith(text)));
  if (day === undefined) {
    context.addIssue({ code: 'custom', message: 'must be a day of the week, e.g. monday (or mon)' });
    return z.NEVER;
  }
  return day;
});

export const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as UTC or Europe/Berlin');

/** A whole number of milliseconds within `bounds` (src/vocabulary/timeouts.ts). */
export const boundedMs = ({ defaultMs, minMs, maxMs }: BoundedMs) => integer(minMs, maxMs, defaultMs);

export const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      // Only a non-number gets this message; out of range says the range.
      .number({ error: (issue) => (issue.code === 'invalid_type' ? 'must be a whole number' : undefined) })
      .int('must be a whole number')
      .min(min)
      .max(max)
      .default(fallback),
  );

/** `1500ms`, `10s`, `2m`, `1h` or a bare number of ms. */
export function parseDuration(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  if (!match) return undefined;
  const factor = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * factor);
}

/**
 * `<count>/<window>`, e.g. `30/60s` or `30/1m`: at most count messages per window (1 to 1000 per 1 s to 1 h); `off`
 * switches the limit off (null), for sinks that are not Discord.
 */
export const windowLimit = z.string().transform((value, ctx) => {
  const text = value.trim().toLowerCase();
  if (text === 'off') return null;
  const match = /^(\d+)\s*\/\s*(.+)$/.exec(text);
  const limit = match ? Number(match[1]) : NaN;
  const windowMs = match?.[2] === undefined ? undefined : parseDuration(match[2]);
  if (
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > 1_000 ||
    windowMs === undefined ||
    windowMs < 1_000 ||
    windowMs > 3_600_000
  ) {
    ctx.addIssue({ code: 'custom', message: 'must be <messages>/<window> (1-1000 per 1s-1h), e.g. 30/60s, or off' });
    return z.NEVER;
  }
  return { limit, windowMs };
});

/** A duration variable (`30s`, `5m`, `1h`) in milliseconds, within `bounds` (src/vocabulary/timeouts.ts). */
export const duration = ({ defaultMs, minMs, maxMs }: BoundedMs) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default(String(defaultMs))
      .transform((value, context) => {
        const ms = parseDuration(value);
        if (ms === undefined || ms < minMs || ms > maxMs) {
          context.addIssue({
            code: 'custom',
            message: `must be a duration from ${formatDuration(minMs)} to ${formatDuration(maxMs)}, e.g. 90s, 5m or 1h`,
          });
          return z.NEVER;
        }
        return ms;
      }),
  );

/** Parses `role:<id>,user:<id>,everyone` into who may be pinged. */
export function parseMentions(variable: string, value: string, problems: string[]): Mentions {
  const mentions: { users: string[]; roles: string[]; everyone: boolean } = { users: [], roles: [], everyone: false };
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [kind, id] = entry.split(':', 2);
    if (entry.toLowerCase() === 'everyone') mentions.everyone = true;
    else if ((kind === 'role' || kind === 'user') && id && SNOWFLAKE_PATTERN.test(id)) {
      (kind === 'role' ? mentions.roles : mentions.users).push(id);
    } else problems.push(`${variable}: "${entry}" is not role:<id>, user:<id> or everyone`);
  }
  return {
    ...(mentions.users.length > 0 && { users: [...new Set(mentions.users)] }),
    ...(mentions.roles.length > 0 && { roles: [...new Set(mentions.roles)] }),
    ...(mentions.everyone && { everyone: true }),
  };
}
