import { claim, emptyLedger, record } from '../../../src/workflows/helpers/health-ledger-state';
import { LEASE_MS, VISIBILITY_OVERLAP_MS } from '../../../src/vocabulary';

const T0 = Date.parse('2026-11-28T09:00:00.000Z');
const A = { workflowId: 'system-health-a', runId: 'run-a' };
const B = { workflowId: 'system-health-b', runId: 'run-b' };
const iso = (ms: number) => new Date(ms).toISOString();

describe('the health ledger', () => {
  test('a new ledger grants the lease with no watermark; a second check is refused while the first holds it', () => {
    const first = claim(emptyLedger(), { holder: A }, T0);
    expect(first.result).toEqual({ granted: true, watermark: null, known: [], queues: {} });
    expect(first.state.lease).toEqual({ ...A, since: iso(T0) });
    const second = claim(first.state, { holder: B }, T0 + 1_000);
    expect(second.result).toEqual({ granted: false, holder: A, since: iso(T0) });
    expect(second.state).toBe(first.state);
    // The holder itself may claim again (a retried claim).
    expect(claim(first.state, { holder: A }, T0 + 2_000).result.granted).toBe(true);
  });

  test('another check takes over from a closed holder it names, or after the lease expired', () => {
    const held = claim(emptyLedger(), { holder: A }, T0).state;
    expect(claim(held, { holder: B, takeOverFrom: 'someone-else' }, T0).result.granted).toBe(false);
    const takenOver = claim(held, { holder: B, takeOverFrom: A.runId }, T0);
    expect(takenOver.result.granted).toBe(true);
    expect(takenOver.state.lease).toMatchObject(B);
    expect(claim(held, { holder: B }, T0 + LEASE_MS).result.granted).toBe(false);
    expect(claim(held, { holder: B }, T0 + LEASE_MS + 1).result.granted).toBe(true);
  });

  test('records merge known run ids, a watermark forgets what no later listing returns, release frees the lease', () => {
    let state = claim(emptyLedger(), { holder: A }, T0).state;
    const old = { runId: 'old', closeTime: iso(T0 - VISIBILITY_OVERLAP_MS - 1) };
    const edge = { runId: 'edge', closeTime: iso(T0 - VISIBILITY_OVERLAP_MS) };
    const recent = { runId: 'recent', closeTime: iso(T0 - 1) };
    state = record(state, { holder: A, known: [old, edge] }, T0 + 10).state;
    expect(state.known).toEqual({ old: old.closeTime, edge: edge.closeTime });
    expect(state.lease?.since).toBe(iso(T0 + 10));
    const released = record(
      state,
      { holder: A, known: [recent], queues: { q: { lastPollAt: iso(T0) } }, watermark: iso(T0), release: true },
      T0 + 20,
    );
    expect(released.result).toEqual({ held: true });
    expect(released.state).toEqual({
      watermark: iso(T0),
      known: { edge: edge.closeTime, recent: recent.closeTime },
      queues: { q: { lastPollAt: iso(T0) } },
      lease: null,
      lastCheck: A,
      checks: 1,
    });
    // A's retried final record is answered without changing anything; B (never holding the lease) is refused.
    expect(record(released.state, { holder: A, release: true }, T0 + 30)).toEqual({
      state: released.state,
      result: { held: true },
    });
    expect(record(released.state, { holder: B, known: [old] }, T0 + 30)).toEqual({
      state: released.state,
      result: { held: false },
    });
    // The next check gets the watermark and the remembered run ids.
    expect(claim(released.state, { holder: B }, T0 + 40).result).toEqual({
      granted: true,
      watermark: iso(T0),
      known: ['edge', 'recent'],
      queues: { q: { lastPollAt: iso(T0) } },
    });
  });
});
