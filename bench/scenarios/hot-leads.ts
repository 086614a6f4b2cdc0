/**
 * Scenario 2: a burst of hot-lead alerts (distinct leads, score 90) to ONE channel with both of Discord's limits on
 * in the emulator (its defaults: 5 per 2 s for the webhook, 30 per 60 s hidden for the channel). One worker with
 * default settings. Counted at the emulator by the lead names in the stored messages' embeds ("visible").
 */
import { loadavg } from 'node:os';
import type { HotLeadAlertInput } from '../../src/inputs/workflows';
import { type BenchContext, type ScenarioResult } from '../context';
import { startBenchEmulator, type BenchEmulator } from '../emulator-client';
import { sleep } from '../processes';
import { countDeliveries, within, worst, type SentRequest } from '../report';
import { benchTaskQueue, settleAll, startWorkers } from '../senders/ours';
import { fmt, seconds } from '../table';

const TARGETS = { messages: 8, rateLimited: 1, lastVisibleMs: 10_000 } as const;

export interface HotLeadsRun {
  run: number;
  alerts: number;
  messages: number;
  visible: number;
  lost: number;
  duplicates: number;
  rateLimited: number;
  requests: number;
  embedsPerMessage: number[];
  /** The last start call returned → the last lead visible ("after the burst"). */
  lastVisibleAfterBurstMs: number | undefined;
  /** First start call → first lead visible. */
  firstVisibleMs: number | undefined;
  /** First start call → last start call returned. */
  burstMs: number;
  workflowFailures: number;
  load: number;
}

type Embeds = { embeds?: { title?: string }[] };

/** `Lead17 - Score: 90` → [17]. */
function leadNumbers(message: Embeds): number[] {
  return (message.embeds ?? []).flatMap((embed) => {
    const match = /^Lead(\d+)\b/.exec(embed.title ?? '');
    return match ? [Number(match[1])] : [];
  });
}

async function runOnce(context: BenchContext, emulator: BenchEmulator, run: number, alerts: number) {
  const webhook = await emulator.createWebhook(`Hot leads r${run}`);
  const taskQueue = benchTaskQueue(`hot-leads-r${run}`);
  const env = {
    TEMPORAL_ADDRESS: context.devServer.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DISCORD_WEBHOOK_URL_ALERTS: webhook.url,
    DISCORD_ALLOWED_HOSTS: emulator.allowedHosts,
  };
  const [worker] = await startWorkers(1, env, context.logDir, `worker-hot-leads-r${run}`);
  try {
    const startedAt = Date.now();
    const handles = await Promise.all(
      Array.from({ length: alerts }, (_, i) => {
        const input: HotLeadAlertInput = {
          lead: { firstName: `Lead${i + 1}`, email: `lead${i + 1}@example.com`, company: 'Example Co' },
          score: 90,
        };
        return context.client.workflow.start('hotLeadAlert', {
          taskQueue,
          workflowId: `${taskQueue}-${i + 1}`,
          args: [input],
        });
      }),
    );
    const burstEndedAt = Date.now();
    const settled = await settleAll(handles, startedAt + 180_000);
    // Every alert waited for its receipt; a little longer, so that a late duplicate would be seen too.
    await sleep(3_000);
    const stored = await emulator.messages(webhook.id);
    const visible: SentRequest[] = stored
      .filter((message) => !message.deleted)
      .map((message) => ({ seqs: leadNumbers(message.message as Embeds), at: message.createdAt, status: 200 }));
    const counted = countDeliveries(visible, alerts);
    const requests = await emulator.requests({ webhookId: webhook.id });
    return {
      run,
      alerts,
      messages: counted.messages,
      visible: counted.delivered,
      lost: counted.lost,
      duplicates: counted.duplicates,
      rateLimited: requests.filter((request) => request.status === 429).length,
      requests: requests.length,
      embedsPerMessage: visible.map((message) => message.seqs.length),
      lastVisibleAfterBurstMs: counted.lastAt === undefined ? undefined : counted.lastAt - burstEndedAt,
      firstVisibleMs: counted.firstAt === undefined ? undefined : counted.firstAt - startedAt,
      burstMs: burstEndedAt - startedAt,
      workflowFailures: settled.failed + settled.unfinished,
      load: loadavg()[0]!,
    } satisfies HotLeadsRun;
  } finally {
    await worker?.stop();
  }
}

export async function hotLeadsScenario(context: BenchContext): Promise<ScenarioResult> {
  const alerts = 60;
  const load = { start: loadavg()[0]!, end: 0 };
  const emulator = await startBenchEmulator({ maxRecordedRequests: 100_000 }, context.logDir, 'emulator-hot-leads');
  const runs: HotLeadsRun[] = [];
  try {
    for (let run = 1; run <= context.runs; run++) {
      context.log(`hot leads: run ${run}: ${alerts} hot-lead alerts to one channel, both limits on…`);
      const result = await runOnce(context, emulator, run, alerts);
      runs.push(result);
      context.log(
        `  → ${result.visible}/${alerts} leads visible in ${result.messages} messages, ${result.rateLimited} × 429, last ${seconds(result.lastVisibleAfterBurstMs)} after the burst`,
      );
    }
  } finally {
    await emulator.stop();
  }
  load.end = loadavg()[0]!;
  return summarizeHotLeads(runs, alerts, load);
}

/** The table and target checks of the measured runs. */
export function summarizeHotLeads(
  runs: readonly HotLeadsRun[],
  alerts: number,
  load: ScenarioResult['load'],
): ScenarioResult {
  const scenario = `hot leads: ${alerts} alerts, one channel`;
  const worstOf = `(worst of ${runs.length})`;
  const visible = worst(
    runs.map((run) => run.visible),
    true,
  );
  const lost = worst(runs.map((run) => run.lost));
  const duplicates = worst(runs.map((run) => run.duplicates));
  const rateLimited = worst(runs.map((run) => run.rateLimited));
  const lastVisible = worst(runs.map((run) => run.lastVisibleAfterBurstMs));
  const messages = worst(runs.map((run) => run.messages));
  return {
    name: 'hot-leads',
    title: `Hot leads: ${alerts} hotLeadAlert workflows (distinct leads) at once to one channel, limits 5 per 2 s and 30 per 60 s`,
    headers: [
      'run',
      'visible',
      'lost',
      'dups',
      '429s',
      'requests',
      'messages',
      'alerts per message',
      'burst (start calls)',
      'first visible',
      'last visible after burst',
      'load',
    ],
    rows: runs.map((run) => [
      run.run,
      run.visible,
      run.lost,
      run.duplicates,
      run.rateLimited,
      run.requests,
      run.messages,
      run.embedsPerMessage.join(' '),
      seconds(run.burstMs),
      seconds(run.firstVisibleMs),
      seconds(run.lastVisibleAfterBurstMs),
      fmt(run.load, 1),
    ]),
    targets: [
      {
        scenario,
        target: `every lead visible once, 0 lost`,
        measured: `${fmt(visible)} visible, ${fmt(lost)} lost, ${fmt(duplicates)} dups ${worstOf}`,
        pass: visible === alerts && lost === 0 && duplicates === 0,
      },
      {
        scenario,
        target: `≤ ${TARGETS.rateLimited} × 429`,
        measured: fmt(rateLimited),
        pass: within(rateLimited, TARGETS.rateLimited),
      },
      {
        scenario,
        target: `last lead visible ≤ ${TARGETS.lastVisibleMs / 1000} s after the burst`,
        measured: seconds(lastVisible),
        pass: within(lastVisible, TARGETS.lastVisibleMs),
      },
      {
        scenario,
        target: `≤ ${TARGETS.messages} messages`,
        measured: fmt(messages),
        pass: within(messages, TARGETS.messages),
      },
    ],
    data: { alerts, emulator: 'default limits: 5/2000 ms, channel 30/60000 ms, global 50/1000 ms', runs },
    load,
  };
}
