import { isPlainObject, type JsonObject } from '../http-io';
import { plainText, renderMarkdown, type RichNode, safeHttpUrl } from './markdown';
import { type DisplayTime, formatMessageTime, type TimeOptions } from './timestamps';

/** Discord puts at most this many inline fields side by side. */
const INLINE_FIELDS_PER_ROW = 3;

/** A field of an embed; `inlineIndex` is its column (1-3) in its row of inline fields, `null` when full width. */
export interface PreviewField {
  readonly name: string;
  readonly value: RichNode[];
  readonly inline: boolean;
  readonly inlineIndex: 1 | 2 | 3 | null;
}

/** An embed, ready to draw. Every URL is absolute http(s) or null. */
export interface PreviewEmbed {
  /** `#rrggbb`, or null for Discord's default bar colour. */
  readonly color: string | null;
  readonly author: { name: string; url: string | null; iconUrl: string | null } | null;
  readonly title: string | null;
  readonly url: string | null;
  readonly description: RichNode[];
  readonly fields: PreviewField[];
  readonly footer: { text: string; iconUrl: string | null } | null;
  readonly timestamp: DisplayTime | null;
  readonly imageUrl: string | null;
  readonly thumbnailUrl: string | null;
}

/**
 * Builds the view of one stored embed. Titles, field names, author names and footers show plain text (escapes
 * resolved, formatting dropped); descriptions and field values keep their markdown.
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
export function previewEmbed(embed: JsonObject, time: TimeOptions): PreviewEmbed {
  const author = objectAt(embed, 'author');
  const footer = objectAt(embed, 'footer');
  const title = stringAt(embed, 'title');
  return {
    color: colorHex(embed.color),
    author: author && {
      name: plainText(renderMarkdown(stringAt(author, 'name') ?? '', time)),
      url: safeHttpUrl(author.url) ?? null,
      iconUrl: safeHttpUrl(author.icon_url) ?? null,
    },
    title: title === undefined ? null : plainText(renderMarkdown(title, time)),
    url: safeHttpUrl(embed.url) ?? null,
    description: renderMarkdown(stringAt(embed, 'description') ?? '', time),
    fields: layoutFields(
      Array.isArray(embed.fields) ? embed.fields.flatMap((f) => (isPlainObject(f) ? [f] : [])) : [],
      time,
    ),
    footer: footer && { text: stringAt(footer, 'text') ?? '', iconUrl: safeHttpUrl(footer.icon_url) ?? null },
    timestamp: formatMessageTime(stringAt(embed, 'timestamp') ?? '', time) ?? null,
    imageUrl: safeHttpUrl(objectAt(embed, 'image')?.url) ?? null,
    thumbnailUrl: safeHttpUrl(objectAt(embed, 'thumbnail')?.url) ?? null,
  };
}

/**
 * Places fields as Discord does: consecutive inline fields share a row, at most three to a row; a field that is
 * not inline takes a row of its own and ends the current one.
 */
export function layoutFields(fields: readonly Record<string, unknown>[], time: TimeOptions): PreviewField[] {
  let column = 0;
  return fields.map((field) => {
    const inline = field.inline === true;
    column = inline ? (column % INLINE_FIELDS_PER_ROW) + 1 : 0;
    return {
      name: plainText(renderMarkdown(typeof field.name === 'string' ? field.name : '', time)),
      value: renderMarkdown(typeof field.value === 'string' ? field.value : '', time),
      inline,
      inlineIndex: inline ? (column as 1 | 2 | 3) : null,
    };
  });
}

/** `0xff0000` -> `#ff0000`; anything but an integer 0-0xFFFFFF -> null. */
export function colorHex(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffff) return null;
  return `#${value.toString(16).padStart(6, '0')}`;
}

function objectAt(value: Record<string, unknown>, key: string): Record<string, unknown> | null {
  const member = value[key];
  return isPlainObject(member) ? member : null;
}

function stringAt(value: Record<string, unknown>, key: string): string | undefined {
  const member = value[key];
  return typeof member === 'string' ? member : undefined;
}
