/**
 * Scenario 1: a burst of N one-embed notifications to ONE webhook (emulator: 5 per 2 s, global 50/s, hidden channel
 * limit off; our workers keep their default channel limit), sent by our worker (1 and 3 processes) and, with
 * `--peers`, discord.js's WebhookClient (1 and 3 processes) and the seed guide's fixed-delay retries. Each sender and run gets a fresh
 * webhook, one after the other. Notifications are counted by their sequence tags inside (folded) messages.
 *
 * Ours folds: its minimum span is max(last hand-off − first request, (⌈M / 5⌉ − 1) × 2 s) with
 * M = 1 + ⌈(N − c) / 10⌉, c = min(10, notifications waiting when the first request went out) (see `burstMinimum`); on an
 * idle channel c = 1. The peers send one message per notification: theirs is (⌈N / 5⌉ − 1) × 2 s.
 */
import { loadavg } from 'node:os';
import { type BenchContext, type ScenarioResult } from '../context';
import { startBenchEmulator, type BenchEmulator } from '../emulator-client';
import {
  burstMinimum,
  countDeliveries,
  minimumSpanMs,
  minWindowGapMs,
  percentile,
  sequencesIn,
  windowReopenDelaysMs,
  worst,
  within,
  type BurstMinimum,
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
  /** Messages Discord holds (successful requests). */
  messages: number;
  /** First request → last delivery. */
  spanMs: number | undefined;
  /** The least span Discord's limits (and, for ours, packing and the hand-offs) allow. */
  minimumMs: number;
  spanRatio: number | undefined;
  /** Ours: the minimum with the absolute packing bound ⌈N / 10⌉, and the span against it. */
  minimum?: BurstMinimum;
  absoluteRatio?: number | undefined;
  /** Start of the burst → last delivery. */
  wallMs: number | undefined;
  /** What the sender itself reported as failed. */
  senderFailures: number;
  senderErrors: string[];
  /** Smallest time from a request to the fifth after it (how tight the pacing ran). */
  minFiveGapMs: number | undefined;
  /** For each window after a full one: how long after it could open its first request came (p50 and max). */
  reopenDelayP50Ms: number | undefined;
  reopenDelayMaxMs: number | undefined;
  /** Seconds after the first request at which 429s were answered (first ten). */
  rateLimitedAtS: number[];
  ours?: OursBurstDiagnostics;
  /** Every request as [ms after the burst started, status, notifications carried]. */
  timeline: [number, number | null, number][];
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
  const recorded = (await emulator.requests({ webhookId: webhook.id })).map((request) => ({
    seqs: sequencesIn(request.body),
    at: request.at,
    status: request.status,
  }));
  const counted = countDeliveries(recorded, n);
  const firstRequestAt = recorded[0]?.at ?? startedAt;
  const spanMs = counted.lastAt === undefined ? undefined : counted.lastAt - firstRequestAt;
  const complete = counted.delivered === n && spanMs !== undefined;
  // What the first message could carry: what was handed over before it went out. The server's event times and the
  // emulator's arrival times are millisecond clocks of their own, so the first message's own count is taken too (the
  // outbox packs exactly what waits).
  const waitingAtFirst = Math.max(
    ours?.handOffAts.filter((at) => at <= firstRequestAt).length ?? 1,
    recorded[0]?.seqs.length ?? 1,
  );
  const minimum =
    ours?.lastHandOffAt === undefined
      ? undefined
      : burstMinimum(n, ours.lastHandOffAt - firstRequestAt, waitingAtFirst);
  const minimumMs = minimum?.minimumMs ?? minimumSpanMs(n);
  const { firstAt: _firstAt, lastAt, expected: _expected, ...counts } = counted;
  const reopenDelays = windowReopenDelaysMs(recorded.map((request) => request.at));
  return {
    sender: sender.name,
    run,
    n,
    ...counts,
    spanMs,
    minimumMs,
    // Only a complete delivery has a span comparable with the minimum (a sender that drops most is "fast").
    spanRatio: complete && minimumMs > 0 ? spanMs / minimumMs : undefined,
    ...(minimum && {
      minimum,
      absoluteRatio: complete && minimum.absoluteMinimumMs > 0 ? spanMs / minimum.absoluteMinimumMs : undefined,
    }),
    wallMs: lastAt === undefined ? undefined : lastAt - startedAt,
    senderFailures,
    senderErrors,
    minFiveGapMs: minWindowGapMs(recorded.map((request) => request.at)),
    reopenDelayP50Ms: percentile(reopenDelays, 50),
    reopenDelayMaxMs: reopenDelays.length > 0 ? Math.max(...reopenDelays) : undefined,
    rateLimitedAtS: recorded
      .filter((request) => request.status === 429)
      .slice(0, 10)
      .map((request) => Number(((request.at - firstRequestAt) / 1000).toFixed(2))),
    ...(ours && { ours }),
    timeline: recorded.map((request) => [request.at - startedAt, request.status, request.seqs.length]),
    load: loadavg()[0]!,
  };
}

function targetsFor(runs: readonly BurstRun[], sender: string): TargetCheck[] {
  const mine = runs.filter((run) => run.sender === sender);
  if (mine.length === 0) return [];
  const n = mine[0]!.n;
  const delivered = worst(
    mine.map((run) => run.delivered),
    true,
  );
  const duplicates = worst(mine.map((run) => run.duplicates));
  const ratio = worst(mine.map((run) => run.spanRatio));
  const rateLimited = worst(mine.map((run) => run.rateLimited));
  const worstRun = mine.find((run) => run.spanRatio === ratio);
  const scenario = `burst: ${sender}`;
  const worstOf = `(worst of ${mine.length})`;
  return [
    { scenario, target: `${n} delivered`, measured: `${fmt(delivered)} ${worstOf}`, pass: delivered === n },
    { scenario, target: '0 duplicates', measured: fmt(duplicates), pass: duplicates === 0 },
    { scenario, target: '0 × 429', measured: fmt(rateLimited), pass: rateLimited === 0 },
    {
      scenario,
      target: 'span ÷ minimum ≤ 1.05',
      measured: `${fmt(ratio, 3)}${worstRun ? ` (${seconds(worstRun.spanMs)} for ${seconds(worstRun.minimumMs)})` : ''}`,
      pass: within(ratio, 1.05),
    },
  ];
}

/** Runs every sender `context.runs` times and returns the tables, the targets and the raw runs. */
export async function burstScenario(context: BenchContext): Promise<ScenarioResult> {
  // Quick: 60 still needs M = 7 messages, more than one window, so the minimum is not 0.
  const n = context.quick ? 60 : 200;
  const load = { start: loadavg()[0]!, end: 0 };
  const emulator = await startBenchEmulator(
    { channelRateLimit: null, maxRecordedRequests: 100_000 },
    context.logDir,
    'emulator-burst',
  );
  const runs: BurstRun[] = [];
  try {
    for (let run = 1; run <= context.runs; run++) {
      for (const sender of SENDERS.filter((s) => s.kind === 'ours' || context.peers)) {
        context.log(`burst: ${sender.name}, run ${run}: sending ${n} notifications…`);
        const result = await runSender(context, emulator, sender, run, n);
        runs.push(result);
        context.log(
          `  → ${result.delivered}/${n} delivered in ${result.messages} messages, ${result.duplicates} duplicates, ${result.rateLimited} × 429 of ${result.requests} requests, span ${seconds(result.spanMs)} (${fmt(result.spanRatio, 3)} × minimum ${seconds(result.minimumMs)}), load ${fmt(result.load, 1)}`,
        );
        await emulator.reset();
      }
    }
  } finally {
    await emulator.stop();
  }
  load.end = loadavg()[0]!;
  return summarizeBurst(runs, n, load);
}

/** The tables and target checks of the measured runs (pure: re-renders a results file's data too). */
export function summarizeBurst(runs: readonly BurstRun[], n: number, load: ScenarioResult['load']): ScenarioResult {
  const rows = runs.map((run) => [
    run.sender,
    run.run,
    run.delivered,
    run.lost,
    run.duplicates,
    run.rateLimited,
    run.requests,
    run.messages,
    seconds(run.spanMs),
    seconds(run.minimumMs),
    fmt(run.spanRatio, 3),
    fmt(run.absoluteRatio, 3),
    `${fmt(run.reopenDelayP50Ms)} / ${fmt(run.reopenDelayMaxMs)}`,
    seconds(run.wallMs),
    fmt(run.load, 1),
  ]);
  const oursRows = runs.flatMap((run) =>
    run.ours && run.minimum
      ? [
          [
            run.sender,
            run.run,
            seconds(run.minimum.handOffMs),
            run.minimum.firstMessageCould,
            `${run.minimum.messages} → ${seconds(run.minimum.packingMs)}`,
            `${run.minimum.absoluteMessages} → ${seconds(run.minimum.absoluteMinimumMs)}`,
            run.ours.notificationsPerSend.join(' '),
            run.ours.retriedSends,
            `${fmt(run.ours.sendWaitP50Ms)} / ${fmt(run.ours.sendWaitMaxMs)}`,
            run.ours.outboxRuns,
          ],
        ]
      : [],
  );
  const perMessage = seconds(minimumSpanMs(n));
  return {
    name: 'burst',
    title: `Burst: ${n} one-embed notifications to one webhook (limit 5 per 2 s, no channel limit; minimum: ours max(last hand-off − first request, (⌈M/5⌉ − 1) × 2 s) with M = 1 + ⌈(N − c)/10⌉, c = min(10, notifications waiting at the first request); the peers one message each: ${perMessage})`,
    headers: [
      'sender',
      'run',
      'delivered',
      'lost',
      'dups',
      '429s',
      'requests',
      'messages',
      'span',
      'minimum',
      'span÷min',
      'span÷abs min',
      'next window late p50 / max ms',
      'start→last',
      'load',
    ],
    rows,
    extraTables: [
      {
        title:
          'Burst, ours: what the outbox did (hand-offs = last hand-off − first request; c = what the first message could carry; M messages → packing minimum; absolute M = ⌈N/10⌉)',
        headers: [
          'sender',
          'run',
          'hand-offs',
          'c',
          'M → minimum',
          'abs M → minimum',
          'notifications per message',
          'retried sends',
          'send wait p50 / max ms',
          'outbox runs',
        ],
        rows: oursRows,
      },
    ],
    targets: [...targetsFor(runs, 'ours, 1 worker'), ...targetsFor(runs, 'ours, 3 workers')],
    data: {
      n,
      emulator:
        'rateLimit 5/2000 ms, globalRateLimit 50/1000 ms, channelRateLimit off; workers: default DISCORD_CHANNEL_LIMIT',
      runs,
    },
    load,
  };
}
