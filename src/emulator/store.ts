import { WebhookConflictError } from './errors';
import { cloneJson, type JsonValue } from './http-io';
import { type DiscordMessageObject } from './message';

/** A webhook the emulator knows. `DELETE /webhooks/{id}/{token}` sets `deleted` for good (then 404/10015). */
export interface WebhookRecord {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly guildId: string;
  readonly name: string;
  deleted: boolean;
}

/** Which injected fault applied to a recorded request. */
export type FaultKind = 'status' | 'rate-limit' | 'hang' | 'reset' | 'drop-response';

/** One request to a webhook route, as recorded. Never contains the webhook token. */
export type RecordedRequest = {
  /** Increasing sequence number; `GET /_emulator/requests?since=` returns later ones. */
  seq: number;
  /** Arrival time, epoch milliseconds. */
  at: number;
  method: string;
  /** The route pattern, e.g. `POST /webhooks/:id/:token`. */
  route: string;
  /** The request path with the token replaced by `:token`. */
  path: string;
  /** 6-10; unversioned URLs run on 6. `null` for an unsupported version. */
  apiVersion: number | null;
  webhookId: string | null;
  query: Record<string, string>;
  headers: { 'user-agent'?: string; 'content-type'?: string };
  /** Parsed JSON, or the raw text. */
  body: JsonValue | null;
  /** `null` when no answer was sent (hang, reset, or still in flight). */
  status: number | null;
  /** When the emulator was done with it (answered, or left unanswered); `null` while in flight. Nothing follows it. */
  endedAt: number | null;
  responseBody: JsonValue | null;
  fault?: FaultKind;
};

/** A message the emulator holds, with its history. */
export type StoredMessage = {
  webhookId: string;
  /** The webhook's channel; the message's `channel_id` is the thread when one was given. */
  channelId: string;
  threadId: string | null;
  message: DiscordMessageObject;
  /** The `avatar_url` override, for the preview (the message only carries a hash). */
  avatarUrl: string | null;
  createdAt: number;
  updatedAt: number;
  editCount: number;
  deleted: boolean;
};

/** What `GET /_emulator/events` streams and `onEvent` delivers. */
export type EmulatorEvent = {
  type: 'message-created' | 'message-updated' | 'message-deleted';
  seq: number;
} & StoredMessage;

/** Filters for {@link EmulatorStore.requests}; `since` keeps requests with a greater `seq`. */
export interface RequestFilter {
  webhookId?: string;
  since?: number;
  method?: string;
}

/** Webhooks, messages, the request log and the event fan-out, all in memory. Readers get copies. */
export class EmulatorStore {
  /** The live records (not copies), for the routes that change them. */
  readonly webhookById = new Map<string, WebhookRecord>();
  readonly messageById = new Map<string, StoredMessage>();
  private readonly recorded: RecordedRequest[] = [];
  private requestSeq = 0;
  private eventSeq = 0;
  /** Message events, for `GET /_emulator/events` and `onEvent`. */
  readonly events = new Listeners<EmulatorEvent>();
  /** Requests once answered (or dropped), for `onRequest`. */
  readonly answered = new Listeners<RecordedRequest>();

  constructor(private readonly maxRequests: number) {}

  /** @throws {WebhookConflictError} when the id is taken. */
  addWebhook(record: WebhookRecord): void {
    if (this.webhookById.has(record.id)) throw new WebhookConflictError(record.id);
    this.webhookById.set(record.id, record);
  }

  /** Every webhook, in creation order. */
  webhooks(): WebhookRecord[] {
    return [...this.webhookById.values()].map((record) => ({ ...record }));
  }

  /** Stores a new message and emits `message-created`. */
  addMessage(stored: StoredMessage): void {
    this.messageById.set(stored.message.id, stored);
    this.emit('message-created', stored);
  }

  /** Replaces a message after an edit, counts the edit and emits `message-updated`. */
  updateMessage(stored: StoredMessage, message: DiscordMessageObject, nowMs: number): void {
    Object.assign(stored, { message, editCount: stored.editCount + 1, updatedAt: nowMs });
    this.emit('message-updated', stored);
  }

  /** Marks a message deleted (it stays listed for the preview) and emits `message-deleted`. */
  deleteMessage(stored: StoredMessage, nowMs: number): void {
    Object.assign(stored, { deleted: true, updatedAt: nowMs });
    this.emit('message-deleted', stored);
  }

  /** The stored messages (deleted ones included), oldest first. */
  messages(webhookId?: string): StoredMessage[] {
    return [...this.messageById.values()]
      .filter((stored) => webhookId === undefined || stored.webhookId === webhookId)
      .map((stored) => cloneStored(stored));
  }

  /** Starts a request record; the caller completes it and calls {@link finishRequest} when the answer is known. */
  beginRequest(init: Omit<RecordedRequest, 'seq' | 'status' | 'responseBody' | 'body' | 'endedAt'>): RecordedRequest {
    const blank = { body: null, status: null, responseBody: null, endedAt: null };
    const record: RecordedRequest = { seq: ++this.requestSeq, ...init, ...blank };
    this.recorded.push(record);
    if (this.recorded.length > this.maxRequests) this.recorded.splice(0, this.recorded.length - this.maxRequests);
    return record;
  }

  /** Marks the request done at `endedAt` and tells the request listeners (answered, or no answer). */
  finishRequest(record: RecordedRequest, endedAt: number): void {
    record.endedAt = endedAt;
    this.answered.emit(cloneJson(record));
  }

  /** The recorded requests matching `filter`, oldest first. */
  requests(filter: RequestFilter = {}): RecordedRequest[] {
    const { webhookId, since, method } = filter;
    return this.recorded
      .filter((record) => webhookId === undefined || record.webhookId === webhookId)
      .filter(
        (record) =>
          (since === undefined || record.seq > since) &&
          (method === undefined || record.method === method.toUpperCase()),
      )
      .map((record) => cloneJson(record));
  }

  /** Forgets requests and messages; webhooks stay, and `seq` keeps counting so `since` stays meaningful. */
  clearActivity(): void {
    this.recorded.length = 0;
    this.messageById.clear();
  }

  /** How many webhooks, messages and recorded requests are held. */
  get counts(): { webhooks: number; messages: number; requests: number } {
    return { webhooks: this.webhookById.size, messages: this.messageById.size, requests: this.recorded.length };
  }

  private emit(type: EmulatorEvent['type'], stored: StoredMessage): void {
    this.events.emit({ type, seq: ++this.eventSeq, ...cloneStored(stored) });
  }
}

/** Subscribers of one kind; one that throws (e.g. a closed SSE stream) is dropped instead of failing the request. */
class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  /** Adds a listener; returns the unsubscribe function. */
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.set) {
      try {
        listener(value);
      } catch {
        this.set.delete(listener);
      }
    }
  }
}

function cloneStored(stored: StoredMessage): StoredMessage {
  return { ...stored, message: cloneJson(stored.message) };
}
