// Which watched task queues went offline or came back: pure, run inside the check workflow.
import type { QueueEvent, QueueObservations, QueueState } from '../../activities/health/types';

export type { QueueEvent };

const later = (a: string | null, b: string | null): string | null => {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
};

/**
 * A queue that had pollers is offline once its newest poll is older than the grace period, and reported once; it
 * has recovered once a poll newer than that one shows up, also reported once. A queue never seen with pollers is
 * not reported. Queues no longer watched are forgotten.
 */
export function watchQueues(
  previous: Readonly<Record<string, QueueState>>,
  observations: QueueObservations,
  graceMs: number,
): { queues: Record<string, QueueState>; events: QueueEvent[] } {
  const now = Date.parse(observations.observedAt);
  const queues: Record<string, QueueState> = {};
  const events: QueueEvent[] = [];
  for (const queue of observations.queues) {
    const before = previous[queue.name];
    const lastPollAt = later(before?.lastPollAt ?? null, queue.lastPollAt);
    if (before?.offlineSince !== undefined) {
      if (queue.lastPollAt !== null && Date.parse(queue.lastPollAt) > Date.parse(before.offlineSince)) {
        events.push({ kind: 'recovered', queue, offlineSince: before.offlineSince, backAt: queue.lastPollAt });
        queues[queue.name] = { lastPollAt };
      } else queues[queue.name] = before;
    } else if (lastPollAt !== null && now - Date.parse(lastPollAt) > graceMs) {
      events.push({ kind: 'offline', queue, lastPollAt });
      queues[queue.name] = { lastPollAt, offlineSince: lastPollAt };
    } else queues[queue.name] = { lastPollAt };
  }
  return { queues, events };
}
