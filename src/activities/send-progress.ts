// What an attempt of an outbox's turn has done, kept in its heartbeat details: a retried attempt resumes after it.
import { Context } from '@temporalio/activity';
import {
  ActivityCancelledError,
  ActivityNotFoundError,
  ActivityPausedError,
  ActivityResetError,
} from '@temporalio/client';
import type { SendResult } from './types';

/** The progress of a turn: the answered requests, in order, and a 429 the next one met. */
export interface SendProgress {
  done: SendResult[];
  rateLimited?: { index: number; scope: 'user' | 'global' | 'shared' | null; retryAfterMs: number };
}

/** The progress an earlier attempt recorded (nothing on the first attempt). */
export function resumedProgress(details: unknown): SendProgress {
  const recorded = details as Partial<SendProgress> | undefined;
  return {
    done: Array.isArray(recorded?.done) ? [...recorded.done] : [],
    ...(recorded?.rateLimited && { rateLimited: recorded.rateLimited }),
  };
}

/**
 * Records the progress on the Temporal server before the turn goes on, so that a retry (after this worker died) does
 * not send what was answered. An awaited heartbeat through the worker's client: `Context.heartbeat()` only queues one,
 * and the worker throttles and sends it later (up to 0.8 × the heartbeat timeout, or `defaultHeartbeatThrottleInterval`,
 * 30 s, without one), so a crash right after an answer would lose it. Its reply also tells of a cancellation.
 * @returns `stop` when the turn must end here: the activity was cancelled, paused, reset or is gone, or the server
 * could not record it (sending on would risk sending twice).
 */
export async function recordProgress(progress: SendProgress): Promise<'recorded' | 'stop'> {
  const { client, info, log } = Context.current();
  try {
    await client.activity.heartbeat(info.taskToken, progress);
    return 'recorded';
  } catch (error) {
    const expected =
      error instanceof ActivityCancelledError ||
      error instanceof ActivityPausedError ||
      error instanceof ActivityResetError ||
      error instanceof ActivityNotFoundError;
    const reason = error instanceof Error ? error.message : String(error);
    if (expected) log.info('The turn ends early; the outbox sends the rest in its next turn', { reason });
    else log.warn('Could not record the turn’s progress; the outbox sends the rest in its next turn', { reason });
    return 'stop';
  }
}
