import type { OutboxItem } from '../../src/activities/types';
import type { Notification } from '../../src/discord/notification';
import { initialPacing, recordAnswer, turnAllowance, type PacingState } from '../../src/discord/pacing';
import { OutboxQueue } from '../../src/workflows/outbox-queue';
import { outboxItem } from '../helpers/outbox-items';
import { MAX_TURN_REQUESTS } from '../../src/vocabulary';
import { planTurn as planTurnUpTo, turnTiming } from '../../src/workflows/outbox-turn';

const CHANNEL = { limit: 30, windowMs: 60_000 };
const LEAD = 300;
const planTurn = (queue: OutboxQueue, pacing: PacingState, atMs: number) =>
  planTurnUpTo(queue, pacing, atMs, MAX_TURN_REQUESTS);

const item = outboxItem;
const lead = (n: number): Notification => ({ embeds: [{ title: `Lead ${n}` }] });
const full = (n: number): Notification => ({
  embeds: Array.from({ length: 10 }, (_, i) => ({ title: `Report ${n}.${i + 1}` })),
});
function queueOf(items: OutboxItem[]): OutboxQueue {
  const queue = new OutboxQueue();
  for (const one of items) queue.enqueue(one, JSON.stringify(one).length);
  return queue;
}
/** A post answered with the webhook bucket's headers (5 per window). */
const answered = (state: PacingState, atMs: number, remaining: number, resetAfterMs: number) =>
  recordAnswer(state, atMs, { post: true, remaining, resetAfterMs, limit: 5 });
const idsOf = (batches: ReturnType<typeof planTurn>) => batches.map((batch) => batch.items.map((one) => one.id));

describe('turnAllowance', () => {
  test('one request before any answer; what the bucket has left in its window; all of it once reset', () => {
    expect(turnAllowance(initialPacing(null), 0)).toEqual({ requests: 1, posts: Number.POSITIVE_INFINITY });
    const state = answered(initialPacing(CHANNEL), 0, 2, 2_000);
    expect(turnAllowance(state, 100)).toEqual({ requests: 2, posts: 29 });
    expect(turnAllowance(state, 2_000)).toEqual({ requests: 5, posts: 29 });
  });

  test("answers without rate-limit headers: Discord's documented 5 per turn", () => {
    const state = recordAnswer(initialPacing(null), 0, { post: true });
    expect(turnAllowance(state, 10).requests).toBe(5);
  });
});

describe('planTurn', () => {
  test('a reset bucket takes five full messages in one turn, in hand-off order', () => {
    const queue = queueOf(Array.from({ length: 70 }, (_, i) => item(`i${i + 1}`, lead(i + 1))));
    const state = answered(initialPacing(CHANNEL), 0, 0, 2_000);
    const turn = planTurn(queue, state, 2_000);
    expect(idsOf(turn)).toEqual(
      Array.from({ length: 5 }, (_, m) => Array.from({ length: 10 }, (_, i) => `i${m * 10 + i + 1}`)),
    );
    expect(turn.every((batch) => batch.full)).toBe(true);
  });

  test('a partial message only starts a turn: the one behind full messages waits to fold more', () => {
    const queue = queueOf(Array.from({ length: 13 }, (_, i) => item(`i${i + 1}`, lead(i + 1))));
    const state = answered(initialPacing(CHANNEL), 0, 0, 2_000);
    expect(idsOf(planTurn(queue, state, 2_000)).map((ids) => ids.length)).toEqual([10]);
    const partial = queueOf([item('p1', lead(1)), item('p2', lead(2))]);
    expect(idsOf(planTurn(partial, state, 2_000))).toEqual([['p1', 'p2']]);
  });

  test('no more than the bucket has left, the channel allows, or MAX_TURN_REQUESTS', () => {
    const queue = queueOf(Array.from({ length: 20 }, (_, i) => item(`f${i + 1}`, full(i + 1))));
    expect(planTurn(queue, answered(initialPacing(CHANNEL), 0, 3, 2_000), 10)).toHaveLength(3);
    let nearlyFull = initialPacing(CHANNEL);
    for (let i = 0; i < 28; i++) nearlyFull = answered(nearlyFull, i * 100, 4, 2_000);
    expect(planTurn(queue, nearlyFull, 2_800)).toHaveLength(2);
    const unlimited = recordAnswer(initialPacing(null), 0, { post: true, remaining: 50, resetAfterMs: 2_000 });
    expect(planTurn(queue, unlimited, 10)).toHaveLength(MAX_TURN_REQUESTS);
  });

  test("the parts of a long notification follow each other; a key's next state waits for its post's answer", () => {
    const long = item('long', { content: 'x'.repeat(3_000) });
    expect(long.messages).toHaveLength(2);
    const queue = queueOf([
      long,
      item('k1', { content: '0%' }, { key: 'progress' }),
      item('k2', { content: '50%' }, { key: 'progress' }),
    ]);
    // k2 replaced k1 (same key, not in flight): one post of the key.
    const turn = planTurn(queue, answered(initialPacing(CHANNEL), 0, 0, 2_000), 2_000);
    expect(turn.map((batch) => [batch.kind, batch.items[0]!.id])).toEqual([
      ['post', 'long'],
      ['post', 'long'],
      ['post', 'k2'],
    ]);
    queue.sending(turn);
    queue.enqueue(item('k3', { content: '90%' }, { key: 'progress' }), 10);
    // In flight, k2 is not replaced; k3 (an edit of the message k2 posts) cannot join k2's turn.
    const next = planTurn(queue, answered(initialPacing(CHANNEL), 0, 0, 2_000), 2_000);
    expect(next.map((batch) => batch.items[0]!.id)).toEqual(['long', 'long', 'k2']);
  });
});

describe('turnTiming', () => {
  const fullBatch = queueOf([item('f', full(1))]).next()!;
  const partialBatch = queueOf([item('p', lead(1))]).next()!;

  test("an idle channel's turn is now", () => {
    expect(turnTiming(initialPacing(CHANNEL), partialBatch, 1_000, LEAD)).toEqual({
      scheduleAtMs: 1_000,
      notBeforeMs: 1_000,
    });
  });

  test("an exhausted bucket's next turn is scheduled a lead before the reset, to start at the reset", () => {
    const state = answered(initialPacing(CHANNEL), 0, 0, 2_000);
    for (const batch of [fullBatch, partialBatch]) {
      expect(turnTiming(state, batch, 100, LEAD)).toEqual({ scheduleAtMs: 1_700, notBeforeMs: 2_000 });
      expect(turnTiming(state, batch, 1_800, LEAD)).toEqual({ scheduleAtMs: 1_800, notBeforeMs: 2_000 });
    }
  });

  test("a partial message's later turn is not scheduled ahead: it folds in what arrives until then", () => {
    // 4 of 5 left: the partial message waits for its share of the window (2000 / 5 ms), a full one goes now.
    const state = answered(initialPacing(CHANNEL), 0, 4, 2_000);
    expect(turnTiming(state, partialBatch, 10, LEAD)).toEqual({ scheduleAtMs: 400, notBeforeMs: 10 });
    expect(turnTiming(state, fullBatch, 10, LEAD)).toEqual({ scheduleAtMs: 10, notBeforeMs: 10 });
  });
});
