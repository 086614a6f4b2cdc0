/**
 * Load phases of the throughput scenario: notifications spread over 20 channels, started at a fixed offered rate
 * (open loop) or as fast as `concurrency` start calls allow (closed loop). Ours are `sendNotification` workflows with
 * one embed each, which the channel outboxes may fold 10 to a message; every notification is counted by its sequence
 * tag wherever it lands. Latency is the start call → the emulator's arrival of the message that carries it.
 */
import type { Client } from '@temporalio/client';
import { type BenchEmulator } from '../emulator-client';
import { sleep } from '../processes';
import { countDeliveries, firstArrivals, percentile, sequencesIn, sequenceTag, type SentRequest } from '../report';

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
  /** Messages Discord received (fewer than notifications when the outboxes folded them). */
  messages: number;
  /**
   * At a fixed rate: deliveries inside [first call + warm-up, end of the offered window] per second of that window.
   * At max rate: delivered ÷ (last delivery − first start call).
   */
  throughput: number | undefined;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  maxMs: number | undefined;
  startErrors: number;
  /** Sequence number → its workflow and when its start call was made, for the history breakdown. */
  startCalls: Map<number, { workflowId: string; startCallAt: number }>;
  firstCallAt: number;
  lastDeliveryAt: number | undefined;
}

export interface PhaseTarget {
  client: Client;
  emulator: BenchEmulator;
  taskQueue: string;
  /** `sendNotification` (sent as one embed), or the floor's `plainNotification` (`{ channel, content }`). */
  workflowType: string;
  /** Ask the server to hand the first workflow task straight to this process's worker. */
  eagerStart: boolean;
}

/** The arguments of notification `seq`: an embed for `sendNotification`, plain content for the floor. */
function notificationArgs(workflowType: string, phase: string, seq: number) {
  const channel = CHANNELS[(seq - 1) % CHANNELS.length]!;
  return workflowType === 'sendNotification'
    ? { channel, title: `Load ${phase}`, description: `Notification ${sequenceTag(seq)}: a new signup` }
    : { channel, content: `Load ${phase} ${sequenceTag(seq)}` };
}

/** Reads the emulator's new requests until every notification arrived, or nothing new arrived for 30 s. */
async function collect(emulator: BenchEmulator, total: number): Promise<SentRequest[]> {
  const collected: SentRequest[] = [];
  const seen = new Set<number>();
  let since: number | undefined;
  let progressAt = Date.now();
  while (seen.size < total && Date.now() - progressAt < 30_000) {
    const fresh = await emulator.requests(since === undefined ? {} : { since });
    for (const request of fresh) {
      since = Math.max(since ?? 0, request.seq);
      const sent = { seqs: sequencesIn(request.body), at: request.at, status: request.status };
      collected.push(sent);
      if (request.status !== null && request.status < 300) for (const seq of sent.seqs) seen.add(seq);
    }
    if (fresh.length > 0) progressAt = Date.now();
    else await sleep(250);
  }
  return collected;
}

/** Runs one phase and waits until every notification arrived (or nothing arrived for 30 s). */
export async function runPhase(target: PhaseTarget, phase: string, offer: Offer): Promise<PhaseResult> {
  await target.emulator.reset();
  const total = offer.kind === 'rate' ? Math.round(offer.perSecond * offer.durationS) : offer.total;
  const startCalls = new Map<number, { workflowId: string; startCallAt: number }>();
  let startErrors = 0;
  const start = (seq: number) => {
    const workflowId = `${target.taskQueue}-${phase}-${seq}`;
    startCalls.set(seq, { workflowId, startCallAt: Date.now() });
    return target.client.workflow
      .start(target.workflowType, {
        taskQueue: target.taskQueue,
        workflowId,
        args: [notificationArgs(target.workflowType, phase, seq)],
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
  const lastCallAt = Math.max(...[...startCalls.values()].map((call) => call.startCallAt));
  const sent = await collect(target.emulator, total);
  const counted = countDeliveries(sent, total);
  const firstAt = firstArrivals(sent);
  const latencies = [...firstAt].flatMap(([seq, at]) => {
    const call = startCalls.get(seq);
    return call === undefined ? [] : [at - call.startCallAt];
  });
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
    messages: counted.messages,
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
