/** The text the preview shows: Discord markdown as plain data, and dates as Discord prints them. */
import { parse } from 'discord-markdown-parser';

/** Inline formatting that only wraps other nodes, by the parser's node type. */
const WRAPPERS = {
  strong: 'bold',
  em: 'italic',
  underline: 'underline',
  strikethrough: 'strike',
  spoiler: 'spoiler',
  blockQuote: 'quote',
  subtext: 'subtext',
} as const;

/** What a mention looks like in the preview; ids stay ids (the emulator knows no user, role or channel names). */
type MentionKind = 'user' | 'role' | 'channel' | 'everyone' | 'here' | 'command';

/**
 * A piece of rendered Discord markdown. Plain data, so it crosses to the browser as JSON and is turned into DOM
 * nodes there with `textContent` and a fixed set of elements: no string from a message is ever parsed as HTML.
 */
export type RichNode =
  | { type: 'text'; text: string }
  | { type: (typeof WRAPPERS)[keyof typeof WRAPPERS]; children: RichNode[] }
  | { type: 'heading'; level: 1 | 2 | 3; children: RichNode[] }
  | { type: 'code'; text: string }
  | { type: 'codeBlock'; language: string | null; text: string }
  /** `href` is always an absolute http(s) URL. */
  | { type: 'link'; href: string; children: RichNode[] }
  | { type: 'mention'; kind: MentionKind; id: string | null; label: string }
  | { type: 'timestamp'; iso: string; style: string; text: string }
  | { type: 'br' };

type AstNode = { type: string; [key: string]: unknown };

/**
 * Parses Discord markdown as Discord renders webhook content and embed text (masked links allowed) into
 * {@link RichNode}s. Backslash escapes become the plain character, `<t:unix:style>` a formatted date, and links
 * other than http(s) (e.g. `javascript:`) plain text.
 * @see https://support.discord.com/hc/en-us/articles/210298617-Markdown-Text-101-Chat-Formatting-Bold-Italic-Underline
 */
export function renderMarkdown(text: string, time: TimeOptions): RichNode[] {
  return text === '' ? [] : convertAll(parse(text, 'extended'), time);
}

/** The text a reader sees, for places that show no formatting (embed titles, field names, author names). */
export function plainText(nodes: readonly RichNode[]): string {
  const prefix = { channel: '#', command: '/' } as Partial<Record<MentionKind, string>>;
  return nodes
    .map((node) => {
      if (node.type === 'br') return '\n';
      if (node.type === 'mention') return `${prefix[node.kind] ?? '@'}${node.label}`;
      return 'text' in node ? node.text : plainText(node.children);
    })
    .join('');
}

/** An absolute http(s) URL in canonical form, or `undefined` for anything else (relative, `javascript:`, `data:`...). */
export function safeHttpUrl(value: unknown): string | undefined {
  const url = typeof value === 'string' && URL.canParse(value.trim()) ? new URL(value.trim()) : undefined;
  return url?.protocol === 'http:' || url?.protocol === 'https:' ? url.href : undefined;
}

function convertAll(nodes: readonly AstNode[], time: TimeOptions): RichNode[] {
  const out: RichNode[] = [];
  for (const node of nodes.flatMap((item) => convert(item, time))) {
    const last = out[out.length - 1];
    if (node.type === 'text' && last?.type === 'text') last.text += node.text;
    else out.push(node);
  }
  return out;
}

function convert(node: AstNode, time: TimeOptions): RichNode[] {
  const children = () =>
    Array.isArray(node.content) ? convertAll(node.content as AstNode[], time) : text(node.content);
  if (node.type in WRAPPERS) return [{ type: WRAPPERS[node.type as keyof typeof WRAPPERS], children: children() }];
  switch (node.type) {
    case 'text':
    case 'twemoji':
      return text(typeof node.content === 'string' ? node.content : node.name);
    case 'br':
    case 'newline':
      return [{ type: 'br' }];
    case 'heading':
      return [{ type: 'heading', level: node.level === 2 || node.level === 3 ? node.level : 1, children: children() }];
    case 'inlineCode':
      return [{ type: 'code', text: stringOf(node.content) }];
    case 'codeBlock':
      return [{ type: 'codeBlock', language: stringOf(node.lang) || null, text: stringOf(node.content) }];
    case 'link':
    case 'url':
    case 'autolink': {
      const href = safeHttpUrl(node.target);
      return href ? [{ type: 'link', href, children: children() }] : children();
    }
    case 'user':
    case 'role':
    case 'channel':
      return [{ type: 'mention', kind: node.type, id: stringOf(node.id), label: stringOf(node.id) }];
    case 'everyone':
    case 'here':
      return [{ type: 'mention', kind: node.type, id: null, label: node.type }];
    case 'slashCommand':
      return [{ type: 'mention', kind: 'command', id: stringOf(node.id) || null, label: stringOf(node.fullName) }];
    case 'emoji':
      // Custom emoji images live on Discord's CDN, which a local preview must not call: show the name.
      return text(`:${stringOf(node.name)}:`);
    case 'timestamp':
      return timestamp(node, time);
    default:
      return children();
  }
}

function timestamp(node: AstNode, time: TimeOptions): RichNode[] {
  const style = typeof node.format === 'string' ? node.format : 'f';
  const ms = Number(node.timestamp) * 1000;
  if (!isTimestampStyle(style) || Number.isNaN(new Date(ms).getTime())) {
    return text(`<t:${String(node.timestamp)}${typeof node.format === 'string' ? `:${node.format}` : ''}>`);
  }
  return [
    { type: 'timestamp', iso: new Date(ms).toISOString(), style, text: formatDiscordTimestamp(ms / 1000, style, time) },
  ];
}

/** A text node for strings and numbers; nothing for the rest (absent, objects) and for ''. */
function text(value: unknown): RichNode[] {
  const content = stringOf(value);
  return content === '' ? [] : [{ type: 'text', text: content }];
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

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

/** The styles of `<t:unix:style>` (the parser knows no others) but `R` (relative), as Discord's English client prints them. */
const STYLE_FORMATS = {
  t: { hour: 'numeric', minute: '2-digit' },
  T: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  d: { month: '2-digit', day: '2-digit', year: 'numeric' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
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
