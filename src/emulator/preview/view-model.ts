import { type EmulatorContext } from '../context';
import { type JsonValue } from '../http-io';
import { type DiscordMessageObject } from '../message';
import { type RecordedRequest, type StoredMessage } from '../store';
import { renderMarkdown, type RichNode, safeHttpUrl } from './markdown';
import { type DisplayTime, formatMessageTime, type TimeOptions } from './timestamps';
import { previewEmbed, type PreviewEmbed } from './view-embed';

/** SUPPRESS_EMBEDS: Discord hides the message's embeds. */
const SUPPRESS_EMBEDS_FLAG = 1 << 2;

/** A webhook tab of the preview. */
export interface PreviewWebhook {
  readonly id: string;
  readonly name: string;
  readonly channelId: string;
  readonly deleted: boolean;
  readonly messageCount: number;
}

/** One message, ready to draw: rendered markdown, safe URLs, display times, and the JSON it came from. */
export interface PreviewMessage {
  readonly id: string;
  readonly webhookId: string;
  readonly webhookName: string;
  readonly channelId: string;
  readonly threadId: string | null;
  /** The username override, else the webhook's name. */
  readonly username: string;
  /** The `avatar_url` override when it is http(s); the page falls back to its local default avatar. */
  readonly avatarUrl: string | null;
  readonly timestamp: DisplayTime;
  readonly edited: DisplayTime | null;
  readonly editCount: number;
  readonly deleted: boolean;
  /** Changes whenever the message does, so the page redraws only what changed. */
  readonly version: string;
  readonly content: RichNode[];
  readonly embeds: PreviewEmbed[];
  readonly embedsSuppressed: boolean;
  /** The message object as Discord would return it. */
  readonly raw: DiscordMessageObject;
  /** The body of the POST that created the message, when the request log still holds it. */
  readonly request: JsonValue | null;
  /** The body of the latest successful PATCH, when there is one in the log. */
  readonly lastEdit: JsonValue | null;
}

/** What `GET /_preview/api/state` answers. */
export interface PreviewState {
  readonly webhooks: PreviewWebhook[];
  /** Newest first. */
  readonly messages: PreviewMessage[];
}

/** Builds the preview's view of every webhook and message the emulator holds. */
export function previewState(ctx: EmulatorContext, time: TimeOptions): PreviewState {
  const stored = ctx.store.messages();
  const records = ctx.store.webhooks();
  const names = new Map(records.map((record) => [record.id, record.name]));
  const requests = requestIndex(ctx.store.requests());
  const messages = stored
    .map((message) => previewMessage(message, names.get(message.webhookId) ?? message.webhookId, requests, time))
    .sort((a, b) => compareSnowflakes(b.id, a.id));
  const webhooks = records.map((record) => ({
    id: record.id,
    name: record.name,
    channelId: record.channelId,
    deleted: record.deleted,
    messageCount: stored.filter((message) => message.webhookId === record.id).length,
  }));
  return { webhooks, messages };
}

/** Builds the view of one stored message. */
export function previewMessage(
  stored: StoredMessage,
  webhookName: string,
  requests: RequestIndex,
  time: TimeOptions,
): PreviewMessage {
  const { message } = stored;
  const sent = formatMessageTime(message.timestamp, time) ?? { iso: message.timestamp, text: message.timestamp };
  const edited = message.edited_timestamp === null ? null : (formatMessageTime(message.edited_timestamp, time) ?? null);
  return {
    id: message.id,
    webhookId: stored.webhookId,
    webhookName,
    channelId: stored.channelId,
    threadId: stored.threadId,
    username: message.author.username,
    avatarUrl: safeHttpUrl(stored.avatarUrl) ?? null,
    timestamp: sent,
    edited,
    editCount: stored.editCount,
    deleted: stored.deleted,
    version: `${stored.editCount}:${stored.updatedAt}:${stored.deleted}`,
    content: renderMarkdown(message.content, time),
    embeds: message.embeds.map((embed) => previewEmbed(embed, time)),
    embedsSuppressed: (message.flags & SUPPRESS_EMBEDS_FLAG) !== 0,
    raw: message,
    request: requests.created(stored),
    lastEdit: requests.lastEdit(message.id),
  };
}

/** Finds the requests behind a message in the (bounded) request log. */
export interface RequestIndex {
  created(stored: StoredMessage): JsonValue | null;
  lastEdit(messageId: string): JsonValue | null;
}

/**
 * Indexes successful webhook calls: a POST answered with the message (`wait=true`) names its id; a 204 POST is
 * matched by webhook and arrival time, which is the message's creation time, when no other POST shares it.
 */
export function requestIndex(requests: readonly RecordedRequest[]): RequestIndex {
  const byId = new Map<string, JsonValue | null>();
  const byTime = new Map<string, JsonValue | null>();
  const ambiguous = new Set<string>();
  const edits = new Map<string, JsonValue | null>();
  for (const request of requests) {
    if (request.status !== 200 && request.status !== 204) continue;
    if (request.route === 'POST /webhooks/:id/:token') {
      const id = responseId(request.responseBody);
      if (id) byId.set(id, request.body);
      const key = `${request.webhookId}@${request.at}`;
      if (byTime.has(key)) ambiguous.add(key);
      byTime.set(key, request.body);
    } else if (request.method === 'PATCH' && request.route.endsWith('/messages/:message_id')) {
      const id = responseId(request.responseBody);
      if (id) edits.set(id, request.body);
    }
  }
  return {
    created(stored) {
      const exact = byId.get(stored.message.id);
      if (exact !== undefined) return exact;
      const key = `${stored.webhookId}@${stored.createdAt}`;
      return ambiguous.has(key) ? null : (byTime.get(key) ?? null);
    },
    lastEdit: (messageId) => edits.get(messageId) ?? null,
  };
}

function responseId(body: JsonValue | null): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return typeof body.id === 'string' ? body.id : undefined;
}

/** Snowflakes are decimal strings of varying length: compare by length, then lexically. */
function compareSnowflakes(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
