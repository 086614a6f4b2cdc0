import { type EmulatorContext } from '../context';
import { isPlainObject, type JsonObject, type JsonValue } from '../http-io';
import { type RecordedRequest, type StoredMessage } from '../store';
import { formatMessageTime, plainText, renderMarkdown, safeHttpUrl, type TimeOptions } from './markdown';

/** SUPPRESS_EMBEDS: Discord hides the message's embeds. */
const SUPPRESS_EMBEDS_FLAG = 1 << 2;
/** Discord puts at most this many inline fields side by side. */
const INLINE_FIELDS_PER_ROW = 3;

/** What `GET /_preview/api/state` answers: the webhook tabs, and every message ready to draw, newest first. */
export type PreviewState = ReturnType<typeof previewState>;
/** One message, ready to draw: rendered markdown, safe URLs, display times, and the JSON it came from. */
export type PreviewMessage = ReturnType<typeof previewMessage>;
/** An embed, ready to draw: every URL is absolute http(s) or null; `color` is `#rrggbb` or null (the default bar). */
export type PreviewEmbed = ReturnType<typeof previewEmbed>;

/** Builds the preview's view of every webhook and message the emulator holds. */
export function previewState(ctx: EmulatorContext, time: TimeOptions) {
  const stored = ctx.store.messages();
  const records = ctx.store.webhooks();
  const names = new Map(records.map((record) => [record.id, record.name]));
  const bodies = requestBodies(ctx.store.requests());
  const messages = stored
    .map((message) => previewMessage(message, names.get(message.webhookId) ?? message.webhookId, bodies, time))
    // Snowflakes are decimal strings of varying length: by length, then lexically.
    .sort((a, b) => b.id.length - a.id.length || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const webhooks = records.map(({ id, name, channelId, deleted }) => {
    const messageCount = stored.filter((message) => message.webhookId === id).length;
    return { id, name, channelId, deleted, messageCount };
  });
  return { webhooks, messages };
}

function previewMessage(
  stored: StoredMessage,
  webhookName: string,
  bodies: ReturnType<typeof requestBodies>,
  time: TimeOptions,
) {
  const { message } = stored;
  return {
    id: message.id,
    webhookId: stored.webhookId,
    webhookName,
    channelId: stored.channelId,
    threadId: stored.threadId,
    // The username override, else the webhook's name.
    username: message.author.username,
    // Only an http(s) `avatar_url`; the page falls back to its local default avatar.
    avatarUrl: safeHttpUrl(stored.avatarUrl) ?? null,
    timestamp: formatMessageTime(message.timestamp, time) ?? { iso: message.timestamp, text: message.timestamp },
    edited: message.edited_timestamp === null ? null : (formatMessageTime(message.edited_timestamp, time) ?? null),
    editCount: stored.editCount,
    deleted: stored.deleted,
    // Changes whenever the message does, so the page redraws only what changed.
    version: `${stored.editCount}:${stored.updatedAt}:${stored.deleted}`,
    content: renderMarkdown(message.content, time),
    embeds: message.embeds.map((embed) => previewEmbed(embed, time)),
    embedsSuppressed: (message.flags & SUPPRESS_EMBEDS_FLAG) !== 0,
    // The message object as Discord returns it, and the bodies of the POST and the last PATCH while logged.
    raw: message,
    request: bodies.created(stored),
    lastEdit: bodies.edits.get(message.id) ?? null,
  };
}

/**
 * Finds the requests behind each message in the (bounded) request log: a POST answered with the message
 * (`wait=true`) names its id; a 204 POST is matched by webhook and arrival time, which is the message's creation
 * time, when no other POST shares it. Edits are found by the id in the PATCH's answer.
 */
function requestBodies(requests: readonly RecordedRequest[]) {
  const byId = new Map<string, JsonValue | null>();
  const byTime = new Map<string, JsonValue | null>();
  const ambiguous = new Set<string>();
  const edits = new Map<string, JsonValue | null>();
  for (const { status, route, method, responseBody, body, webhookId, at } of requests) {
    const id = isPlainObject(responseBody) && typeof responseBody.id === 'string' ? responseBody.id : undefined;
    if (status !== 200 && status !== 204) continue;
    if (route === 'POST /webhooks/:id/:token') {
      if (id) byId.set(id, body);
      if (byTime.has(`${webhookId}@${at}`)) ambiguous.add(`${webhookId}@${at}`);
      byTime.set(`${webhookId}@${at}`, body);
    } else if (method === 'PATCH' && id) edits.set(id, body);
  }
  const created = (stored: StoredMessage): JsonValue | null => {
    const key = `${stored.webhookId}@${stored.createdAt}`;
    if (byId.has(stored.message.id)) return byId.get(stored.message.id) ?? null;
    return ambiguous.has(key) ? null : (byTime.get(key) ?? null);
  };
  return { created, edits };
}

/**
 * One stored embed. Titles, field names, author names and footers show plain text (escapes resolved, formatting
 * dropped); descriptions and field values keep their markdown.
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
function previewEmbed(embed: JsonObject, time: TimeOptions) {
  const object = (value: unknown) => (isPlainObject(value) ? value : null);
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const [author, footer] = [object(embed.author), object(embed.footer)];
  return {
    // Stored embeds passed validation: a color is an integer 0-0xFFFFFF.
    color: typeof embed.color === 'number' ? `#${embed.color.toString(16).padStart(6, '0')}` : null,
    author: author && {
      name: plainText(renderMarkdown(text(author.name), time)),
      url: safeHttpUrl(author.url) ?? null,
      iconUrl: safeHttpUrl(author.icon_url) ?? null,
    },
    title: typeof embed.title === 'string' ? plainText(renderMarkdown(embed.title, time)) : null,
    url: safeHttpUrl(embed.url) ?? null,
    description: renderMarkdown(text(embed.description), time),
    fields: layoutFields(
      Array.isArray(embed.fields) ? embed.fields.flatMap((field) => (isPlainObject(field) ? [field] : [])) : [],
      time,
    ),
    footer: footer && { text: text(footer.text), iconUrl: safeHttpUrl(footer.icon_url) ?? null },
    timestamp: formatMessageTime(text(embed.timestamp), time) ?? null,
    imageUrl: safeHttpUrl(object(embed.image)?.url) ?? null,
    thumbnailUrl: safeHttpUrl(object(embed.thumbnail)?.url) ?? null,
  };
}

/**
 * Places fields as Discord does: consecutive inline fields share a row, at most three to a row; a field that is
 * not inline takes a row of its own and ends the current one. `inlineIndex` is a field's column (1-3) in its row.
 */
export function layoutFields(fields: readonly Record<string, unknown>[], time: TimeOptions) {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  let column = 0;
  return fields.map((field) => {
    const inline = field.inline === true;
    column = inline ? (column % INLINE_FIELDS_PER_ROW) + 1 : 0;
    return {
      name: plainText(renderMarkdown(text(field.name), time)),
      value: renderMarkdown(text(field.value), time),
      inline,
      inlineIndex: inline ? (column as 1 | 2 | 3) : null,
    };
  });
}
