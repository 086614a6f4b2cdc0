/**
 * Scenario 5: throughput without Discord's limits over 20 webhooks (emulator limits off, DISCORD_CHANNEL_LIMIT=off,
 * so the pipeline itself is measured: workflow, hand-off, outbox, send). Notifications are counted wherever they land,
 * folded or not. Each worker set-up gets a light phase, a sustained phase at a fixed offered rate and a max-rate
 * phase; the machine's ceiling is a plain undici POST loop against the same emulator. CPU per process and the
 * worker's RSS say where the time goes, and workflow histories (senders and outboxes) give the latency of each stage.
 */
import { loadavg } from 'node:os';
import { type BenchContext, type ScenarioResult } from '../context';
import { startBenchEmulator } from '../emulator-client';
import {
  latencyBreakdown,
  outboxTimeline,
  workflowTimelines,
  STAGES,
  type OutboxTimeline,
  type SegmentStats,
} from '../history';
import { measureCpu, sampleRss, type CpuUsage } from '../processes';
import { within, worst, type TargetCheck } from '../report';
import { outboxIdOf } from '../project';
import { postLoop, type PostLoopResult } from '../senders/undici-loop';
import { fmt } from '../table';
import { CHANNELS, runPhase, type Offer, type PhaseResult } from './throughput-load';
import { startEagerServer, startVariant, VARIANTS, type Server } from './throughput-variants';

const TARGETS = { perSecond: 100, p50Ms: 50, p99Ms: 250, rssMb: 250 } as const;

export interface ThroughputRun extends Omit<PhaseResult, 'startCalls'> {
  variant: string;
  run: number;
  phase: 'light' | 'sustained' | 'max';
  cpu: CpuUsage;
  workerRssMaxMb: number | undefined;
  breakdown?: Record<string, SegmentStats>;
  load: number;
}

const cpuCell = (cpu: CpuUsage, name: string) => fmt(cpu[name]?.percentOfCore);
/** CPU milliseconds a process spent per delivered notification during the phase. */
const cpuPerNotification = (cpu: CpuUsage, names: readonly string[], delivered: number) => {
  const seconds = names.reduce((sum, name) => sum + (cpu[name]?.seconds ?? 0), 0);
  return delivered > 0 ? fmt((seconds * 1000) / delivered, 1) : '–';
};

export async function throughputScenario(context: BenchContext): Promise<ScenarioResult> {
  const load = { start: loadavg()[0]!, end: 0 };
  // Bounded on purpose: a set-up that cannot keep up drains its backlog after the window, at its own pace.
  const sustained: Offer = context.quick
    ? { kind: 'rate', perSecond: TARGETS.perSecond, durationS: 10, warmupS: 2 }
    : { kind: 'rate', perSecond: TARGETS.perSecond, durationS: 30, warmupS: 5 };
  const max: Offer = { kind: 'max', total: context.quick ? 300 : 1_500, concurrency: 64 };
  // Far below capacity: the latency of the pipeline itself, without queueing.
  const light: Offer = { kind: 'rate', perSecond: 10, durationS: context.quick ? 5 : 15, warmupS: 1 };
  const emulator = await startBenchEmulator(
    { rateLimit: null, channelRateLimit: null, globalRateLimit: null, maxRecordedRequests: 1_000_000 },
    context.logDir,
    'emulator-load',
  );
  const webhookUrls: Record<string, string> = {};
  for (const channel of CHANNELS) webhookUrls[channel] = (await emulator.createWebhook(`Load ${channel}`)).url;
  const main: Server = { ...context.devServer, client: context.client, stop: () => Promise.resolve() };
  let eager: Server | undefined;
  const runs: ThroughputRun[] = [];
  let ceiling: (PostLoopResult & { cpu: CpuUsage }) | undefined;
  try {
    context.log('throughput: ceiling, plain undici POST loop (32 in flight)…');
    const ceilingCpu = measureCpu({ emulator: emulator.pid, 'load generator': process.pid });
    const loop = await postLoop(Object.values(webhookUrls), context.quick ? 1_000 : 5_000, 32);
    ceiling = { ...loop, cpu: ceilingCpu.stop() };
    context.log(`  → ${fmt(loop.perSecond)}/s, p50 ${fmt(loop.p50Ms, 1)} ms, p99 ${fmt(loop.p99Ms, 1)} ms`);
    for (let run = 1; run <= context.runs; run++) {
      for (const spec of VARIANTS) {
        const server = spec.server === 'main' ? main : (eager ??= await startEagerServer());
        const variant = await startVariant(spec, context, server, emulator, webhookUrls);
        try {
          for (const [phase, offer] of [
            ['light', light],
            ['sustained', sustained],
            ['max', max],
          ] as const) {
            context.log(`throughput: ${spec.name}, run ${run}, ${phase}…`);
            const pids: Record<string, number> = { 'dev server': server.pid, emulator: emulator.pid };
            if (spec.worker === 'process')
              Object.assign(pids, { worker: variant.workerPid, 'load generator': process.pid });
            else pids['load generator + worker'] = process.pid;
            const cpu = measureCpu(pids);
            const rss = sampleRss(variant.workerPid);
            const result = await runPhase(
              {
                client: variant.client,
                emulator,
                taskQueue: variant.taskQueue,
                workflowType: variant.workflowType,
                eagerStart: spec.eagerStart,
              },
              `r${run}${phase}`,
              offer,
            );
            const usage = cpu.stop();
            const workerRssMaxMb = rss.stop();
            const { startCalls, ...rest } = result;
            let breakdown: Record<string, SegmentStats> | undefined;
            if (phase !== 'max') {
              // About 200 senders' histories, and this phase's part of every outbox's.
              const every = Math.max(1, Math.floor(startCalls.size / 200));
              const sample = new Map([...startCalls].filter(([seq]) => seq % every === 0));
              const senders = await workflowTimelines(
                server.client,
                [...sample.values()].map((call) => call.workflowId),
              );
              const outboxes =
                spec.worker === 'floor'
                  ? []
                  : await phaseOutboxes(server, variant.taskQueue, Object.values(webhookUrls), result.firstCallAt);
              breakdown = latencyBreakdown(senders, outboxes, sample);
            }
            runs.push({
              ...rest,
              variant: spec.name,
              run,
              phase,
              cpu: usage,
              workerRssMaxMb,
              ...(breakdown && { breakdown }),
              load: loadavg()[0]!,
            });
            context.log(
              `  → ${fmt(result.throughput)}/s, p50 ${fmt(result.p50Ms)} ms, p99 ${fmt(result.p99Ms)} ms, ${result.delivered}/${result.notifications} delivered`,
            );
          }
        } finally {
          await variant.stop();
        }
      }
    }
  } finally {
    await eager?.stop();
    await emulator.stop();
  }
  load.end = loadavg()[0]!;
  return summarize(runs, ceiling, load, sustained);
}

/** The outboxes' hand-offs and sends of one phase (the phases share the outboxes; sequence numbers restart). */
async function phaseOutboxes(
  server: Server,
  taskQueue: string,
  urls: readonly string[],
  fromMs: number,
): Promise<OutboxTimeline[]> {
  return Promise.all(
    urls.map(async (url) => {
      const timeline = await outboxTimeline(server.client, await outboxIdOf(taskQueue, url));
      return {
        ...timeline,
        handOffs: timeline.handOffs.filter((handOff) => handOff.at >= fromMs),
        sends: timeline.sends.filter((send) => send.scheduledAt >= fromMs),
      };
    }),
  );
}

/** The tables and target checks of the measured runs (pure: re-renders a results file's data too). */
export function summarize(
  runs: ThroughputRun[],
  ceiling: (PostLoopResult & { cpu: CpuUsage }) | undefined,
  load: { start: number; end: number },
  sustained: Offer,
): ScenarioResult {
  const rows = runs.map((run) => [
    run.variant,
    run.run,
    run.phase,
    run.offered,
    `${run.delivered}/${run.notifications}`,
    run.messages,
    fmt(run.throughput),
    fmt(run.p50Ms),
    fmt(run.p99Ms),
    fmt(run.maxMs),
    fmt(run.workerRssMaxMb),
    cpuCell(run.cpu, 'dev server'),
    run.cpu.worker ? cpuCell(run.cpu, 'worker') : 'in bench',
    cpuCell(run.cpu, 'emulator'),
    run.cpu['load generator'] ? cpuCell(run.cpu, 'load generator') : cpuCell(run.cpu, 'load generator + worker'),
    cpuCell(run.cpu, 'others'),
    cpuPerNotification(run.cpu, ['worker', 'load generator + worker'], run.delivered),
    cpuPerNotification(run.cpu, ['dev server'], run.delivered),
    fmt(run.load, 1),
  ]);
  if (ceiling) {
    rows.unshift([
      'ceiling: undici POST loop',
      1,
      'max',
      '32 in flight',
      `${ceiling.requests - ceiling.errors}/${ceiling.requests}`,
      ceiling.requests,
      fmt(ceiling.perSecond),
      fmt(ceiling.p50Ms, 1),
      fmt(ceiling.p99Ms, 1),
      '–',
      '–',
      '–',
      '–',
      cpuCell(ceiling.cpu, 'emulator'),
      cpuCell(ceiling.cpu, 'load generator'),
      cpuCell(ceiling.cpu, 'others'),
      '–',
      '–',
      '–',
    ]);
  }
  // One row per phase, one column per stage: "p50 / p99" in ms.
  const breakdownRows = runs.flatMap((run) =>
    run.breakdown
      ? [
          [
            run.variant,
            run.run,
            run.phase,
            ...STAGES.map((stage) => `${fmt(run.breakdown?.[stage]?.p50)} / ${fmt(run.breakdown?.[stage]?.p99)}`),
          ],
        ]
      : [],
  );
  const targets: TargetCheck[] = [];
  for (const variant of new Set(runs.map((run) => run.variant))) {
    const mine = runs.filter((run) => run.variant === variant && run.phase === 'sustained');
    const scenario = `throughput: ${variant}`;
    const rate = worst(
      mine.map((run) => run.throughput),
      true,
    );
    const p50 = worst(mine.map((run) => run.p50Ms));
    const p99 = worst(mine.map((run) => run.p99Ms));
    const rss = worst(runs.filter((run) => run.variant === variant).map((run) => run.workerRssMaxMb));
    targets.push(
      {
        scenario,
        target: `≥ ${TARGETS.perSecond}/s sustained`,
        measured: `${fmt(rate, 1)}/s (worst of ${mine.length})`,
        pass: within(rate, TARGETS.perSecond * 0.99, true),
      },
      { scenario, target: `p50 ≤ ${TARGETS.p50Ms} ms`, measured: `${fmt(p50)} ms`, pass: within(p50, TARGETS.p50Ms) },
      { scenario, target: `p99 ≤ ${TARGETS.p99Ms} ms`, measured: `${fmt(p99)} ms`, pass: within(p99, TARGETS.p99Ms) },
    );
    // In-process set-ups share the bench's process: its RSS is not a worker's.
    if (runs.some((run) => run.variant === variant && run.cpu.worker)) {
      targets.push({
        scenario,
        target: `worker RSS ≤ ${TARGETS.rssMb} MB`,
        measured: `${fmt(rss)} MB`,
        pass: within(rss, TARGETS.rssMb),
      });
    }
  }
  return {
    name: 'throughput',
    title:
      'Throughput: 20 webhooks, no Discord limits (emulator limits off, DISCORD_CHANNEL_LIMIT=off); notifications counted inside folded messages; CPU in % of one core during the phase',
    headers: [
      'set-up',
      'run',
      'phase',
      'offered',
      'delivered',
      'messages',
      'per s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'RSS MB (worker or bench)',
      'CPU server',
      'CPU worker',
      'CPU emulator',
      'CPU load gen',
      'CPU others',
      'worker ms/notif',
      'server ms/notif',
      'load',
    ],
    rows,
    extraTables: [
      {
        title: 'Throughput: where a notification’s time goes (p50 / p99 ms per stage, from workflow histories)',
        headers: ['set-up', 'run', 'phase', ...STAGES],
        rows: breakdownRows,
      },
    ],
    targets,
    data: { sustained, ceiling, runs },
    load,
  };
}
