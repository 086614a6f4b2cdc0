/**
 * Scenario 1: a rate-limited burst of N notifications to ONE webhook (emulator defaults: 5 per 2 s, global 50/s,
 * hidden channel limit off), sent by our worker (1 and 3 processes), discord.js's WebhookClient (1 and 3 processes)
 * and the seed guide's fixed-delay retries. Each sender and run gets a fresh webhook, one after the other.
 */
import { loadavg } from 'node:os';
import { type BenchContext, type ScenarioResult } from '../context';
import { startBenchEmulator, type BenchEmulator } from '../emulator-client';
import {
  countDeliveries,
  minimumSpanMs,
  minWindowGapMs,
  parseSequence,
  worst,
  within,
  type TargetCheck,
} from '../report';
import { fmt, seconds } from '../table';
import { runChildSenders } from '../senders/child-sender';
import { runOursBurst, type OursBurstDiagnostics } from './burst-ours';

/** Also the tag in task queues, logs and webhook names (which must not contain "discord"). */
type SenderKind = 'ours' | 'djs' | 'seed';
const SENDERS: readonly { name: string; kind: SenderKind; processes: number }[] = [
  { name: 'ours, 1 worker', kind: 'ours', processes: 1 },
  { name: 'ours, 3 workers', kind: 'ours', processes: 3 },
  { name: '@discordjs/rest, 1 process', kind: 'djs', processes: 1 },
  { name: '@discordjs/rest, 3 processes', kind: 'djs', processes: 3 },
  { name: 'seed-style (3 × 10 s retries)', kind: 'seed', processes: 1 },
];

/** One sender's run, as measured at the emulator. */
export interface BurstRun {
  sender: string;
  run: number;
  n: number;
  delivered: number;
  lost: number;
  duplicates: number;
  rateLimited: number;
  requests: number;
  spanMs: number;
  minimumMs: number;
  spanRatio: number | undefined;
  /** Start of the burst → last delivery. */
  wallMs: number | undefined;
  /** What the sender itself reported as failed. */
  senderFailures: number;
  senderErrors: string[];
  /** Smallest time from a request to the fifth after it, over every request (how tight the pacing ran). */
  minFiveGapMs: number | undefined;
  /** Seconds after the first request at which 429s were answered (first ten). */
  rateLimitedAtS: number[];
  ours?: OursBurstDiagnostics;
  /** Every request as [ms after the burst started, status], for later analysis. */
  timeline: [number, number | null][];
  load: number;
}

async function runSender(
  context: BenchContext,
  emulator: BenchEmulator,
  sender: (typeof SENDERS)[number],
  run: number,
  n: number,
): Promise<BurstRun> {
  const tag = `${sender.kind}${sender.processes}-r${run}`;
  const webhook = await emulator.createWebhook(`Burst ${tag}`);
  const timeoutMs = minimumSpanMs(n) * 3 + 180_000;
  let startedAt: number;
  let senderFailures = 0;
  let senderErrors: string[] = [];
  let ours: OursBurstDiagnostics | undefined;
  if (sender.kind === 'ours') {
    const outcome = await runOursBurst(context, emulator, webhook, { n, workers: sender.processes, tag, timeoutMs });
    ({ startedAt, ours } = outcome);
    senderFailures = outcome.failed;
    senderErrors = outcome.errors;
  } else {
    const script = sender.kind === 'djs' ? 'discordjs-sender.js' : 'seed-style-sender.js';
    const base = { url: webhook.url, apiBase: `${emulator.url}/api`, id: webhook.id, token: webhook.token, tag };
    const outcome = await runChildSenders(script, base, n, sender.processes, context.logDir, timeoutMs);
    startedAt = outcome.startedAt;
    senderFailures = outcome.results.reduce((sum, result) => sum + result.failed, 0);
    senderErrors = [...new Set(outcome.results.flatMap((result) => result.errors))].slice(0, 5);
  }
  const recorded = await emulator.requests({ webhookId: webhook.id });
  const counted = countDeliveries(
    recorded.map((request) => ({
      seq: parseSequence((request.body as { content?: unknown } | null)?.content),
      at: request.at,
      status: request.status,
    })),
    n,
  );
  const minimumMs = minimumSpanMs(n);
  const firstRequest = recorded[0]?.at ?? startedAt;
  return {
    sender: sender.name,
    run,
    n,
    ...counted,
    minimumMs,
    // Only a complete delivery has a span comparable with the minimum (a sender that drops most is "fast").
    spanRatio: counted.delivered === n && minimumMs > 0 ? counted.spanMs / minimumMs : undefined,
    wallMs: counted.lastAt === undefined ? undefined : counted.lastAt - startedAt,
    senderFailures,
    senderErrors,
    minFiveGapMs: minWindowGapMs(recorded.map((request) => request.at)),
    rateLimitedAtS: recorded
      .filter((request) => request.status === 429)
      .slice(0, 10)
      .map((request) => Number(((request.at - firstRequest) / 1000).toFixed(2))),
    ...(ours && { ours }),
    timeline: recorded.map((request) => [request.at - startedAt, request.status]),
    load: loadavg()[0]!,
  };
}

const pct = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

function targetsFor(runs: readonly BurstRun[], sender: string, max429Pct: number): TargetCheck[] {
  const mine = runs.filter((run) => run.sender === sender);
  if (mine.length === 0) return [];
  const n = mine[0]!.n;
  const delivered = worst(
    mine.map((run) => run.delivered),
    true,
  );
  const duplicates = worst(mine.map((run) => run.duplicates));
  const ratio = worst(mine.map((run) => run.spanRatio));
  const share = worst(mine.map((run) => pct(run.rateLimited, run.requests)));
  const scenario = `burst: ${sender}`;
  return [
    {
      scenario,
      target: `${n} delivered`,
      measured: `${fmt(delivered)} (worst of ${mine.length})`,
      pass: delivered === n,
    },
    { scenario, target: '0 duplicates', measured: fmt(duplicates), pass: duplicates === 0 },
    { scenario, target: 'span ÷ minimum ≤ 1.05', measured: fmt(ratio, 3), pass: within(ratio, 1.05) },
    {
      scenario,
      target: max429Pct === 0 ? 'no 429' : `429 ≤ ${max429Pct} % of requests`,
      measured: `${fmt(share, 1)} %`,
      pass: within(share, max429Pct),
    },
  ];
}

/** Runs every sender `context.runs` times and returns the table, the targets and the raw runs. */
export async function burstScenario(context: BenchContext): Promise<ScenarioResult> {
  const n = context.quick ? 40 : 200;
  const load = { start: loadavg()[0]!, end: 0 };
  const emulator = await startBenchEmulator({ maxRecordedRequests: 100_000 }, context.logDir, 'emulator-burst');
  const runs: BurstRun[] = [];
  try {
    for (let run = 1; run <= context.runs; run++) {
      for (const sender of SENDERS) {
        context.log(`burst: ${sender.name}, run ${run}: sending ${n} notifications…`);
        const result = await runSender(context, emulator, sender, run, n);
        runs.push(result);
        context.log(
          `  → ${result.delivered}/${n} delivered, ${result.duplicates} duplicates, ${result.rateLimited} × 429 of ${result.requests} requests, span ${seconds(result.spanMs)} (${fmt(result.spanRatio, 3)} × minimum), load ${fmt(result.load, 1)}`,
        );
        await emulator.reset();
      }
    }
  } finally {
    await emulator.stop();
  }
  load.end = loadavg()[0]!;
  const rows = runs.map((run) => [
    run.sender,
    run.run,
    run.delivered,
    run.lost,
    run.duplicates,
    run.rateLimited,
    `${fmt(pct(run.rateLimited, run.requests), 1)} %`,
    run.requests,
    seconds(run.spanMs),
    fmt(run.spanRatio, 3),
    seconds(run.wallMs),
    fmt(run.load, 1),
  ]);
  const oursRows = runs.flatMap((run) =>
    run.ours
      ? [
          [
            run.sender,
            run.run,
            run.ours.dispatchesInFirstWindow,
            fmt(run.ours.minDispatchWindowGapMs),
            fmt(run.ours.minSteadyDispatchWindowGapMs),
            fmt(run.minFiveGapMs),
            run.ours.retriedActivities,
            fmt(run.ours.queueWaitP50Ms),
            fmt(run.ours.queueWaitMaxMs),
            run.rateLimitedAtS.join(' ') || '–',
          ],
        ]
      : [],
  );
  return {
    name: 'burst',
    title: `Burst: ${n} notifications to one webhook (limit 5 per 2 s; minimum span ${seconds(minimumSpanMs(n))})`,
    headers: [
      'sender',
      'run',
      'delivered',
      'lost',
      'dups',
      '429s',
      '429 %',
      'requests',
      'span',
      'span÷min',
      'start→last',
      'load',
    ],
    rows,
    extraTables: [
      {
        title: 'Burst, ours: how the server dispatched the delivery activities',
        headers: [
          'sender',
          'run',
          'dispatched in 1st 2 s',
          'min 5-gap dispatch ms',
          'after 1st 4 s',
          'min 5-gap at emulator ms',
          'retried',
          'queue wait p50 ms',
          'queue wait max ms',
          '429 at s',
        ],
        rows: oursRows,
      },
    ],
    targets: [...targetsFor(runs, 'ours, 1 worker', 0), ...targetsFor(runs, 'ours, 3 workers', 1)],
    data: {
      n,
      minimumMs: minimumSpanMs(n),
      emulator: 'rateLimit 5/2000 ms, globalRateLimit 50/1000 ms, channelRateLimit off',
      runs,
    },
    load,
  };
}
