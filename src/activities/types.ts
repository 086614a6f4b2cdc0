// Inputs and results of the activities, and what workflows hand to a channel's outbox. Type-only for workflow code.
import type { Notification } from '../discord/notification';
import type { WindowLimit } from '../discord/pacing';
import type { Mentions, WebhookMessage } from '../discord/schemas';

/** What workflows need from the worker's configuration; recorded in history, so replays see the same values. */
export interface NotificationSettings {
  hotLeadThreshold: number;
  reportTimezone: string;
  mentions: Partial<Record<string, Mentions>>;
}

/** A workflow run that waits for a notification's outcome (the outbox signals it a {@link DeliveryReceipt}). */
export interface ReplyTo {
  workflowId: string;
  runId: string;
}

/** A notification handed to its channel's outbox, ready to send. */
export interface OutboxItem {
  /** Unique per hand-off (`<workflow id>/<run id>/<n>`): a retried hand-off with the same id is dropped. */
  id: string;
  /** The channel name it was sent to (`alerts`), for results and logs. */
  channel: string;
  /** Valid webhook messages, in posting order. */
  messages: WebhookMessage[];
  /** Post into this thread of the webhook's channel. */
  threadId?: string;
  /**
   * One message kept up to date: the first item with a key is posted, later ones edit it; an item still waiting
   * is replaced by a newer one with the same key.
   */
  key?: string;
  /** The message to edit, when the sender already knows it (a progress message from an earlier outbox run). */
  messageId?: string;
  /** The key's last state: the outbox forgets the key once it is sent. */
  final?: boolean;
  replyTo?: ReplyTo;
  /** When the hand-off was made (the sender's workflow clock), for the hand-off-to-Discord latency. */
  handedOffAtMs: number;
}

/** What `notify` asks of the worker: route, build and hand off one notification. */
export interface HandOffInput {
  channel: string;
  notification: Notification;
  itemId: string;
  threadId?: string;
  key?: string;
  messageId?: string;
  final?: boolean;
  replyTo?: ReplyTo;
  handedOffAtMs: number;
}

/** The hand-off's outcome: queued in the channel's outbox, skipped (no webhook), or no valid message. */
export type HandOffResult =
  | { status: 'queued'; channel: string; outboxId: string }
  | { status: 'skipped'; channel: string; reason: string }
  | { status: 'invalid'; channel: string; problems: string[] };

/** How a channel's outbox starts: its webhook and the channel limit the worker was configured with. */
export interface OutboxStart {
  /** The webhook's key (its id and a digest, never the token): the worker resolves it to the URL. */
  webhookKey: string;
  /** Discord's hidden per-channel limit to keep; null when switched off. */
  channelLimit: WindowLimit | null;
}

/** One request of an outbox's turn: post a message, or edit one (`editMessageId`). */
export interface SendRequest {
  /** The channel name of the notifications it carries, for errors and logs. */
  channel: string;
  message: WebhookMessage;
  threadId?: string;
  editMessageId?: string;
}

/** A turn of an outbox: requests to send in order, as fast as Discord's limits allow, not before `notBeforeMs`. */
export interface SendInput {
  webhookKey: string;
  requests: SendRequest[];
  /** Epoch ms (the workflow's clock): when the webhook's bucket allows the first request, e.g. its reset. */
  notBeforeMs: number;
}

/** A request Discord answered with 2xx, and what its headers and earlier attempts taught about the limits. */
export interface SendResult {
  messageId: string;
  channelId: string;
  remaining?: number | undefined;
  resetAfterMs?: number | undefined;
  /** `X-RateLimit-Limit` of the answer. */
  limit?: number | undefined;
  /** The last 429 an earlier attempt of this request met (its `retry_after` is already waited out). */
  rateLimited?: { scope: 'user' | 'global' | 'shared' | null; retryAfterMs: number } | undefined;
  /** When the answer came, epoch ms on the worker's clock. */
  answeredAtMs: number;
}

/**
 * What a turn did: one result per request answered, in order. Fewer results than requests: the rest was not sent (the
 * activity was cancelled, or its progress could not be recorded) and waits for the next turn.
 */
export interface SendOutcome {
  results: SendResult[];
  /** The attempt that completed the turn (1 unless a retry resumed it). */
  attempt: number;
}

/**
 * When Discord refuses a request of a turn for good, the activity fails (non-retryable) with Discord's reason as its
 * first detail and this as its second: the requests answered before the refused one, and its index. The requests
 * after it were not sent.
 */
export interface RefusedTurn {
  answered: SendResult[];
  index: number;
}

/** Why a notification was not delivered, with Discord's own code and reason when Discord refused it. */
export interface DeliveryError {
  type: string;
  message: string;
  /** Discord's answer when it refused the request (`DiscordRejected`): HTTP status, code, reason and field errors. */
  status?: number;
  code?: number;
  discordMessage?: string;
  fields?: { path: string; code: string; message: string }[];
}

/** The outcome of one hand-off, signalled to the {@link ReplyTo} workflow. */
export type DeliveryReceipt =
  | { itemId: string; status: 'sent'; channel: string; messageIds: string[] }
  | { itemId: string; status: 'failed'; channel: string; error: DeliveryError };
