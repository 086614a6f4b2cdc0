/**
 * Client-side pacing per webhook, so that Discord's 429s stay rare: one request in flight per webhook (FIFO), a wait
 * while the webhook's bucket is exhausted, and a pause of every webhook after a global 429. One instance per process
 * (per worker); the state lives in memory only.
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
import { DEFAULT_RETRY_AFTER_MS, type RateLimitInfo } from './rate-limit';

/** Time source and timers; inject a fake one in tests. */
export interface PacerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of {@link WebhookPacer}. */
export interface WebhookPacerOptions {
  /** @default the real clock (`Date.now`, `setTimeout`) */
  clock?: PacerClock;
  /**
   * Added to every server-given wait, because Discord's window may close a little after its own Reset-After.
   * @default 50
   */
  marginMs?: number;
  /** A key unused for this long, with nothing pending, is forgotten. @default 300000 (5 minutes) */
  idleMs?: number;
}

/** Ends a request's turn: call it exactly once, after `record`, whatever the outcome. Extra calls are ignored. */
export type PacerRelease = () => void;

interface Waiter {
  resolve(release: PacerRelease): void;
  reject(reason: Error): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface KeyState {
  queue: Waiter[];
  inFlight: boolean;
  /** Requests left in the current window; unknown until the first response. */
  remaining: number | undefined;
  /** When the window resets, on the local clock (from the relative Reset-After). */
  resetAtMs: number;
  /** A `shared`-scope 429 delays this key without saying anything about its own bucket. */
  delayUntilMs: number;
  lastUsedMs: number;
  timer: unknown;
}

const realClock: PacerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Paces requests per webhook key (use the webhook id: Discord scopes webhook limits by webhook, and the bucket hash
 * alone is shared between webhooks).
 */
export class WebhookPacer {
  private readonly keys = new Map<string, KeyState>();
  private readonly clock: PacerClock;
  private readonly marginMs: number;
  private readonly idleMs: number;
  private globalUntilMs = 0;
  private lastSweepMs = 0;

  constructor(options: WebhookPacerOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.marginMs = options.marginMs ?? 50;
    this.idleMs = options.idleMs ?? 300_000;
  }

  /** Keys currently remembered (for tests and metrics). */
  get size(): number {
    return this.keys.size;
  }

  /**
   * Waits for this key's turn: after every earlier caller of the same key has released, while its bucket is
   * exhausted and during a global pause.
   * @throws the signal's reason when `signal` aborts before the turn comes (the caller never gets a turn)
   */
  acquire(key: string, signal?: AbortSignal): Promise<PacerRelease> {
    this.sweep();
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const state = this.state(key);
    return new Promise<PacerRelease>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = state.queue.indexOf(waiter);
          if (index < 0) return;
          state.queue.splice(index, 1);
          reject(abortReason(signal));
          this.pump(key);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      state.queue.push(waiter);
      this.pump(key);
    });
  }

  /**
   * Learns from a response (or a classified error) of this key: remaining and Reset-After always; on a 429, a global
   * one pauses every key, a `shared` one delays this key, any other exhausts this key's bucket for `retryAfterMs`.
   */
  record(key: string, info: RateLimitInfo, status: number): void {
    const now = this.clock.now();
    const state = this.state(key);
    if (info.remaining !== undefined) state.remaining = info.remaining;
    if (info.resetAfterMs !== undefined) state.resetAtMs = now + info.resetAfterMs + this.marginMs;
    if (status === 429) {
      const until = now + (info.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS) + this.marginMs;
      if (info.global) this.globalUntilMs = Math.max(this.globalUntilMs, until);
      else if (info.scope === 'shared') state.delayUntilMs = Math.max(state.delayUntilMs, until);
      else {
        state.remaining = 0;
        state.resetAtMs = Math.max(state.resetAtMs, until);
      }
    }
    state.lastUsedMs = now;
    this.pump(key);
  }

  /** How long a new request for `key` would wait for rate limits now (ignoring requests queued before it). */
  waitMs(key: string): number {
    const state = this.keys.get(key);
    const now = this.clock.now();
    return Math.max(0, this.globalUntilMs - now, state ? this.keyWaitMs(state, now) : 0);
  }

  private keyWaitMs(state: KeyState, now: number): number {
    const exhausted = state.remaining === 0 ? state.resetAtMs - now : 0;
    return Math.max(0, exhausted, state.delayUntilMs - now);
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = {
        queue: [],
        inFlight: false,
        remaining: undefined,
        resetAtMs: 0,
        delayUntilMs: 0,
        lastUsedMs: this.clock.now(),
        timer: undefined,
      };
      this.keys.set(key, state);
    }
    return state;
  }

  /** Hands the turn to the next waiter when the key is free and not limited, else sets one timer to look again. */
  private pump(key: string): void {
    const state = this.keys.get(key);
    if (!state) return;
    if (state.timer !== undefined) {
      this.clock.clearTimeout(state.timer);
      state.timer = undefined;
    }
    if (state.inFlight || state.queue.length === 0) return;
    const wait = this.waitMs(key);
    if (wait > 0) {
      state.timer = this.clock.setTimeout(() => {
        state.timer = undefined;
        this.pump(key);
      }, wait);
      return;
    }
    const waiter = state.queue.shift();
    if (!waiter) return;
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
    state.inFlight = true;
    // Counted now so that a caller who never records still leaves the bucket honest; record() corrects it.
    if (state.remaining !== undefined && state.remaining > 0) state.remaining--;
    let released = false;
    waiter.resolve(() => {
      if (released) return;
      released = true;
      state.inFlight = false;
      state.lastUsedMs = this.clock.now();
      this.pump(key);
    });
  }

  /** Forgets keys with nothing pending and nothing to remember, at most once a minute, so memory stays bounded. */
  private sweep(): void {
    const now = this.clock.now();
    if (now - this.lastSweepMs < 60_000) return;
    this.lastSweepMs = now;
    for (const [key, state] of this.keys) {
      const idle = !state.inFlight && state.queue.length === 0 && state.timer === undefined;
      if (idle && now - state.lastUsedMs >= this.idleMs && this.keyWaitMs(state, now) === 0) this.keys.delete(key);
    }
  }
}

/** The signal's reason when it is an Error (an AbortError, Temporal's CancelledFailure...), else a plain one. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  // Duck-typed: a DOMException from another realm (vm contexts, Jest) fails `instanceof Error`.
  if (reason instanceof Error || (typeof reason === 'object' && reason !== null && 'message' in reason)) {
    return reason as Error;
  }
  return new Error('The operation was aborted');
}
