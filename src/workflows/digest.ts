import {
  condition,
  continueAsNew,
  allHandlersFinished,
  log,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { DigestItem } from '../activities/types';
import { digestNotification } from '../messages/digest';
import { notifySafely } from './helpers/notify';
import { addToDigestSignal, digestStatusQuery, type DigestStatus } from './queries';

/** Input of {@link digestCollector}; `pending`, `seen` and the counters carry over when it continues as new. */
export interface DigestCollectorInput {
  channel: string;
  windowMs: number;
  pending?: DigestItem[];
  seen?: string[];
  counts?: { delivered: number; messages: number; failed: number };
  /** History events after which it continues as new. @default 4000 */
  historyLimit?: number;
}

/** A collector with nothing to do for this long completes; the next notification starts a new one. */
const IDLE_TIMEOUT = '10 minutes';
/** Item ids remembered to drop duplicates from a retried hand-over. */
const SEEN_LIMIT = 2_000;

/**
 * Collects a channel's notifications for `windowMs` after the first one arrives, then sends them packed into as
 * few messages as Discord allows (10 embeds, 6000 characters each), in arrival order, dropping nothing. Started by
 * `notify` through signal-with-start when the channel has DISCORD_DIGEST_<CHANNEL> set.
 */
export async function digestCollector(input: DigestCollectorInput): Promise<DigestStatus> {
  const pending = [...(input.pending ?? [])];
  const seen = [...(input.seen ?? [])];
  const seenIds = new Set(seen);
  const counts = { delivered: 0, messages: 0, failed: 0, ...input.counts };
  setHandler(addToDigestSignal, (item) => {
    if (seenIds.has(item.id)) return;
    seenIds.add(item.id);
    seen.push(item.id);
    pending.push(item);
  });
  const status = (): DigestStatus => ({ channel: input.channel, pending: pending.length, ...counts });
  setHandler(digestStatusQuery, status);

  for (;;) {
    if (!(await condition(() => pending.length > 0, IDLE_TIMEOUT))) {
      await condition(allHandlersFinished);
      if (pending.length === 0) return status();
    }
    await sleep(input.windowMs);
    const batch = pending.splice(0, pending.length);
    const result = await notifySafely(digestNotification(batch.map((item) => item.notification)), {
      channel: input.channel,
      bypassDigest: true,
    });
    if (result.status === 'sent') {
      counts.delivered += batch.length;
      counts.messages += result.messageIds.length;
    } else {
      counts.failed += batch.length;
      log.warn('Digest could not be delivered', { channel: input.channel, items: batch.length, result });
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? 4_000)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof digestCollector>({
        channel: input.channel,
        windowMs: input.windowMs,
        pending,
        seen: seen.slice(-SEEN_LIMIT),
        counts,
        ...(input.historyLimit !== undefined && { historyLimit: input.historyLimit }),
      });
    }
  }
}
