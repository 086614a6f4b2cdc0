import { isCancellation, log, workflowInfo } from '@temporalio/workflow';
import type { Notification } from '../../discord/notification';
import { describeFailure } from './failures';
import { handOff, receiptOf, type NotifyOptions, type SafeNotifyResult } from './notify';

/** What a {@link ProgressMessage} did, for the workflow's result. */
export interface ProgressMessageStats {
  /** The key its states are handed off under (one message per key). */
  key: string;
  /** The Discord message, once the outbox reported posting it. */
  messageId: string | undefined;
  /** States handed off (the outbox sends only the latest of those that wait). */
  updates: number;
  /** States that could not be handed off. */
  failures: number;
}

let progressMessages = 0;

/**
 * ONE message that is posted once and then edited in place (progress bars, status boards), instead of a new post
 * per update. Each `show` hands the new state to the channel's outbox and returns at once; while a state waits for
 * its turn, a newer one replaces it, so only the latest is sent. If someone deletes the message, the next state is
 * posted anew. Updates never fail the caller: a failed hand-off is logged, counted and returned.
 */
export class ProgressMessage {
  private readonly stats: ProgressMessageStats;
  /** The hand-off whose receipt names the posted message. */
  private firstItemId: string | undefined;

  constructor(private readonly options: Omit<NotifyOptions, 'wait'> = {}) {
    this.stats = {
      key: `${workflowInfo().workflowId}/progress/${++progressMessages}`,
      messageId: undefined,
      updates: 0,
      failures: 0,
    };
  }

  get summary(): ProgressMessageStats {
    this.learnMessageId();
    return { ...this.stats };
  }

  /**
   * Shows this state: the first call posts the message, later calls edit it. `final` marks the last state, after
   * which the outbox forgets the message.
   */
  async show(notification: Notification, { final = false }: { final?: boolean } = {}): Promise<SafeNotifyResult> {
    this.learnMessageId();
    const channel = (this.options.channel ?? 'default').toLowerCase();
    try {
      const { itemId, handed } = await handOff(notification, {
        ...this.options,
        key: this.stats.key,
        ...(this.stats.messageId !== undefined && { messageId: this.stats.messageId }),
        ...(final && { final }),
        // The first state asks for a receipt: it carries the message's id, which later states then edit directly.
        receipt: this.firstItemId === undefined,
      });
      if (handed.status !== 'queued') return handed as SafeNotifyResult;
      this.firstItemId ??= itemId;
      this.stats.updates += 1;
      return { status: 'queued', channel: handed.channel, outboxId: handed.outboxId, itemId };
    } catch (error) {
      if (isCancellation(error)) throw error;
      this.stats.failures += 1;
      const failure = describeFailure(error);
      log.warn('Progress update failed; continuing', { channel, ...failure });
      return { status: 'failed', channel, error: failure };
    }
  }

  private learnMessageId(): void {
    if (this.stats.messageId !== undefined || this.firstItemId === undefined) return;
    const receipt = receiptOf(this.firstItemId);
    if (receipt?.status === 'sent' && receipt.messageIds[0]) this.stats.messageId = receipt.messageIds[0];
    // A first post that failed: the next state is posted, and its receipt is asked for again.
    else if (receipt?.status === 'failed') this.firstItemId = undefined;
  }
}
