/**
 * Scenario 2: a burst of hot-lead alerts (score 90) on a channel with DISCORD_DIGEST_ALERTS set. The collector
 * workflow packs them into messages of up to 10 embeds; counted at the emulator by the lead names in the embeds.
 */
import { loadavg } from 'node:os';
import type { HotLeadAlertInput } from '../../src/inputs/workflows';
import { type BenchContext, type ScenarioResult } from '../context';
import { startBenchEmulator, type BenchEmulator } from '../emulator-client';
import { countDeliveries, worst, type SentRequest } from '../report';
import { sleep } from '../processes';
import { benchTaskQueue, settleAll, startWorkers } from '../senders/ours';
import { fmt, seconds } from '../table';

const WINDOW = '2s';
const MAX_MESSAGES = 12;

export interface DigestRun {
  run: number;
  alerts: number;
  messages: number;
  delivered: number;
  lost: number;
  duplicates: number;
  rateLimited: number;
  embedsPerMessage: number[];
  /** First start call → last message at the emulator. */
  timeToLastMs: number | undefined;
  timeToFirstMs: number | undefined;
  workflowFailures: number;
  load: number;
}

type Body = { embeds?: { title?: string }[] } | null;

async function runOnce(
  context: BenchContext,
  emulator: BenchEmulator,
  run: number,
  alerts: number,
): Promise<DigestRun> {
  const webhook = await emulator.createWebhook(`Digest r${run}`);
  const taskQueue = benchTaskQueue(`digest-r${run}`);
  const env = {
    TEMPORAL_ADDRESS: context.devServer.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DISCORD_WEBHOOK_URL_ALERTS: webhook.url,
    DISCORD_DIGEST_ALERTS: WINDOW,
    DISCORD_ALLOWED_HOSTS: emulator.allowedHosts,
  };
  const [worker] = await startWorkers(1, env, context.logDir, `worker-digest-r${run}`);
  try {
    const startedAt = Date.now();
    const handles = await Promise.all(
      Array.from({ length: alerts }, (_, i) => {
        const input: HotLeadAlertInput = {
          lead: { firstName: `Lead${i + 1}`, email: `lead${i + 1}@example.com` },
          score: 90,
        };
        return context.client.workflow.start('hotLeadAlert', {
          taskQueue,
          workflowId: `${taskQueue}-${i + 1}`,
          args: [input],
        });
      }),
    );
    const settled = await settleAll(handles, startedAt + 120_000);
    // Every alert is queued; wait until the collector has posted them all (or a minute passes), then a little longer
    // so that a late duplicate would be seen too.
    const posted = async () => {
      const requests = await emulator.requests({ webhookId: webhook.id });
      return {
        requests,
        embeds: requests
          .filter((request) => request.status === 200)
          .flatMap((request) => (request.body as Body)?.embeds ?? []),
      };
    };
    const deadline = Date.now() + 90_000;
    while ((await posted()).embeds.length < alerts && Date.now() < deadline) await sleep(250);
    await sleep(3_000);
    const { requests } = await posted();
    const sent: SentRequest[] = requests.flatMap((request) => {
      const embeds = (request.body as Body)?.embeds ?? [];
      return embeds.map((embed) => ({ seq: leadNumber(embed.title), at: request.at, status: request.status }));
    });
    const counted = countDeliveries(sent, alerts);
    const messages = requests.filter((request) => request.status === 200);
    return {
      run,
      alerts,
      messages: messages.length,
      delivered: counted.delivered,
      lost: counted.lost,
      duplicates: counted.duplicates,
      rateLimited: requests.filter((request) => request.status === 429).length,
      embedsPerMessage: messages.map((request) => (request.body as Body)?.embeds?.length ?? 0),
      timeToLastMs: counted.lastAt === undefined ? undefined : counted.lastAt - startedAt,
      timeToFirstMs: counted.firstAt === undefined ? undefined : counted.firstAt - startedAt,
      workflowFailures: settled.failed + settled.unfinished,
      load: loadavg()[0]!,
    };
  } finally {
    await worker?.stop();
  }
}

/** `Lead17 - Score: 90` → 17. */
function leadNumber(title: string | undefined): number | undefined {
  const match = /Lead(\d+)/.exec(title ?? '');
  return match ? Number(match[1]) : undefined;
}

export async function digestScenario(context: BenchContext): Promise<ScenarioResult> {
  const alerts = context.quick ? 30 : 100;
  const load = { start: loadavg()[0]!, end: 0 };
  const emulator = await startBenchEmulator({ maxRecordedRequests: 100_000 }, context.logDir, 'emulator-digest');
  const runs: DigestRun[] = [];
  try {
    for (let run = 1; run <= context.runs; run++) {
      context.log(`digest: run ${run}: ${alerts} hot-lead alerts on a ${WINDOW} digest channel…`);
      const result = await runOnce(context, emulator, run, alerts);
      runs.push(result);
      context.log(
        `  → ${result.messages} messages, ${result.delivered}/${alerts} alerts, last after ${seconds(result.timeToLastMs)}`,
      );
    }
  } finally {
    await emulator.stop();
  }
  load.end = loadavg()[0]!;
  const maxMessages = context.quick ? Math.ceil(alerts / 10) + 2 : MAX_MESSAGES;
  const messages = worst(runs.map((run) => run.messages));
  const lost = worst(runs.map((run) => run.lost));
  const duplicates = worst(runs.map((run) => run.duplicates));
  const scenario = `digest: ${alerts} hot-lead alerts`;
  return {
    name: 'digest',
    title: `Digest: ${alerts} hot-lead alerts, DISCORD_DIGEST_ALERTS=${WINDOW}, limit 5 per 2 s`,
    headers: [
      'run',
      'messages',
      'alerts delivered',
      'lost',
      'dups',
      '429s',
      'embeds per message',
      'first',
      'last',
      'load',
    ],
    rows: runs.map((run) => [
      run.run,
      run.messages,
      run.delivered,
      run.lost,
      run.duplicates,
      run.rateLimited,
      run.embedsPerMessage.join(' '),
      seconds(run.timeToFirstMs),
      seconds(run.timeToLastMs),
      fmt(run.load, 1),
    ]),
    targets: [
      {
        scenario,
        target: `≤ ${maxMessages} messages`,
        measured: `${fmt(messages)} (worst of ${runs.length})`,
        pass: messages !== undefined && messages <= maxMessages,
      },
      {
        scenario,
        target: 'none lost, no duplicates',
        measured: `${fmt(lost)} lost, ${fmt(duplicates)} dups`,
        pass: lost === 0 && duplicates === 0,
      },
    ],
    data: { alerts, window: WINDOW, runs },
    load,
  };
}
