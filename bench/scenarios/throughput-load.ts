/**
 * Load phases of the throughput scenario: `sendNotification` workflows spread over 20 channels, started at a fixed
 * offered rate (open loop) or as fast as `concurrency` start calls allow (closed loop); latency is the start call
 * → the emulator's `at` of the delivery.
 */
import type { Client } from '@temporalio/client';
import { type BenchEmulator } from '../emulator-client';
import { sleep } from '../processes';
import { countDeliveries, parseSequence, percentile, sequenceTag } from '../report';

/** The channels of the scenario: DISCORD_WEBHOOK_URL_C1..C20. */
export const CHANNELS = Array.from({ length: 20 }, (_, i) => `c${i + 1}`);

/** How a phase offers its load. */
export type Offer =
  | { kind: 'rate'; perSecond: number; durationS: number; warmupS: number }
  | { kind: 'max'; total: number; concurrency: number };

export interface PhaseResult {
  offered: string;
  notifications: number;
  /** Start calls made per second (the load generator's own achievement). */
  startRate: number;
  delivered: number;
  lost: number;
  duplicates: number;
  /**
   * At a fixed rate: deliveries inside [first call + warm-up, end of the offered window] per second of that window.
   * At max rate: delivered ÷ (last delivery − first start call).
   */
  throughput: number | undefined;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  maxMs: number | undefined;
  startErrors: number;
  /** Workflow id → start call time, for the history breakdown. */
  startCalls: Map<string, number>;
  firstCallAt: number;
  lastDeliveryAt: number | undefined;
}

export interface PhaseTarget {
  client: Client;
  emulator: BenchEmulator;
  taskQueue: string;
  /** `sendNotification`, or the floor's `plainNotification`; both take `{ channel, content }`. */
  workflowType: string;
  /** Ask the server to hand the first workflow task straight to this process's worker. */
  eagerStart: boolean;
}

/** Runs one phase and waits until every notification arrived (or nothing arrived for 30 s). */
export async function runPhase(target: PhaseTarget, phase: string, offer: Offer): Promise<PhaseResult> {
  await target.emulator.reset();
  const total = offer.kind === 'rate' ? Math.round(offer.perSecond * offer.durationS) : offer.total;
  const startCalls = new Map<string, number>();
  const callTimes: number[] = [];
  let startErrors = 0;
  const start = (seq: number) => {
    const workflowId = `${target.taskQueue}-${phase}-${seq}`;
    const calledAt = Date.now();
    startCalls.set(workflowId, calledAt);
    callTimes[seq] = calledAt;
    return target.client.workflow
      .start(target.workflowType, {
        taskQueue: target.taskQueue,
        workflowId,
        args: [{ channel: CHANNELS[(seq - 1) % CHANNELS.length], content: `Load ${phase} ${sequenceTag(seq)}` }],
        ...(target.eagerStart && { requestEagerStart: true }),
      })
      .then(
        () => undefined,
        () => void (startErrors += 1),
      );
  };
  const firstCallAt = Date.now();
  if (offer.kind === 'rate') {
    const intervalMs = 1000 / offer.perSecond;
    const pending: Promise<void>[] = [];
    for (let seq = 1; seq <= total; seq++) {
      const due = firstCallAt + (seq - 1) * intervalMs;
      if (due > Date.now()) await sleep(due - Date.now());
      pending.push(start(seq));
    }
    await Promise.all(pending);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: offer.concurrency }, async () => {
        while (next < total) await start(++next);
      }),
    );
  }
  const lastCallAt = Math.max(...startCalls.values());
  // Wait for the deliveries: done when all arrived, given up when none arrived for 30 s.
  let count = -1;
  let progressAt = Date.now();
  while (Date.now() - progressAt < 30_000) {
    const now = await target.emulator.requestCount();
    if (now >= total) break;
    if (now !== count) {
      count = now;
      progressAt = Date.now();
    }
    await sleep(250);
  }
  const requests = await target.emulator.requests();
  const sent = requests.map((request) => ({
    seq: parseSequence((request.body as { content?: unknown } | null)?.content),
    at: request.at,
    status: request.status,
  }));
  const counted = countDeliveries(sent, total);
  const firstAt = new Map<number, number>();
  for (const request of sent) {
    if (request.seq !== undefined && request.status === 200 && !firstAt.has(request.seq))
      firstAt.set(request.seq, request.at);
  }
  const latencies = [...firstAt].flatMap(([seq, at]) => (callTimes[seq] === undefined ? [] : [at - callTimes[seq]]));
  let throughput: number | undefined;
  if (offer.kind === 'rate') {
    const from = firstCallAt + offer.warmupS * 1000;
    const to = firstCallAt + offer.durationS * 1000;
    throughput = ([...firstAt.values()].filter((at) => at >= from && at < to).length / (to - from)) * 1000;
  } else if (counted.lastAt !== undefined) throughput = (counted.delivered / (counted.lastAt - firstCallAt)) * 1000;
  return {
    offered:
      offer.kind === 'rate'
        ? `${offer.perSecond}/s for ${offer.durationS} s`
        : `${total} at once, ${offer.concurrency} start calls in flight`,
    notifications: total,
    startRate: total / Math.max(0.001, (lastCallAt - firstCallAt) / 1000),
    delivered: counted.delivered,
    lost: counted.lost,
    duplicates: counted.duplicates,
    throughput,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length > 0 ? Math.max(...latencies) : undefined,
    startErrors,
    startCalls,
    firstCallAt,
    lastDeliveryAt: counted.lastAt,
  };
}
