/** Where and when a timestamp is shown: the viewer's time zone (the emulator's, for a local preview) and "now". */
export interface TimeOptions {
  /** Epoch milliseconds; decides "Today"/"Yesterday" and relative times. */
  readonly nowMs: number;
  /** IANA zone, e.g. `UTC`; default the process's zone. */
  readonly timeZone?: string;
}

/** A time as the preview shows it: machine-readable and as Discord would print it. */
export interface DisplayTime {
  readonly iso: string;
  readonly text: string;
}

const LOCALE = 'en-US';

/** The styles of `<t:unix:style>` but `R` (relative), as Discord's English client prints them. */
const STYLE_FORMATS = {
  t: { hour: 'numeric', minute: '2-digit' },
  T: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  d: { month: '2-digit', day: '2-digit', year: 'numeric' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
  s: { month: '2-digit', day: '2-digit', year: 'numeric', hour: 'numeric', minute: '2-digit' },
  S: { month: '2-digit', day: '2-digit', year: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A style letter of `<t:unix:style>`; `f` is the default. */
export type TimestampStyle = keyof typeof STYLE_FORMATS | 'R';

/** Relative-time units, largest first, in seconds. */
const RELATIVE_UNITS = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
] as const satisfies readonly (readonly [Intl.RelativeTimeFormatUnit, number])[];

/** True for a style letter Discord accepts in `<t:unix:style>`. */
export function isTimestampStyle(value: string): value is TimestampStyle {
  return value === 'R' || Object.hasOwn(STYLE_FORMATS, value);
}

/**
 * Formats a `<t:unix:style>` timestamp the way Discord's client does in English, e.g. `F` ->
 * "Tuesday, November 14, 2023 at 10:13 PM", `R` -> "3 days ago".
 * @see https://discord.com/developers/docs/reference#message-formatting-timestamp-styles
 */
export function formatDiscordTimestamp(unixSeconds: number, style: TimestampStyle, options: TimeOptions): string {
  const ms = unixSeconds * 1000;
  if (style !== 'R')
    return new Intl.DateTimeFormat(LOCALE, { ...STYLE_FORMATS[style], timeZone: options.timeZone }).format(ms);
  const seconds = Math.round((ms - options.nowMs) / 1000);
  const [unit, size] = RELATIVE_UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1];
  return new Intl.RelativeTimeFormat(LOCALE, { numeric: 'always' }).format(Math.trunc(seconds / size), unit);
}

/**
 * A message or embed timestamp as Discord prints it next to the author or in the footer: "Today at 3:04 PM",
 * "Yesterday at 11:58 PM", otherwise "11/26/2026 3:04 PM". `undefined` for an unparseable string.
 */
export function formatMessageTime(iso: string, options: TimeOptions): DisplayTime | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const zone = { timeZone: options.timeZone };
  const time = new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', minute: '2-digit', ...zone }).format(ms);
  const day = (at: number) => new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', ...zone }).format(at);
  let date = new Intl.DateTimeFormat(LOCALE, { ...STYLE_FORMATS.d, ...zone }).format(ms);
  if (day(ms) === day(options.nowMs)) date = 'Today at';
  else if (day(ms) === day(options.nowMs - 86_400_000)) date = 'Yesterday at';
  return { iso: new Date(ms).toISOString(), text: `${date} ${time}` };
}
