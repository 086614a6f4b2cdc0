/**
 * The burst sent by our project: `workers` copies of `node lib/worker.js` on one task queue, N `sendNotification`
 * workflows (one embed each) started at once; each hands its notification to the webhook's outbox and waits for the
 * receipt. Afterwards the outbox's history tells when each notification was handed over and which send carried it.
 */
import type { EmulatorWebhook } from '../../src/emulator';
import { type BenchContext } from '../context';
import { type BenchEmulator } from '../emulator-client';
import { outboxTimeline } from '../history';
import { percentile } from '../report';
import { outboxIdOf } from '../project';
import { burstEmbed } from '../senders/burst-notification';
import { benchTaskQueue, settleAll, startAll, startWorkers } from '../senders/ours';

/** What the outbox did with the burst. */
export interface OursBurstDiagnostics {
  taskQueue: string;
  outboxId: string;
  /** Runs of the outbox workflow (more than 1 after continue-as-new). */
  outboxRuns: number;
  /** When the server recorded each hand-off (epoch ms), in order. */
  handOffAts: number[];
  firstHandOffAt: number | undefined;
  lastHandOffAt: number | undefined;
  /** Completed sends, and how many notifications each carried, in order. */
  notificationsPerSend: number[];
  /** Sends that needed more than one attempt (429 or error). */
  retriedSends: number;
  /** A send's wait for a worker (scheduled → started). */
  sendWaitP50Ms: number | undefined;
  sendWaitMaxMs: number | undefined;
  /** First workflow start call → last start call returned. */
  startAllMs: number;
}

export async function runOursBurst(
  context: BenchContext,
  emulator: BenchEmulator,
  webhook: EmulatorWebhook,
  options: { n: number; workers: number; tag: string; timeoutMs: number },
): Promise<{ startedAt: number; failed: number; errors: string[]; ours: OursBurstDiagnostics }> {
  const taskQueue = benchTaskQueue(`burst-${options.tag}`);
  const env = {
    TEMPORAL_ADDRESS: context.devServer.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DISCORD_WEBHOOK_URL: webhook.url,
    DISCORD_ALLOWED_HOSTS: emulator.allowedHosts,
  };
  const workers = await startWorkers(options.workers, env, context.logDir, `worker-${options.tag}`);
  try {
    const inputs = Array.from({ length: options.n }, (_, i) => {
      const { title, description } = burstEmbed(options.tag, i + 1);
      return { workflowId: `${taskQueue}-${i + 1}`, input: { title, description } };
    });
    const startedAt = Date.now();
    const { handles } = await startAll(context.client, taskQueue, inputs);
    const startAllMs = Date.now() - startedAt;
    const settled = await settleAll(handles, startedAt + options.timeoutMs);
    const outboxId = await outboxIdOf(taskQueue, webhook.url);
    const outbox = await outboxTimeline(context.client, outboxId);
    const handOffTimes = outbox.handOffs.map((handOff) => handOff.at).sort((a, b) => a - b);
    const completed = outbox.sends.filter((send) => send.completedAt !== undefined);
    const waits = outbox.sends.flatMap((send) =>
      send.startedAt === undefined ? [] : [send.startedAt - send.scheduledAt],
    );
    return {
      startedAt,
      failed: settled.failed + settled.unfinished,
      errors: settled.errors,
      ours: {
        taskQueue,
        outboxId,
        outboxRuns: outbox.runs,
        handOffAts: handOffTimes,
        firstHandOffAt: handOffTimes.length > 0 ? Math.min(...handOffTimes) : undefined,
        lastHandOffAt: handOffTimes.length > 0 ? Math.max(...handOffTimes) : undefined,
        notificationsPerSend: completed.map((send) => send.seqs.length),
        retriedSends: outbox.sends.filter((send) => (send.attempt ?? 1) > 1).length,
        sendWaitP50Ms: percentile(waits, 50),
        sendWaitMaxMs: waits.length > 0 ? Math.max(...waits) : undefined,
        startAllMs,
      },
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}
