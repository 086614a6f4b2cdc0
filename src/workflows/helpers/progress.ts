import { isCancellation, log } from '@temporalio/workflow';
import type { Notification } from '../../discord/builder';
import { prepare } from './delivery';
import { describeFailure } from './failures';
import type { NotifyOptions, SafeNotifyResult } from './notify';

/** Discord's "Unknown Message": the progress message was deleted in the channel. */
const UNKNOWN_MESSAGE = 10008;

/** What a {@link ProgressMessage} did, for the workflow's result. */
export interface ProgressMessageStats {
  messageId: string | undefined;
  posts: number;
  edits: number;
  failures: number;
}

/**
 * ONE message that is posted once and then edited in place (progress bars, status boards), instead of a new post
 * per update. If someone deletes it, the next update posts a fresh one. Updates never fail the caller: a failed
 * update is logged, counted and returned.
 */
export class ProgressMessage {
  private readonly stats: ProgressMessageStats = { messageId: undefined, posts: 0, edits: 0, failures: 0 };

  constructor(private readonly options: NotifyOptions = {}) {}

  get summary(): ProgressMessageStats {
    return { ...this.stats };
  }

  /** Shows the notification: the first call posts it, later calls edit that message. */
  async show(notification: Notification): Promise<SafeNotifyResult> {
    const prepared = await prepare(this.options.channel ?? 'default', notification);
    const { channel } = prepared;
    if (!prepared.configured) return { status: 'skipped', channel, reason: prepared.reason };
    const delivery = prepared.activities;
    const [message, ...overflow] = prepared.messages;
    if (!message)
      return { status: 'failed', channel, error: { type: 'InvalidMessage', message: 'empty notification' } };
    if (overflow.length > 0)
      log.warn('Progress message longer than one Discord message; only the first part is kept up to date');
    const threadId = this.options.threadId;
    try {
      if (this.stats.messageId) {
        try {
          const edited = await delivery.editMessage({
            channel,
            messageId: this.stats.messageId,
            message,
            ...(threadId && { threadId }),
          });
          this.stats.edits += 1;
          return edited.status === 'sent' ? { ...edited, messageIds: [edited.messageId] } : edited;
        } catch (error) {
          if (isCancellation(error) || describeFailure(error).code !== UNKNOWN_MESSAGE) throw error;
          log.info('Progress message was deleted; posting a new one', { channel });
        }
      }
      const posted = await delivery.deliverMessage({ channel, message, ...(threadId && { threadId }) });
      if (posted.status !== 'sent') return posted;
      this.stats.messageId = posted.messageId;
      this.stats.posts += 1;
      return { ...posted, messageIds: [posted.messageId] };
    } catch (error) {
      if (isCancellation(error)) throw error;
      this.stats.failures += 1;
      const failure = describeFailure(error);
      log.warn('Progress update failed; continuing', { channel, ...failure });
      return { status: 'failed', channel, error: failure };
    }
  }
}
