// What a channel's outbox holds and the order it sends in. Pure: no Temporal calls, so it is unit-tested directly and
// its state (plain data) is carried over when the outbox continues as new.
import { packMessages } from '../discord/packing';
import { SEEN_LIMIT } from '../vocabulary';
import type { WebhookMessage } from '../discord/schemas';
import type { DeliveryError, DeliveryReceipt, OutboxItem, ReplyTo } from '../activities/types';

/** A hand-off waiting in the outbox, with what of it is already sent. */
export interface QueuedItem extends OutboxItem {
  /** Messages of this item already posted, and their ids. */
  sentParts: number;
  messageIds: string[];
  /** Who waits for the outcome: the sender, and the senders of the states this one replaced. */
  waiters: Waiter[];
  /** Never folded with other items again (Discord refused a folded message it was part of). */
  solo?: boolean;
  /** Size in JSON characters, for the outbox's backlog bound. */
  size: number;
}

/** The queue as plain data, for continue-as-new. */
export interface QueueState {
  items: QueuedItem[];
  /** Ids of recent hand-offs, oldest first, to drop a retried one. */
  seen: string[];
  /** Keys posted by this outbox and the message each was posted as. */
  keys: Record<string, { messageId: string; threadId?: string }>;
}

/** One request the outbox makes next, and the items it carries. */
export interface Batch {
  kind: 'post' | 'edit';
  message: WebhookMessage;
  threadId?: string;
  editMessageId?: string;
  items: QueuedItem[];
  /** True when waiting cannot fold more into it, so it should go as soon as the limits allow. */
  full: boolean;
}

/** A workflow waiting for the outcome of its hand-off `itemId`. */
export interface Waiter {
  itemId: string;
  replyTo: ReplyTo;
}

/** A finished hand-off: its receipt, and who waits for it (each under the id of its own hand-off). */
export interface Settled {
  receipt: DeliveryReceipt;
  waiters: Waiter[];
  handedOffAtMs: number;
}

export type EnqueueOutcome = 'queued' | 'coalesced' | 'duplicate';

export class OutboxQueue {
  private readonly items: QueuedItem[];
  private readonly seen: string[];
  private readonly seenIds: Set<string>;
  private readonly keys: QueueState['keys'];
  /** Items of the turn in flight: a newer state never replaces them. */
  private readonly inFlight = new Set<string>();
  private bytes: number;

  constructor(state?: QueueState) {
    this.items = [...(state?.items ?? [])];
    this.seen = [...(state?.seen ?? [])];
    this.seenIds = new Set(this.seen);
    this.keys = { ...state?.keys };
    this.bytes = this.items.reduce((sum, item) => sum + item.size, 0);
  }

  get length(): number {
    return this.items.length;
  }

  /** JSON characters of everything waiting. */
  get pendingBytes(): number {
    return this.bytes;
  }

  snapshot(): QueueState {
    return { items: [...this.items], seen: [...this.seen], keys: { ...this.keys } };
  }

  /** True when this hand-off id was seen before (a retried hand-off). */
  isDuplicate(id: string): boolean {
    return this.seenIds.has(id);
  }

  /**
   * Adds a hand-off at the end, or, when an item with the same key still waits (not in flight), puts the newer
   * state in its place: only the latest state of a message is sent, and everyone who waited gets its outcome.
   */
  enqueue(item: OutboxItem, size: number): EnqueueOutcome {
    if (this.isDuplicate(item.id)) return 'duplicate';
    this.remember(item.id);
    const waiters = item.replyTo ? [{ itemId: item.id, replyTo: item.replyTo }] : [];
    const waiting =
      item.key === undefined
        ? -1
        : this.items.findIndex((queued) => queued.key === item.key && !this.inFlight.has(queued.id));
    const older = this.items[waiting];
    const queued: QueuedItem = {
      ...item,
      sentParts: 0,
      messageIds: [],
      waiters: older ? [...older.waiters, ...waiters] : waiters,
      size,
      ...(older?.messageId !== undefined && item.messageId === undefined && { messageId: older.messageId }),
    };
    if (older) {
      this.items[waiting] = queued;
      this.bytes += size - older.size;
      return 'coalesced';
    }
    this.items.push(queued);
    this.bytes += size;
    return 'queued';
  }

  /** Takes note of a hand-off the outbox cannot take (the webhook is gone, or the backlog is full) and fails it. */
  refuse(item: OutboxItem, error: DeliveryError): Settled {
    this.remember(item.id);
    return {
      receipt: { itemId: item.id, status: 'failed', channel: item.channel, error },
      waiters: item.replyTo ? [{ itemId: item.id, replyTo: item.replyTo }] : [],
      handedOffAtMs: item.handedOffAtMs,
    };
  }

  /** The next request: an edit or post of a keyed message, the next part of a long item, or a folded message. */
  next(): Batch | undefined {
    const head = this.items[0];
    return head && this.batchAt(0, head.sentParts).batch;
  }

  /**
   * The requests of one turn, in sending order: the next request, then those after it while `accept` takes them
   * (`planned` holds the ones before). It stops before a message kept up to date whose key an earlier request of the turn carries (its edit needs that
   * request's answer).
   */
  upcoming(accept: (batch: Batch, planned: readonly Batch[]) => boolean): Batch[] {
    const planned: Batch[] = [];
    const keys = new Set<string>();
    let index = 0;
    let part = this.items[0]?.sentParts ?? 0;
    while (index < this.items.length) {
      const { batch, nextIndex, nextPart } = this.batchAt(index, part);
      const key = batch.items[0]?.key;
      if (planned.length > 0 && ((key !== undefined && keys.has(key)) || !accept(batch, planned))) break;
      planned.push(batch);
      if (key !== undefined) keys.add(key);
      index = nextIndex;
      part = nextPart;
    }
    return planned;
  }

  /** The request that sends part `part` of the item at `index` (and what folds into it), and where the next starts. */
  private batchAt(index: number, part: number): { batch: Batch; nextIndex: number; nextPart: number } {
    const head = this.items[index]!;
    const message = head.messages[part];
    if (!message) throw new Error(`Outbox item ${head.id} has no message left to send`);
    const thread = head.threadId === undefined ? {} : { threadId: head.threadId };
    const after = (consumed: number) => ({
      nextIndex: index + consumed,
      nextPart: this.items[index + consumed]?.sentParts ?? 0,
    });
    if (head.key !== undefined) {
      // What this outbox posted for the key wins: the sender's id may be of a message since deleted and posted anew.
      const editMessageId = this.keys[head.key]?.messageId ?? head.messageId;
      const batch: Batch =
        editMessageId === undefined
          ? { kind: 'post', message, ...thread, items: [head], full: true }
          : { kind: 'edit', message, ...thread, editMessageId, items: [head], full: true };
      return { batch, ...after(1) };
    }
    if (head.solo || part < head.messages.length - 1) {
      const batch: Batch = { kind: 'post', message, ...thread, items: [head], full: true };
      return part < head.messages.length - 1 ? { batch, nextIndex: index, nextPart: part + 1 } : { batch, ...after(1) };
    }
    const rest = this.items.slice(index + 1);
    const foldable: QueuedItem[] = [];
    for (const item of rest) {
      const single = item.messages.length === 1 && item.sentParts === 0;
      if (item.key !== undefined || item.solo || !single || item.threadId !== head.threadId) break;
      foldable.push(item);
    }
    const packed = packMessages([message, ...foldable.map((item) => item.messages[0]!)]);
    const items = [head, ...foldable.slice(0, packed.count - 1)];
    const batch: Batch = {
      kind: 'post',
      message: packed.message,
      ...thread,
      items,
      full: packed.full || rest.length > items.length - 1,
    };
    return { batch, ...after(items.length) };
  }

  /** Marks the turn's items as in flight (a newer state never replaces them) until {@link turnOver}. */
  sending(batches: readonly Batch[]): void {
    for (const batch of batches) for (const item of batch.items) this.inFlight.add(item.id);
  }

  /** The turn's answers are settled: what it did not send may be replaced by newer states again. */
  turnOver(): void {
    this.inFlight.clear();
  }

  /** Discord accepted the batch as message `messageId`: items whose every part is out are settled. */
  sent(batch: Batch, messageId: string): Settled[] {
    const settled: Settled[] = [];
    for (const item of batch.items) {
      item.sentParts += 1;
      item.messageIds.push(messageId);
      if (item.key !== undefined) {
        // Without an id (Discord answered 2xx without a message) the next state is posted anew.
        if (item.final || messageId === '') delete this.keys[item.key];
        else this.keys[item.key] = { messageId, ...(item.threadId !== undefined && { threadId: item.threadId }) };
      }
      if (item.sentParts < item.messages.length) continue;
      this.remove(item);
      settled.push({
        receipt: { itemId: item.id, status: 'sent', channel: item.channel, messageIds: [...item.messageIds] },
        waiters: item.waiters,
        handedOffAtMs: item.handedOffAtMs,
      });
    }
    return settled;
  }

  /** Discord refused the batch for good: its items fail with that reason. */
  failed(batch: Batch, error: DeliveryError): Settled[] {
    return batch.items.map((item) => this.fail(item, error));
  }

  /** Fails everything waiting (the webhook is gone), oldest first. */
  failAll(error: DeliveryError): Settled[] {
    return [...this.items].map((item) => this.fail(item, error));
  }

  /** A folded message was refused: send its items one by one, so only the one Discord objects to fails. */
  unfold(batch: Batch): void {
    for (const item of batch.items) item.solo = true;
  }

  /** The message a keyed item edits was deleted in Discord: post it anew. */
  forgetMessage(batch: Batch): void {
    for (const item of batch.items) {
      if (item.key !== undefined) delete this.keys[item.key];
      delete item.messageId;
    }
  }

  private fail(item: QueuedItem, error: DeliveryError): Settled {
    this.remove(item);
    if (item.key !== undefined) delete this.keys[item.key];
    return {
      receipt: { itemId: item.id, status: 'failed', channel: item.channel, error },
      waiters: item.waiters,
      handedOffAtMs: item.handedOffAtMs,
    };
  }

  private remove(item: QueuedItem): void {
    const index = this.items.indexOf(item);
    if (index < 0) return;
    this.items.splice(index, 1);
    this.bytes -= item.size;
  }

  private remember(id: string): void {
    this.seen.push(id);
    this.seenIds.add(id);
    while (this.seen.length > SEEN_LIMIT) this.seenIds.delete(this.seen.shift()!);
  }
}
