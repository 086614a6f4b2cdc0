/**
 * Text helpers that count and cut strings the way Discord does, and make untrusted text render literally.
 *
 * Pure and sandbox-safe: these run inside Temporal workflow code, so no Node built-ins and no I/O.
 */

/**
 * The characters Python's `str.strip()` removes (Discord's API is Python 3, and it trims before counting): Unicode
 * White_Space plus U+001C–U+001F, which Python also treats as whitespace (bidi classes B and S).
 * Unlike `String.prototype.trim`, U+FEFF and U+200B are NOT whitespace here: Discord keeps and counts them.
 */
const WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_WS = new RegExp(`^[${WS}]+`);
const ONE_WS = new RegExp(`^[${WS}]$`);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Zero-width space: invisible, not whitespace to Discord, and enough to break a mention or fill a required field. */
export const ZERO_WIDTH_SPACE = '\u200b';

/** True when `ch` (one code point) is whitespace by Python's `str.isspace()` rule, the set Discord trims. */
export function isWhitespace(ch: string): boolean {
  // Fast path for the common case; the regex decides the rest.
  if (ch > ' ' && ch < '\x85') return false;
  return ONE_WS.test(ch);
}

/** Removes leading and trailing whitespace with Python's `str.strip()` rule (see {@link isWhitespace}). */
export function trimWhitespace(s: string): string {
  return trimWhitespaceEnd(s.replace(LEADING_WS, ''));
}

/** Removes trailing whitespace with Python's rule. */
export function trimWhitespaceEnd(s: string): string {
  // A backwards scan, because `/[ws]+$/` is quadratic on text with long inner runs of whitespace.
  let end = s.length;
  while (end > 0 && ONE_WS.test(s.charAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** True when nothing but whitespace (Python's rule) is left after trimming. */
export function isBlank(s: string): boolean {
  return trimWhitespace(s) === '';
}

/**
 * Length as Discord counts it: Unicode code points after trimming leading and trailing whitespace.
 * `'  😀 '` is 1, where `.length` would say 5.
 * @see https://github.com/discord/discord-api-docs/issues/1315 (staff: the API counts code points)
 */
export function codePointLength(s: string): number {
  let count = 0;
  // for..of walks code points, so a surrogate pair counts once.
  for (const _ of trimWhitespace(s)) count++;
  return count;
}

/** Replaces unpaired UTF-16 surrogates with U+FFFD: they are not Unicode text and Discord cannot store them. */
export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * Cuts `s` so that {@link codePointLength} of the result is at most `max`, ending in `ellipsis` when anything was cut.
 * Cuts between code points, never inside a surrogate pair. A string that already fits is returned unchanged; a cut
 * one is also trimmed, so its raw length fits too. When `max` is too small for the ellipsis, no ellipsis is added.
 * @default ellipsis '…' (one code point)
 */
export function truncate(s: string, max: number, ellipsis = '…'): string {
  if (codePointLength(s) <= max) return s;
  const trimmed = trimWhitespace(s);
  const markerLength = Array.from(ellipsis).length;
  if (max <= markerLength) return trimWhitespaceEnd(trimmed.slice(0, codePointOffset(trimmed, Math.max(0, max))));
  return trimWhitespaceEnd(trimmed.slice(0, codePointOffset(trimmed, max - markerLength))) + ellipsis;
}

/** The UTF-16 index just past the first `count` code points of `s` (a lone surrogate counts as one, as `for..of`). */
function codePointOffset(s: string, count: number): number {
  let index = 0;
  for (let n = 0; n < count && index < s.length; n++) index += (s.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  return index;
}

/**
 * Backslash-escapes Discord markdown so untrusted text renders literally: the inline markers `\ * _ ~ ` |` and the
 * brackets `[ ]` everywhere (no masked link `[text](url)` can form), and at line starts what opens a block:
 * `#` headings, `>` quotes, `-`/`+` lists, `-#` subtext and the dot of `1.`. Text such as `Min-Ji` or `lead-sync`
 * stays as it is.
 * @see https://support.discord.com/hc/en-us/articles/210298617 (Markdown Text 101)
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^([ \t]*)([#>+-])/gm, '$1\\$2')
    .replace(/^([ \t]*)(\d+)\.(?=[ \t]|$)/gm, '$1$2\\.');
}

/** A character that may end an e-mail address's local part (RFC 5322 atext and the dot; `\\` from escaping). */
const EMAIL_LOCAL_END = /[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.\\-]/u;
/** A domain that merely starts with `everyone` or `here`: `everyone.example`, `herefordfarms.com`. */
const EMAIL_DOMAIN = /^(?:everyone|here)[\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)+/iu;

/**
 * Makes mention syntax inert: `@everyone`/`@here` (any case) get a zero-width space after the `@`, and `<@id>`,
 * `<@!id>`, `<@&id>`, `<#id>` (also with an escaped `\#`) get one after the `<`. The text still reads the same and
 * nothing can ping, even if a later `allowed_mentions` were too permissive.
 *
 * An e-mail address is left as typed (`bob@herefordfarms.com`, `ann@everyone.example`): a zero-width space in it would
 * break the address a reader copies. That is safe because pings never come from text here: every message carries an
 * explicit `allowed_mentions`, and untrusted text only goes into embeds, where Discord never pings.
 * @see https://discord.com/developers/docs/reference#message-formatting
 */
export function neutralizeMentions(s: string): string {
  return s
    .replace(/@(?=everyone|here)/gi, (at: string, offset: number, whole: string) =>
      offset > 0 && EMAIL_LOCAL_END.test(whole.charAt(offset - 1)) && EMAIL_DOMAIN.test(whole.slice(offset + 1))
        ? at
        : `@${ZERO_WIDTH_SPACE}`,
    )
    .replace(/<(?=\\?[@#])/g, `<${ZERO_WIDTH_SPACE}`);
}

/**
 * {@link escapeMarkdown} then {@link neutralizeMentions}: for user-supplied text (lead names, error messages) placed
 * inside a template. The order matters: neutralizing adds no markdown, so nothing gets escaped twice.
 */
export function escapeUntrusted(s: string): string {
  return neutralizeMentions(escapeMarkdown(s));
}

/** Line breaks (CR, LF, NEL, LS, PS) folded into single spaces: for titles, names and other one-line places. */
export function singleLine(s: string): string {
  return s.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');
}

/** {@link escapeUntrusted} for one-line places (embed titles, author and field names): line breaks become spaces. */
export function escapeUntrustedInline(s: string): string {
  return escapeUntrusted(singleLine(s));
}
