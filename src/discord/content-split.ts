/**
 * Splits long message content into chunks Discord accepts, without breaking ``` code blocks. Pure and sandbox-safe.
 */
import { DISCORD_LIMITS } from './limits';
import { isWhitespace, trimWhitespace, trimWhitespaceEnd } from './text';

/** An open ``` block and the language tag it was opened with ('' for none). */
interface Fence {
  lang: string;
  /** Index (in code points) of the opening backticks. */
  openedAt: number;
}

const FENCE_CLOSE = '\n```';
/** Below this budget there is no room to close and reopen fences and still make progress, so fences are ignored. */
const MIN_FENCE_AWARE_CHARS = 16;
const LANG_CHAR = /^[A-Za-z0-9_+\-.#]$/;

/** Walks `cp[from, to)` and returns the fence still open at `to`, starting from `open` (the state at `from`). */
function fenceAt(cp: readonly string[], from: number, to: number, open: Fence | undefined): Fence | undefined {
  let i = from;
  while (i + 2 < to) {
    if (cp[i] !== '`' || cp[i + 1] !== '`' || cp[i + 2] !== '`') {
      i++;
      continue;
    }
    const start = i;
    while (i < to && cp[i] === '`') i++; // a longer run of backticks is still one fence marker
    if (open) {
      open = undefined;
      continue;
    }
    // Discord reads a language tag only when it runs straight from the backticks to a newline.
    let end = i;
    while (end < cp.length && LANG_CHAR.test(cp[end] ?? '')) end++;
    const lang = cp[end] === '\n' ? cp.slice(i, end).join('') : '';
    open = { lang, openedAt: start };
  }
  return open;
}

/** Where one chunk's body ends (exclusive) and where the next chunk starts; the code points between are whitespace. */
interface Break {
  end: number;
  next: number;
}

/**
 * Picks the break for a body starting at `pos` of at most `budget` code points: a line break in the window's second
 * half, else a word break there, else any line break, else any word break, else a hard cut (between code points, and
 * not inside a run of backticks when avoidable). The body always keeps at least one non-whitespace character.
 */
function pickBreak(cp: readonly string[], pos: number, budget: number): Break {
  const limit = pos + budget;
  let firstSolid = pos;
  while (firstSolid < limit && isWhitespace(cp[firstSolid] ?? '')) firstSolid++;
  const find = (test: (ch: string) => boolean, lowest: number): number => {
    for (let i = Math.min(limit, cp.length - 1); i > Math.max(lowest, firstSolid); i--) if (test(cp[i] ?? '')) return i;
    return -1;
  };
  const half = pos + Math.floor(budget / 2);
  const isNewline = (ch: string) => ch === '\n';
  const searches: [(ch: string) => boolean, number][] = [
    [isNewline, half],
    [isWhitespace, half],
    [isNewline, pos],
    [isWhitespace, pos],
  ];
  for (const [test, lowest] of searches) {
    const at = find(test, lowest);
    if (at >= 0) return { end: at, next: at + 1 };
  }
  let end = limit;
  while (end - 1 > firstSolid && cp[end - 1] === '`' && cp[end] === '`') end--;
  return { end, next: end };
}

/**
 * Splits `text` into chunks of at most `maxChars` code points each (raw, so also after Discord's trim), breaking at
 * line boundaries, else word boundaries, else between code points. A chunk that would end inside a ``` block is closed
 * with "\n```" and the next chunk reopens it with the same language tag; those added characters count toward the
 * limit. Chunks are trimmed and never blank; only whitespace at the breaks is dropped.
 * @default maxChars 2000 (Discord's `content` limit)
 * @throws RangeError when `maxChars` is not a positive integer
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
export function splitContent(text: string, maxChars: number = DISCORD_LIMITS.contentChars): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError(`maxChars must be a positive integer`);
  const cp = Array.from(trimWhitespace(text));
  const fenceAware = maxChars >= MIN_FENCE_AWARE_CHARS;
  const chunks: string[] = [];
  let pos = 0;
  let open: Fence | undefined;
  while (pos < cp.length) {
    // Outside a code block leading whitespace is dropped like Discord would; inside, it is indentation.
    if (!open) while (pos < cp.length && isWhitespace(cp[pos] ?? '')) pos++;
    if (pos >= cp.length) break;
    const reopen = open ? reopenMarker(open.lang, maxChars) : '';
    const budget = maxChars - Array.from(reopen).length;
    if (open) pos = skipUnfittingIndent(cp, pos, budget);
    if (cp.length - pos <= budget) {
      chunks.push(reopen + cp.slice(pos).join(''));
      break;
    }
    let cut = pickBreak(cp, pos, budget);
    let after = fenceAware ? fenceAt(cp, pos, cut.end, open) : undefined;
    if (after) {
      // The chunk needs a closing marker: find a break that leaves room for it.
      cut = pickBreak(cp, pos, budget - FENCE_CLOSE.length);
      after = fenceAt(cp, pos, cut.end, open);
      // A block opened in this chunk with nothing inside yet moves whole to the next chunk.
      if (after && after.openedAt > pos && after !== open && bodyIsBlank(cp, after, cut.end)) {
        const before = cp.slice(pos, after.openedAt).join('');
        if (trimWhitespace(before) !== '') {
          cut = { end: after.openedAt, next: after.openedAt };
          after = fenceAt(cp, pos, cut.end, open);
        }
      }
    }
    const body = trimWhitespaceEnd(cp.slice(pos, cut.end).join(''));
    chunks.push(reopen + body + (after ? FENCE_CLOSE : ''));
    open = after;
    pos = cut.next;
  }
  return chunks.filter((chunk) => trimWhitespace(chunk) !== '');
}

/** The marker that reopens a block in the next chunk; the language tag is dropped when it would not leave room. */
function reopenMarker(lang: string, maxChars: number): string {
  const withLang = '```' + lang + '\n';
  return withLang.length + FENCE_CLOSE.length + MIN_FENCE_AWARE_CHARS <= maxChars ? withLang : '```\n';
}

/** True when the block opened at `fence.openedAt` has no code before `end` (only its marker and language line). */
function bodyIsBlank(cp: readonly string[], fence: Fence, end: number): boolean {
  const contentStart = fence.openedAt + 3 + fence.lang.length;
  return trimWhitespace(cp.slice(contentStart, end).join('')).replace(/^`+/, '') === '';
}

/** Inside a block, indentation longer than a whole chunk cannot be kept; skip it rather than emit a blank chunk. */
function skipUnfittingIndent(cp: readonly string[], pos: number, budget: number): number {
  let solid = pos;
  while (solid < cp.length && isWhitespace(cp[solid] ?? '')) solid++;
  return solid - pos >= budget ? solid : pos;
}
