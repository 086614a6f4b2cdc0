import type { QueueObservations } from '../../../src/activities/health/types';
import { watchQueues } from '../../../src/workflows/helpers/health-queues';

const GRACE = 120_000;
const T0 = Date.parse('2026-11-28T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const seen = (now: number, lastPoll: number | null, workers = ['1@host']): QueueObservations => ({
  observedAt: iso(now),
  queues: [{ name: 'etl', lastPollAt: lastPoll === null ? null : iso(lastPoll), workers, url: 'https://ui/q' }],
});

describe('watchQueues', () => {
  test('a queue never seen with pollers is not reported', () => {
    expect(watchQueues({}, seen(T0, null, []), GRACE)).toEqual({ queues: { etl: { lastPollAt: null } }, events: [] });
  });

  test('offline once the newest poll is older than the grace period, once; back once a newer poll shows', () => {
    let state = watchQueues({}, seen(T0, T0 - 1_000), GRACE);
    expect(state.events).toEqual([]);
    // Within the grace period: nothing, and the newest poll is remembered when the server stops listing it.
    state = watchQueues(state.queues, seen(T0 + GRACE - 1_000, null, []), GRACE);
    expect(state).toEqual({ queues: { etl: { lastPollAt: iso(T0 - 1_000) } }, events: [] });
    state = watchQueues(state.queues, seen(T0 + GRACE, null, []), GRACE);
    expect(state.events).toEqual([
      {
        kind: 'offline',
        queue: seen(0, null, []).queues[0],
        lastPollAt: iso(T0 - 1_000),
      },
    ]);
    expect(state.queues.etl).toEqual({ lastPollAt: iso(T0 - 1_000), offlineSince: iso(T0 - 1_000) });
    state = watchQueues(state.queues, seen(T0 + 2 * GRACE, T0 - 1_000), GRACE);
    expect(state.events).toEqual([]);
    state = watchQueues(state.queues, seen(T0 + 3 * GRACE, T0 + 3 * GRACE - 500, ['2@host']), GRACE);
    expect(state.events).toEqual([
      {
        kind: 'recovered',
        queue: seen(0, T0 + 3 * GRACE - 500, ['2@host']).queues[0],
        offlineSince: iso(T0 - 1_000),
        backAt: iso(T0 + 3 * GRACE - 500),
      },
    ]);
    expect(state.queues.etl).toEqual({ lastPollAt: iso(T0 + 3 * GRACE - 500) });
    expect(watchQueues(state.queues, seen(T0 + 3 * GRACE + 1_000, T0 + 3 * GRACE), GRACE).events).toEqual([]);
  });

  test('queues no longer watched are forgotten', () => {
    const observed = watchQueues({ gone: { lastPollAt: iso(T0) } }, seen(T0, T0), GRACE);
    expect(Object.keys(observed.queues)).toEqual(['etl']);
  });
});
