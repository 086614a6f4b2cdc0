/**
 * Scenario 4: low load. One `sendNotification` (one embed) per second, round-robin over four webhooks, each its own
 * channel, so each channel sees 15 messages a minute: Discord's hidden 30 per 60 s (on in the emulator, kept by the
 * outbox) is never the bottleneck, and each notification should go out alone, at once. One worker with default
 * settings.
 *
 * Hand-off → Discord: the outbox's `enqueue` signal event time (the server recorded the hand-off) → the emulator's
 * arrival time of the request carrying the notification. Start → Discord: the client's start call → the same arrival.
 */
import { loadavg } from 'node:os';
import type { WorkflowHandle } from '@temporalio/client';
import { type BenchContext, type ScenarioResult } from '../context';
import { startBenchEmulator } from '../emulator-client';
import {
  handOffTimes,
  latencyBreakdown,
  outboxTimeline,
  segmentStats,
  workflowTimelines,
  STAGES,
  type SegmentStats,
} from '../history';
import { rssMb, sampleRss, sleep } from '../processes';
import { countDeliveries, firstArrivals, sequencesIn, sequenceTag, within, worst } from '../report';
import { outboxIdOf } from '../project';
import { benchTaskQueue, settleAll, startWorkers } from '../senders/ours';
import { fmt } from '../table';

const TARGETS = { p50Ms: 150, p99Ms: 500, rssMb: 250 } as const;
const CHANNELS = ['l1', 'l2', 'l3', 'l4'];

export interface LowLoadRun {
  run: number;
  notifications: number;
  delivered: number;
  lost: number;
  duplicates: number;
  rateLimited: number;
  messages: number;
  handOffToDiscord: SegmentStats;
  startToDiscord: SegmentStats;
  workerRssIdleMb: number | undefined;
  workerRssMaxMb: number | undefined;
  breakdown: Record<string, SegmentStats>;
  load: number;
}

async function runOnce(context: BenchContext, run: number, durationS: number): Promise<LowLoadRun> {
  const emulator = await startBenchEmulator({ maxRecordedRequests: 100_000 }, context.logDir, `emulator-low-r${run}`);
  const taskQueue = benchTaskQueue(`low-load-r${run}`);
  const webhooks = await Promise.all(CHANNELS.map((channel) => emulator.createWebhook(`Low load ${channel}`)));
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: context.devServer.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DISCORD_ALLOWED_HOSTS: emulator.allowedHosts,
  };
  CHANNELS.forEach((channel, i) => (env[`DISCORD_WEBHOOK_URL_${channel.toUpperCase()}`] = webhooks[i]!.url));
  const [worker] = await startWorkers(1, env, context.logDir, `worker-low-r${run}`);
  try {
    const workerRssIdleMb = rssMb(worker!.pid);
    const rss = sampleRss(worker!.pid);
    const total = durationS;
    const notifications = new Map<number, { workflowId: string; startCallAt: number }>();
    const handles: Promise<WorkflowHandle>[] = [];
    const firstCallAt = Date.now();
    for (let seq = 1; seq <= total; seq++) {
      const due = firstCallAt + (seq - 1) * 1_000;
      if (due > Date.now()) await sleep(due - Date.now());
      const workflowId = `${taskQueue}-${seq}`;
      notifications.set(seq, { workflowId, startCallAt: Date.now() });
      handles.push(
        context.client.workflow.start('sendNotification', {
          taskQueue,
          workflowId,
          args: [
            {
              channel: CHANNELS[(seq - 1) % CHANNELS.length],
              title: `Low load r${run}`,
              description: `Notification ${sequenceTag(seq)}: a new signup`,
            },
          ],
        }),
      );
    }
    await settleAll(await Promise.all(handles), Date.now() + 120_000);
    const workerRssMaxMb = rss.stop();
    const requests = (await emulator.requests()).map((request) => ({
      seqs: sequencesIn(request.body),
      at: request.at,
      status: request.status,
    }));
    const counted = countDeliveries(requests, total);
    const arrivals = firstArrivals(requests);
    const outboxes = await Promise.all(
      webhooks.map(async (webhook) => outboxTimeline(context.client, await outboxIdOf(taskQueue, webhook.url))),
    );
    const handOffs = handOffTimes(outboxes);
    const handOffToDiscord: number[] = [];
    const startToDiscord: number[] = [];
    for (const [seq, { startCallAt }] of notifications) {
      const arrivedAt = arrivals.get(seq);
      const handedOffAt = handOffs.get(seq);
      if (arrivedAt === undefined) continue;
      startToDiscord.push(arrivedAt - startCallAt);
      if (handedOffAt !== undefined) handOffToDiscord.push(arrivedAt - handedOffAt);
    }
    const senders = await workflowTimelines(
      context.client,
      [...notifications.values()].map((notification) => notification.workflowId),
    );
    return {
      run,
      notifications: total,
      delivered: counted.delivered,
      lost: counted.lost,
      duplicates: counted.duplicates,
      rateLimited: counted.rateLimited,
      messages: counted.messages,
      handOffToDiscord: segmentStats(handOffToDiscord),
      startToDiscord: segmentStats(startToDiscord),
      workerRssIdleMb,
      workerRssMaxMb,
      breakdown: latencyBreakdown(senders, outboxes, notifications),
      load: loadavg()[0]!,
    };
  } finally {
    await worker?.stop();
    await emulator.stop();
  }
}

export async function lowLoadScenario(context: BenchContext): Promise<ScenarioResult> {
  const durationS = context.quick ? 20 : 90;
  const load = { start: loadavg()[0]!, end: 0 };
  const runs: LowLoadRun[] = [];
  for (let run = 1; run <= context.runs; run++) {
    context.log(`low load: run ${run}: 1 notification per second for ${durationS} s over ${CHANNELS.length} webhooks…`);
    const result = await runOnce(context, run, durationS);
    runs.push(result);
    context.log(
      `  → ${result.delivered}/${result.notifications} in ${result.messages} messages; hand-off → Discord p50 ${fmt(result.handOffToDiscord.p50)} ms, p99 ${fmt(result.handOffToDiscord.p99)} ms; worker RSS ${fmt(result.workerRssMaxMb)} MB`,
    );
  }
  load.end = loadavg()[0]!;
  return summarizeLowLoad(runs, durationS, load);
}

/** The tables and target checks of the measured runs. */
export function summarizeLowLoad(
  runs: readonly LowLoadRun[],
  durationS: number,
  load: ScenarioResult['load'],
): ScenarioResult {
  const scenario = `low load: 1/s for ${durationS} s`;
  const p50 = worst(runs.map((run) => run.handOffToDiscord.p50));
  const p99 = worst(runs.map((run) => run.handOffToDiscord.p99));
  const rss = worst(runs.map((run) => run.workerRssMaxMb));
  const lost = worst(runs.map((run) => run.lost));
  const pair = (stats: SegmentStats) => `${fmt(stats.p50)} / ${fmt(stats.p99)} / ${fmt(stats.max)}`;
  return {
    name: 'low-load',
    title: `Low load: 1 sendNotification per second for ${durationS} s, round-robin over ${CHANNELS.length} webhooks (15 per minute each; Discord's limits on)`,
    headers: [
      'run',
      'delivered',
      'lost',
      'dups',
      '429s',
      'messages',
      'hand-off → Discord p50 / p99 / max ms',
      'start → Discord p50 / p99 / max ms',
      'worker RSS idle / max MB',
      'load',
    ],
    rows: runs.map((run) => [
      run.run,
      `${run.delivered}/${run.notifications}`,
      run.lost,
      run.duplicates,
      run.rateLimited,
      run.messages,
      pair(run.handOffToDiscord),
      pair(run.startToDiscord),
      `${fmt(run.workerRssIdleMb)} / ${fmt(run.workerRssMaxMb)}`,
      fmt(run.load, 1),
    ]),
    extraTables: [
      {
        title: 'Low load: where a notification’s time goes (p50 / p99 ms per stage, from workflow histories)',
        headers: ['run', ...STAGES],
        rows: runs.map((run) => [
          run.run,
          ...STAGES.map((stage) => `${fmt(run.breakdown[stage]?.p50)} / ${fmt(run.breakdown[stage]?.p99)}`),
        ]),
      },
    ],
    targets: [
      {
        scenario,
        target: 'every notification delivered',
        measured: `${fmt(lost)} lost (worst of ${runs.length})`,
        pass: lost === 0,
      },
      {
        scenario,
        target: `hand-off → Discord p50 ≤ ${TARGETS.p50Ms} ms`,
        measured: `${fmt(p50)} ms`,
        pass: within(p50, TARGETS.p50Ms),
      },
      {
        scenario,
        target: `hand-off → Discord p99 ≤ ${TARGETS.p99Ms} ms`,
        measured: `${fmt(p99)} ms`,
        pass: within(p99, TARGETS.p99Ms),
      },
      {
        scenario,
        target: `worker RSS ≤ ${TARGETS.rssMb} MB`,
        measured: `${fmt(rss)} MB`,
        pass: within(rss, TARGETS.rssMb),
      },
    ],
    data: { durationS, channels: CHANNELS.length, runs },
    load,
  };
}
