/**
 * Scenario 3: Discord down. Every request to the `campaigns` webhook is answered 503 (a fault injected through the
 * emulator's control API) while a `campaignWithNotifications` (one 1 s step) and a `campaignWithProgress` (three
 * 1 s steps) run; the fault is cleared after the outage. Measured: how long each campaign took (start call → the
 * server's close time: a campaign must not wait for Discord), and when its messages became visible after Discord was
 * back (the emulator's creation or last-edit time of the message in its final state).
 */
import { loadavg } from 'node:os';
import type { StoredMessage } from '../../src/emulator';
import type { CampaignWithNotificationsInput, CampaignWithProgressInput } from '../../src/inputs/workflows';
import { type BenchContext, type ScenarioResult } from '../context';
import { startBenchEmulator, type BenchEmulator } from '../emulator-client';
import { sleep } from '../processes';
import { within, worst, type TargetCheck } from '../report';
import { benchTaskQueue, startWorkers } from '../senders/ours';
import { fmt, seconds } from '../table';

const STEP_MS = 1_000;
const PROGRESS_STEPS = 3;
/** After Discord is back, the messages must be visible within this. */
const VISIBLE_AFTER_BACK_MS = 15_000;
/** A campaign may take its steps plus this, whatever Discord does. */
const CAMPAIGN_SLACK_MS = 2_000;

export interface OutageRun {
  run: number;
  outageMs: number;
  /** Requests answered 503 during the outage. */
  refused: number;
  /** Start call → close time (server) of each campaign. */
  notificationsCampaignMs: number | undefined;
  progressCampaignMs: number | undefined;
  /** Discord back → "Campaign Started" / "Campaign Complete" visible; undefined when not visible. */
  startedVisibleMs: number | undefined;
  completeVisibleMs: number | undefined;
  /** Started created before Complete. */
  inOrder: boolean;
  /** Discord back → the progress message showing 100 %. */
  progressFinalVisibleMs: number | undefined;
  /** Messages of the progress campaign (1: posted once, edited in place) and its edits. */
  progressMessages: number;
  progressEdits: number;
  load: number;
}

type Shown = { content?: string; embeds?: { title?: string; author?: { name?: string } }[] };
const shown = (message: StoredMessage) => message.message as Shown;
const byCampaign = (messages: readonly StoredMessage[], name: string) =>
  messages.filter((message) => !message.deleted && shown(message).embeds?.[0]?.author?.name === name);

async function closedAfterMs(context: BenchContext, workflowId: string, startCallAt: number) {
  const handle = context.client.workflow.getHandle(workflowId);
  await handle.result();
  const { closeTime } = await handle.describe();
  return closeTime ? closeTime.getTime() - startCallAt : undefined;
}

async function runOnce(context: BenchContext, emulator: BenchEmulator, run: number, outageMs: number) {
  const webhook = await emulator.createWebhook(`Outage r${run}`);
  const taskQueue = benchTaskQueue(`outage-r${run}`);
  const env = {
    TEMPORAL_ADDRESS: context.devServer.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DISCORD_WEBHOOK_URL_CAMPAIGNS: webhook.url,
    DISCORD_ALLOWED_HOSTS: emulator.allowedHosts,
  };
  const [worker] = await startWorkers(1, env, context.logDir, `worker-outage-r${run}`);
  const names = { notifications: `Outage notifications r${run}`, progress: `Outage progress r${run}` };
  try {
    await emulator.failRequests(webhook.id, 503, 100_000);
    const outageStartedAt = Date.now();
    const step = { workflowType: 'simulatedCampaignStep', args: [{ durationMs: STEP_MS }] };
    const notifications: CampaignWithNotificationsInput = { campaignName: names.notifications, ...step };
    const progress: CampaignWithProgressInput = {
      campaignName: names.progress,
      steps: Array.from({ length: PROGRESS_STEPS }, (_, i) => ({ name: `Step ${i + 1}`, ...step })),
    };
    const ids = { notifications: `${taskQueue}-notifications`, progress: `${taskQueue}-progress` };
    const startCallAt = Date.now();
    await Promise.all([
      context.client.workflow.start('campaignWithNotifications', {
        taskQueue,
        workflowId: ids.notifications,
        args: [notifications],
      }),
      context.client.workflow.start('campaignWithProgress', { taskQueue, workflowId: ids.progress, args: [progress] }),
    ]);
    const [notificationsCampaignMs, progressCampaignMs] = await Promise.all([
      closedAfterMs(context, ids.notifications, startCallAt),
      closedAfterMs(context, ids.progress, startCallAt),
    ]);
    await sleep(Math.max(0, outageStartedAt + outageMs - Date.now()));
    await emulator.clearFaults();
    const backAt = Date.now();
    const refused = (await emulator.requests({ webhookId: webhook.id })).filter((r) => r.status === 503).length;
    // Wait until every message shows its final state (or give up a minute after Discord is back).
    const final = (messages: StoredMessage[]) => {
      const campaign = byCampaign(messages, names.notifications);
      const bar = byCampaign(messages, names.progress);
      return campaign.length >= 2 && bar.some((message) => shown(message).embeds?.[0]?.title === 'Progress: 100%');
    };
    let messages = await emulator.messages(webhook.id);
    while (!final(messages) && Date.now() < backAt + 60_000) {
      await sleep(100);
      messages = await emulator.messages(webhook.id);
    }
    await sleep(2_000); // a late duplicate or a stray edit would show now
    messages = await emulator.messages(webhook.id);
    const campaign = byCampaign(messages, names.notifications);
    const started = campaign.find((message) => shown(message).content?.includes('Campaign Started'));
    const complete = campaign.find((message) => shown(message).content?.includes('Campaign Complete'));
    const bar = byCampaign(messages, names.progress);
    const finalBar = bar.find((message) => shown(message).embeds?.[0]?.title === 'Progress: 100%');
    const visibleAfter = (at: number | undefined) => (at === undefined ? undefined : at - backAt);
    return {
      run,
      outageMs: backAt - outageStartedAt,
      refused,
      notificationsCampaignMs,
      progressCampaignMs,
      startedVisibleMs: visibleAfter(started?.createdAt),
      completeVisibleMs: visibleAfter(complete?.createdAt),
      inOrder: started !== undefined && complete !== undefined && started.createdAt <= complete.createdAt,
      progressFinalVisibleMs: visibleAfter(
        finalBar && (finalBar.editCount > 0 ? finalBar.updatedAt : finalBar.createdAt),
      ),
      progressMessages: bar.length,
      progressEdits: bar.reduce((sum, message) => sum + message.editCount, 0),
      load: loadavg()[0]!,
    } satisfies OutageRun;
  } finally {
    await emulator.clearFaults();
    await worker?.stop();
  }
}

export async function outageScenario(context: BenchContext): Promise<ScenarioResult> {
  const outageMs = context.quick ? 15_000 : 60_000;
  const load = { start: loadavg()[0]!, end: 0 };
  const emulator = await startBenchEmulator({ maxRecordedRequests: 100_000 }, context.logDir, 'emulator-outage');
  const runs: OutageRun[] = [];
  try {
    for (let run = 1; run <= context.runs; run++) {
      context.log(`outage: run ${run}: Discord answers 503 for ${outageMs / 1000} s while two campaigns run…`);
      const result = await runOnce(context, emulator, run, outageMs);
      runs.push(result);
      context.log(
        `  → campaigns done after ${seconds(result.notificationsCampaignMs)} and ${seconds(result.progressCampaignMs)}; after Discord was back: Complete ${seconds(result.completeVisibleMs)}, progress 100 % ${seconds(result.progressFinalVisibleMs)}`,
      );
    }
  } finally {
    await emulator.stop();
  }
  load.end = loadavg()[0]!;
  return summarizeOutage(runs, outageMs, load);
}

/** The table and target checks of the measured runs. */
export function summarizeOutage(
  runs: readonly OutageRun[],
  outageMs: number,
  load: ScenarioResult['load'],
): ScenarioResult {
  const worstOf = `(worst of ${runs.length})`;
  const notificationsMs = worst(runs.map((run) => run.notificationsCampaignMs));
  const progressMs = worst(runs.map((run) => run.progressCampaignMs));
  const lastVisible = worst(runs.map((run) => worst([run.startedVisibleMs, run.completeVisibleMs])));
  const progressVisible = worst(runs.map((run) => run.progressFinalVisibleMs));
  const allInOrder = runs.every((run) => run.inOrder && run.completeVisibleMs !== undefined);
  const oneMessage = runs.every((run) => run.progressMessages === 1);
  const notificationsBound = STEP_MS + CAMPAIGN_SLACK_MS;
  const progressBound = PROGRESS_STEPS * STEP_MS + CAMPAIGN_SLACK_MS;
  const scenario = `outage of ${outageMs / 1000} s`;
  const targets: TargetCheck[] = [
    {
      scenario,
      target: `campaignWithNotifications (1 step of 1 s) completes ≤ ${seconds(notificationsBound)}`,
      measured: `${seconds(notificationsMs)} ${worstOf}`,
      pass: within(notificationsMs, notificationsBound),
    },
    {
      scenario,
      target: `Started and Complete in order ≤ ${VISIBLE_AFTER_BACK_MS / 1000} s after Discord is back`,
      measured: `${seconds(lastVisible)}${allInOrder ? ', in order' : ', NOT in order or missing'}`,
      pass: allInOrder && within(lastVisible, VISIBLE_AFTER_BACK_MS),
    },
    {
      scenario,
      target: `campaignWithProgress (${PROGRESS_STEPS} steps of 1 s) completes ≤ ${seconds(progressBound)}`,
      measured: seconds(progressMs),
      pass: within(progressMs, progressBound),
    },
    {
      scenario,
      target: `progress: one message, final state ≤ ${VISIBLE_AFTER_BACK_MS / 1000} s after Discord is back`,
      measured: `${seconds(progressVisible)}${oneMessage ? ', 1 message' : ', more than 1 message'}`,
      pass: oneMessage && within(progressVisible, VISIBLE_AFTER_BACK_MS),
    },
  ];
  return {
    name: 'outage',
    title: `Outage: every request answered 503 for ${outageMs / 1000} s while campaignWithNotifications (1 × 1 s step) and campaignWithProgress (${PROGRESS_STEPS} × 1 s steps) run on one channel`,
    headers: [
      'run',
      'outage',
      '503s',
      'notifications campaign done',
      'progress campaign done',
      'Started visible after back',
      'Complete visible after back',
      'in order',
      'progress 100 % after back',
      'progress messages / edits',
      'load',
    ],
    rows: runs.map((run) => [
      run.run,
      seconds(run.outageMs),
      run.refused,
      seconds(run.notificationsCampaignMs),
      seconds(run.progressCampaignMs),
      seconds(run.startedVisibleMs),
      seconds(run.completeVisibleMs),
      run.inOrder,
      seconds(run.progressFinalVisibleMs),
      `${run.progressMessages} / ${run.progressEdits}`,
      fmt(run.load, 1),
    ]),
    targets,
    data: { outageMs, stepMs: STEP_MS, progressSteps: PROGRESS_STEPS, runs },
    load,
  };
}
