import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeliveryError, DeliveryReceipt, OutboxItem } from '../activities/types';
import type { WindowLimit } from '../discord/pacing';

/** Where a `campaignWithProgress` run stands. */
export interface CampaignProgress {
  completed: number;
  total: number;
  percent: number;
  /** The step running now (or the one that failed or was cancelled); null once every step is done. */
  currentStep: string | null;
  status: 'running' | 'done' | 'failed' | 'cancelled';
}

/** `temporal workflow query --name progress` on a campaignWithProgress run. */
export const progressQuery = defineQuery<CampaignProgress>('progress');

/** Hands a notification to its channel's outbox (sent with signal-with-start by the `handOff` activity). */
export const enqueueSignal = defineSignal<[OutboxItem]>('enqueue');

/** The outcome of a hand-off, signalled by the outbox to the workflow that waits for it. */
export const deliveryReceiptSignal = defineSignal<[DeliveryReceipt]>('deliveryReceipt');

/** What an outbox has done since it started (carried over when it continues as new). */
export interface OutboxStats {
  /** Hand-offs received, duplicates included. */
  received: number;
  /** Retried hand-offs dropped because the outbox already had them. */
  duplicates: number;
  /** Waiting states of a message replaced by a newer one (only the latest is sent). */
  coalesced: number;
  /** Hand-offs delivered. */
  delivered: number;
  /** Requests Discord accepted: new messages and edits. */
  messages: number;
  edits: number;
  /** Hand-offs that failed for good (Discord refused them, or the outbox could not take them). */
  failed: number;
}

/** `temporal workflow query --name outboxStatus` on a `discord-outbox-…` workflow. */
export interface OutboxStatus extends OutboxStats {
  /** The webhook's id and a digest of its URL (never the token). */
  webhookKey: string;
  pending: number;
  pendingBytes: number;
  /** The channel limit in force (lowered after `shared` 429s); null when switched off. */
  channelLimit: WindowLimit | null;
  /** Set while the webhook is known to be gone: hand-offs fail at once, with Discord's reason, until `untilMs`. */
  webhookGone: { error: DeliveryError; untilMs: number } | null;
  /** The latest permanent failures, newest last. */
  recentFailures: { atMs: number; channel: string; error: DeliveryError }[];
}
export const outboxStatusQuery = defineQuery<OutboxStatus>('outboxStatus');
