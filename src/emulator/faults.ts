import { type Fault, type FaultAction } from './schemas';

/** A queued fault and how many more requests it applies to. */
export interface PendingFault extends Fault {
  readonly remaining: number;
}

/**
 * Injected faults, consumed first-in first-out: each request takes the oldest fault that matches its webhook and
 * method, and a fault is dropped once it has applied `times` times.
 */
export class FaultQueue {
  private readonly queue: { fault: Fault; remaining: number }[] = [];

  /** Queues a validated fault. */
  add(fault: Fault): void {
    this.queue.push({ fault, remaining: fault.times });
  }

  /** Takes one use of the oldest fault matching this request, if any. */
  take(webhookId: string | null, method: string): FaultAction | undefined {
    const index = this.queue.findIndex(
      ({ fault }) =>
        (fault.webhookId === undefined || fault.webhookId === webhookId) &&
        (fault.method === undefined || fault.method === method),
    );
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault.action;
  }

  /** The faults still waiting, oldest first. */
  list(): PendingFault[] {
    return this.queue.map(({ fault, remaining }) => ({ ...fault, remaining }));
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue.length = 0;
  }
}
