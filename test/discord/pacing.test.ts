import {
  initialPacing,
  nextTurnAtMs,
  recordAnswer,
  relaxChannelLimit,
  type PacingState,
} from '../../src/discord/pacing';

const CHANNEL = { limit: 30, windowMs: 60_000 };
const post = { post: true, full: false };
const fullPost = { post: true, full: true };
const edit = { post: false, full: true };

/** A post answered with the webhook bucket's headers. */
const answered = (state: PacingState, atMs: number, remaining: number, resetAfterMs: number) =>
  recordAnswer(state, atMs, { post: true, remaining, resetAfterMs });

describe('nextTurnAtMs', () => {
  test('an idle channel may send at once', () => {
    expect(nextTurnAtMs(initialPacing(CHANNEL), 1_000, post)).toBe(1_000);
  });

  test("a partial message waits for its share of the bucket's window; a full one goes at once", () => {
    // 4 of 5 left, the window resets 2 s after the first post: the next partial one waits 2000 / 5 ms.
    const state = answered(initialPacing(CHANNEL), 0, 4, 2_000);
    expect(nextTurnAtMs(state, 10, post)).toBe(400);
    expect(nextTurnAtMs(state, 10, fullPost)).toBe(10);
  });

  test('an exhausted bucket holds every request until it resets', () => {
    const state = answered(initialPacing(CHANNEL), 500, 0, 1_500);
    expect(nextTurnAtMs(state, 600, fullPost)).toBe(2_000);
    expect(nextTurnAtMs(state, 600, edit)).toBe(2_000);
    // Once reset, the bucket says nothing any more.
    expect(nextTurnAtMs(state, 2_000, post)).toBe(2_000);
  });

  test('a full channel window holds new messages until its oldest post leaves it, but not edits', () => {
    let state = initialPacing({ limit: 3, windowMs: 60_000 });
    for (const at of [0, 1_000, 2_000]) state = answered(state, at, 4, 1);
    expect(nextTurnAtMs(state, 3_000, fullPost)).toBe(60_000);
    expect(nextTurnAtMs(state, 3_000, edit)).toBe(3_000);
  });

  test("with little of the channel's allowance left, partial messages are spread over the rest of the window", () => {
    let state = initialPacing({ limit: 8, windowMs: 60_000 });
    for (const at of [0, 1_000, 2_000, 3_000, 4_000, 5_000]) state = answered(state, at, 4, 1);
    // Two of eight left (a quarter), the oldest leaves at 60 s: the next partial post waits (60000 − 5000) / 3.
    expect(nextTurnAtMs(state, 5_001, post)).toBeCloseTo(5_000 + 55_000 / 3);
    expect(nextTurnAtMs(state, 5_001, fullPost)).toBe(5_001);
  });

  test('switched off, the channel limit holds nothing', () => {
    let state = initialPacing(null);
    for (let at = 0; at < 100; at++) state = recordAnswer(state, at, { post: true });
    expect(nextTurnAtMs(state, 100, fullPost)).toBe(100);
    expect(state.posts).toEqual([]);
  });
});

describe('recordAnswer', () => {
  test('a shared-scope 429 lowers the channel limit to the posts the window held when Discord refused', () => {
    let state = initialPacing(CHANNEL);
    for (let at = 0; at < 20; at++) state = answered(state, at * 1_000, 4, 2_000);
    state = recordAnswer(state, 40_000, { post: true, rateLimited: { scope: 'shared', retryAfterMs: 20_000 } });
    expect(state.channel).toEqual({ limit: 20, windowMs: 60_000 });
    expect(state.adjustedAtMs).toBe(40_000);
  });

  test('a 429 of the webhook bucket or the global limit leaves the channel limit alone', () => {
    let state = answered(initialPacing(CHANNEL), 0, 0, 2_000);
    state = recordAnswer(state, 2_100, { post: true, rateLimited: { scope: 'user', retryAfterMs: 100 } });
    state = recordAnswer(state, 2_200, { post: true, rateLimited: { scope: 'global', retryAfterMs: 100 } });
    expect(state.channel).toEqual(CHANNEL);
  });

  test('posts older than the channel window are forgotten', () => {
    let state = initialPacing(CHANNEL);
    state = answered(state, 0, 4, 2_000);
    state = answered(state, 30_000, 4, 2_000);
    state = answered(state, 61_000, 4, 2_000);
    expect(state.posts).toEqual([30_000, 61_000]);
  });
});

describe('relaxChannelLimit', () => {
  const lowered = (): PacingState => ({
    ...initialPacing(CHANNEL),
    channel: { limit: 20, windowMs: 60_000 },
    adjustedAtMs: 0,
  });

  test('a lowered limit rises by one per quiet window, up to the configured one', () => {
    expect(relaxChannelLimit(lowered(), 59_999, CHANNEL).channel!.limit).toBe(20);
    const later = relaxChannelLimit(lowered(), 180_000, CHANNEL);
    expect(later.channel!.limit).toBe(23);
    expect(later.adjustedAtMs).toBe(180_000);
    const relaxed = relaxChannelLimit(lowered(), 3_600_000, CHANNEL);
    expect(relaxed.channel).toEqual(CHANNEL);
    expect(relaxed.adjustedAtMs).toBeNull();
  });

  test('a new configuration replaces the old limit; switched off, there is none', () => {
    expect(relaxChannelLimit(lowered(), 0, { limit: 10, windowMs: 60_000 }).channel).toEqual({
      limit: 10,
      windowMs: 60_000,
    });
    expect(relaxChannelLimit(lowered(), 0, { limit: 30, windowMs: 30_000 }).channel).toEqual({
      limit: 30,
      windowMs: 30_000,
    });
    expect(relaxChannelLimit(lowered(), 0, null).channel).toBeNull();
  });
});
