import { WebhookPacer, type PacerClock, type PacerRelease } from '../../../src/discord/pacer';

/** A clock whose timers fire only when the test advances time. */
class FakeClock implements PacerClock {
  private time = 1_000_000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward, firing due timers in order, and lets promise callbacks run. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts acquiring and records when the turn comes. */
function track(pacer: WebhookPacer, key: string, signal?: AbortSignal) {
  const state: { release?: PacerRelease; error?: unknown } = {};
  pacer.acquire(key, signal).then(
    (release) => (state.release = release),
    (error: unknown) => (state.error = error),
  );
  return state;
}

describe('WebhookPacer', () => {
  let clock: FakeClock;
  let pacer: WebhookPacer;

  beforeEach(() => {
    clock = new FakeClock();
    pacer = new WebhookPacer({ clock, marginMs: 0 });
  });

  test('allows one request in flight per key, in FIFO order', async () => {
    const first = track(pacer, 'a');
    const second = track(pacer, 'a');
    const third = track(pacer, 'a');
    await flush();
    expect([!!first.release, !!second.release, !!third.release]).toEqual([true, false, false]);
    first.release?.();
    await flush();
    expect([!!second.release, !!third.release]).toEqual([true, false]);
    second.release?.();
    second.release?.(); // a second release is ignored
    await flush();
    expect(!!third.release).toBe(true);
  });

  test('does not make different keys wait for each other', async () => {
    const a = track(pacer, 'a');
    const b = track(pacer, 'b');
    await flush();
    expect([!!a.release, !!b.release]).toEqual([true, true]);
  });

  test('waits for Reset-After when the bucket is exhausted', async () => {
    const first = track(pacer, 'a');
    await flush();
    pacer.record('a', { remaining: 0, resetAfterMs: 2000, global: false }, 200);
    first.release?.();
    const second = track(pacer, 'a');
    await clock.advance(1999);
    expect(second.release).toBeUndefined();
    expect(pacer.waitMs('a')).toBe(1);
    await clock.advance(1);
    expect(second.release).toBeDefined();
  });

  test('does not wait while requests remain in the window', async () => {
    const first = track(pacer, 'a');
    await flush();
    pacer.record('a', { remaining: 3, resetAfterMs: 2000, global: false }, 200);
    first.release?.();
    const second = track(pacer, 'a');
    await flush();
    expect(second.release).toBeDefined();
  });

  test('adds the safety margin to server-given waits', () => {
    pacer = new WebhookPacer({ clock, marginMs: 50 });
    pacer.record('a', { remaining: 0, resetAfterMs: 1000, global: false }, 200);
    expect(pacer.waitMs('a')).toBe(1050);
  });

  test('a global 429 pauses every key, including ones never seen', async () => {
    const a = track(pacer, 'a');
    await flush();
    pacer.record('a', { global: true, retryAfterMs: 3000 }, 429);
    a.release?.();
    const again = track(pacer, 'a');
    const other = track(pacer, 'b');
    await clock.advance(2999);
    expect([again.release, other.release]).toEqual([undefined, undefined]);
    await clock.advance(1);
    expect([!!again.release, !!other.release]).toEqual([true, true]);
  });

  test('a user-scope 429 delays only that key by retry_after', async () => {
    pacer.record('a', { global: false, scope: 'user', retryAfterMs: 1500 }, 429);
    const a = track(pacer, 'a');
    const b = track(pacer, 'b');
    await flush();
    expect([a.release, !!b.release]).toEqual([undefined, true]);
    await clock.advance(1500);
    expect(a.release).toBeDefined();
  });

  test('a shared-scope 429 delays only that key, even with requests remaining', () => {
    pacer.record('a', { global: false, scope: 'shared', retryAfterMs: 800, remaining: 4 }, 429);
    expect(pacer.waitMs('a')).toBe(800);
    expect(pacer.waitMs('b')).toBe(0);
  });

  test('a 429 without retry_after waits the default delay', () => {
    pacer.record('a', { global: false }, 429);
    expect(pacer.waitMs('a')).toBe(5000);
  });

  test('uses the relative Reset-After, not the absolute Reset, so a skewed clock does not matter', () => {
    pacer.record('a', { remaining: 0, resetAfterMs: 1000, resetAtMs: 0, global: false }, 200);
    expect(pacer.waitMs('a')).toBe(1000);
  });

  test('an abort rejects a queued wait promptly and the queue moves on', async () => {
    const first = track(pacer, 'a');
    const controller = new AbortController();
    const aborted = track(pacer, 'a', controller.signal);
    const third = track(pacer, 'a');
    await flush();
    controller.abort(new Error('cancelled'));
    await flush();
    expect((aborted.error as Error).message).toBe('cancelled');
    first.release?.();
    await flush();
    expect(aborted.release).toBeUndefined();
    expect(third.release).toBeDefined();
  });

  test('an abort rejects a wait for a rate-limit reset without waiting for it', async () => {
    pacer.record('a', { remaining: 0, resetAfterMs: 60_000, global: false }, 200);
    const controller = new AbortController();
    const waiting = track(pacer, 'a', controller.signal);
    await flush();
    controller.abort();
    await flush();
    expect((waiting.error as Error).name).toBe('AbortError');
  });

  test('an already aborted signal rejects at once', async () => {
    await expect(pacer.acquire('a', AbortSignal.abort())).rejects.toThrow();
  });

  test('forgets idle keys so memory stays bounded', async () => {
    pacer = new WebhookPacer({ clock, marginMs: 0, idleMs: 60_000 });
    for (let i = 0; i < 100; i++) (await pacer.acquire(`k${i}`))();
    expect(pacer.size).toBe(100);
    await clock.advance(61_000);
    (await pacer.acquire('fresh'))();
    expect(pacer.size).toBe(1);
  });

  test('keeps an idle key whose bucket is still exhausted', async () => {
    pacer = new WebhookPacer({ clock, marginMs: 0, idleMs: 1000 });
    pacer.record('limited', { remaining: 0, resetAfterMs: 120_000, global: false }, 200);
    await clock.advance(61_000);
    (await pacer.acquire('other'))();
    expect(pacer.waitMs('limited')).toBe(59_000);
    expect(pacer.size).toBe(2);
  });
});
