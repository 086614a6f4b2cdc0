// Inputs and results of the activities. Type-only for workflow code (sandbox-pure).
import type { Notification } from '../discord/builder';
import type { Mentions, WebhookMessage } from '../discord/schemas';

/** Send one webhook message to a named channel; the URL is resolved inside the worker. */
export interface DeliverMessageInput {
  /** Channel name (`alerts` reads `DISCORD_WEBHOOK_URL_ALERTS`); falls back to `DISCORD_WEBHOOK_URL`. */
  channel: string;
  message: WebhookMessage;
  /** Post into this thread of the webhook's channel. */
  threadId?: string;
}

/** Replace the content/embeds of a message this webhook posted earlier. */
export interface EditMessageInput {
  channel: string;
  messageId: string;
  message: WebhookMessage;
  threadId?: string;
}

export type DeliveryResult =
  | { status: 'sent'; channel: string; messageId: string; channelId: string }
  | { status: 'skipped'; channel: string; reason: string };

/** What workflows need from the worker's configuration; recorded in history, so replays see the same values. */
export interface NotificationSettings {
  hotLeadThreshold: number;
  reportTimezone: string;
  mentions: Partial<Record<string, Mentions>>;
}

/** How a workflow delivers to a channel, answered by the worker that knows the webhooks. */
export type DeliveryRoute =
  | { configured: false; channel: string; reason: string }
  | {
      configured: true;
      channel: string;
      /**
       * The delivery queue's key (`<task queue>-discord-<key>`), served by rate-limited delivery workers; null when
       * the shared limit is off and deliveries run on the workflow's own task queue.
       */
      routeKey: string | null;
      /** Set when the channel collects notifications into digests (DISCORD_DIGEST_<CHANNEL>). */
      digestWindowMs?: number;
    };

/** One notification waiting in a digest; `id` lets the collector drop a duplicate from a retried hand-over. */
export interface DigestItem {
  id: string;
  notification: Notification;
}

/** A notification ready to deliver: its route, and its messages (or why none can be made of it). */
export type PreparedNotification =
  | { route: DeliveryRoute & { configured: false } }
  | { route: DeliveryRoute & { configured: true }; messages: WebhookMessage[] }
  | { route: DeliveryRoute & { configured: true }; problems: string[] };
