// Number, date and text formats of the templates. Pure and deterministic (they run inside workflows).

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percents = [0, 1, 2].map(
  (digits) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
);

/** `$1,234.50`: dollars with two decimals and thousands separators. */
export const formatMoney = (dollars: number): string => money.format(dollars);

/** `1,234`. */
export const formatCount = (value: number): string => counts.format(value);

/** `2.35%` with the given decimals (0-2). */
export const formatPercent = (value: number, decimals: 0 | 1 | 2): string => `${percents[decimals]!.format(value)}%`;

/** Python's `str.title()`: every run of letters starts upper-case, the rest lower-case (`linkedin` → `Linkedin`). */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[^\p{L}])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function parts(date: Date, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', ...options });
  return Object.fromEntries(formatter.formatToParts(date).map((part) => [part.type, part.value]));
}

/** The calendar date `YYYY-MM-DD` of an instant in a time zone. */
export function dateIn(date: Date, timeZone: string): string {
  const p = parts(date, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** `2026-11-28 09:30:00 CET`: the seed's `%Y-%m-%d %H:%M:%S`, in a time zone, with the zone's short name. */
export function dateTimeIn(date: Date, timeZone: string): string {
  const p = parts(date, timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

/**
 * Discord's timestamp markup, shown in each reader's own time zone.
 * @see https://discord.com/developers/docs/reference#message-formatting-timestamp-styles
 */
export function discordTimestamp(date: Date, style: 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R' = 'F'): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
}

/** The seed's description cut: the first 200 characters, plus `...` when there was more. */
export function preview(text: string, maxChars = 200): string {
  const codePoints = Array.from(text);
  return codePoints.length > maxChars ? `${codePoints.slice(0, maxChars).join('')}...` : text;
}

/** `90000` as `1m 30s`: hours, minutes and seconds, largest first (ms only below a second). */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (parts.length === 0) return `${rest}ms`;
  return parts.join(' ');
}
