import { parse } from 'discord-markdown-parser';
import { formatDiscordTimestamp, isTimestampStyle, type TimeOptions } from './timestamps';

/** Inline formatting that only wraps other nodes. */
export type WrapperKind = 'bold' | 'italic' | 'underline' | 'strike' | 'spoiler' | 'quote' | 'subtext';

/** What a mention looks like in the preview; ids stay ids (the emulator knows no user, role or channel names). */
export type MentionKind = 'user' | 'role' | 'channel' | 'everyone' | 'here' | 'command';

/**
 * A piece of rendered Discord markdown. Plain data, so it crosses to the browser as JSON and is turned into DOM
 * nodes there with `textContent` and a fixed set of elements: no string from a message is ever parsed as HTML.
 */
export type RichNode =
  | { type: 'text'; text: string }
  | { type: WrapperKind; children: RichNode[] }
  | { type: 'heading'; level: 1 | 2 | 3; children: RichNode[] }
  | { type: 'code'; text: string }
  | { type: 'codeBlock'; language: string | null; text: string }
  /** `href` is always an absolute http(s) URL. */
  | { type: 'link'; href: string; children: RichNode[] }
  | { type: 'mention'; kind: MentionKind; id: string | null; label: string }
  | { type: 'timestamp'; iso: string; style: string; text: string }
  | { type: 'br' };

type AstNode = { type: string; [key: string]: unknown };

const WRAPPERS: Readonly<Record<string, WrapperKind>> = {
  strong: 'bold',
  em: 'italic',
  underline: 'underline',
  strikethrough: 'strike',
  spoiler: 'spoiler',
  blockQuote: 'quote',
  subtext: 'subtext',
};

/**
 * Parses Discord markdown as Discord renders webhook content and embed text (masked links allowed) into
 * {@link RichNode}s. Backslash escapes become the plain character, `<t:unix:style>` a formatted date, and links
 * other than http(s) (e.g. `javascript:`) plain text.
 * @see https://support.discord.com/hc/en-us/articles/210298617-Markdown-Text-101-Chat-Formatting-Bold-Italic-Underline
 */
export function renderMarkdown(text: string, time: TimeOptions): RichNode[] {
  if (text === '') return [];
  return convertAll(parse(text, 'extended'), time);
}

/** The text a reader sees, for places that show no formatting (embed titles, field names, author names). */
export function plainText(nodes: readonly RichNode[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
        case 'code':
        case 'codeBlock':
        case 'timestamp':
          return node.text;
        case 'mention':
          return mentionText(node.kind, node.label);
        case 'br':
          return '\n';
        default:
          return plainText(node.children);
      }
    })
    .join('');
}

/** `@label` for people, roles and @everyone/@here, `#label` for channels, `/label` for commands. */
export function mentionText(kind: MentionKind, label: string): string {
  if (kind === 'channel') return `#${label}`;
  if (kind === 'command') return `/${label}`;
  return `@${label}`;
}

/**
 * An absolute http(s) URL in canonical form, or `undefined` for anything else (relative, `javascript:`, `data:`...).
 */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
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
  const wrapper = WRAPPERS[node.type];
  if (wrapper) return [{ type: wrapper, children: children(node, time) }];
  switch (node.type) {
    case 'text':
    case 'twemoji':
      return textNode(typeof node.content === 'string' ? node.content : stringOf(node.name));
    case 'br':
    case 'newline':
      return [{ type: 'br' }];
    case 'heading': {
      const level = node.level === 2 || node.level === 3 ? node.level : 1;
      return [{ type: 'heading', level, children: children(node, time) }];
    }
    case 'inlineCode':
      return [{ type: 'code', text: stringOf(node.content) }];
    case 'codeBlock':
      return [{ type: 'codeBlock', language: stringOrNull(node.lang), text: stringOf(node.content) }];
    case 'link':
    case 'url':
    case 'autolink': {
      const href = safeHttpUrl(node.target);
      return href ? [{ type: 'link', href, children: children(node, time) }] : children(node, time);
    }
    case 'user':
    case 'role':
    case 'channel':
      return [{ type: 'mention', kind: node.type, id: stringOf(node.id), label: stringOf(node.id) }];
    case 'everyone':
    case 'here':
      return [{ type: 'mention', kind: node.type, id: null, label: node.type }];
    case 'slashCommand':
      return [{ type: 'mention', kind: 'command', id: stringOrNull(node.id), label: stringOf(node.fullName) }];
    case 'emoji':
      // Custom emoji images live on Discord's CDN, which a local preview must not call: show the name.
      return textNode(`:${stringOf(node.name)}:`);
    case 'timestamp':
      return timestamp(node, time);
    default:
      return Array.isArray(node.content) ? children(node, time) : textNode(stringOf(node.content));
  }
}

function timestamp(node: AstNode, time: TimeOptions): RichNode[] {
  const unix = Number(node.timestamp);
  const style = typeof node.format === 'string' ? node.format : 'f';
  const ms = unix * 1000;
  if (!Number.isFinite(ms) || !isTimestampStyle(style) || Number.isNaN(new Date(ms).getTime())) {
    return textNode(`<t:${String(node.timestamp)}${typeof node.format === 'string' ? `:${node.format}` : ''}>`);
  }
  const text = formatDiscordTimestamp(unix, style, time);
  return [{ type: 'timestamp', iso: new Date(ms).toISOString(), style, text }];
}

function children(node: AstNode, time: TimeOptions): RichNode[] {
  if (Array.isArray(node.content)) return convertAll(node.content as AstNode[], time);
  return typeof node.content === 'string' ? textNode(node.content) : [];
}

function textNode(text: string): RichNode[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

/** Strings and numbers as text; anything else (absent, objects) as ''. */
function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
