// Which requests go in one turn of a channel's outbox. Pure: no Temporal calls, unit-tested directly.
import { nextTurnAtMs, turnAllowance, type PacingState } from '../discord/pacing';
import type { SendRequest } from '../activities/types';
import type { Batch, OutboxQueue } from './outbox-queue';

/**
 * The requests of the turn that starts at `atMs`: the next request (its turn has come), then the full messages and
 * edits after it that the webhook's bucket and the channel limit allow in the same window, `maxRequests` at most. A partial message only
 * ever starts a turn: it waits for its own turn to fold in what arrives meanwhile.
 */
export function planTurn(queue: OutboxQueue, pacing: PacingState, atMs: number, maxRequests: number): Batch[] {
  const allowance = turnAllowance(pacing, atMs);
  const requests = Math.min(maxRequests, allowance.requests);
  return queue.upcoming((batch, planned) => {
    if (!batch.full || planned.length >= requests) return false;
    const posts = planned.filter((one) => one.kind === 'post').length;
    return batch.kind === 'edit' || posts < allowance.posts;
  });
}

/**
 * When the turn that starts with `batch` is scheduled, and the time its activity waits for. The limits' own time (the
 * bucket's reset, the channel window) is scheduled `leadMs` ahead, so the dispatch happens before it. A partial
 * message's later turn (the bucket's rest spread over its window) is not: what arrives until then folds into it. An
 * idle channel's turn is now.
 */
export function turnTiming(
  pacing: PacingState,
  batch: Batch,
  nowMs: number,
  leadMs: number,
): { scheduleAtMs: number; notBeforeMs: number } {
  const post = batch.kind === 'post';
  const limitsAtMs = nextTurnAtMs(pacing, nowMs, { post, full: true });
  const turnAtMs = nextTurnAtMs(pacing, nowMs, { post, full: batch.full });
  const scheduleAtMs = turnAtMs > limitsAtMs ? turnAtMs : limitsAtMs - leadMs;
  return { scheduleAtMs: Math.max(scheduleAtMs, nowMs), notBeforeMs: Math.max(limitsAtMs, nowMs) };
}

/** The wire request of a batch. */
export function requestOf(batch: Batch): SendRequest {
  return {
    channel: batch.items[0]?.channel ?? 'default',
    message: batch.message,
    ...(batch.threadId !== undefined && { threadId: batch.threadId }),
    ...(batch.editMessageId !== undefined && { editMessageId: batch.editMessageId }),
  };
}
