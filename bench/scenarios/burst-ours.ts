/**
 * The burst sent by our project: `workers` copies of `node lib/worker.js` on one task queue (the delivery queue's
 * rate enforced by the server), N `sendNotification` workflows started at once, then the server's dispatch timeline
 * read from the workflow histories.
 */
import type { EmulatorWebhook } from '../../src/emulator';
import { type BenchContext } from '../context';
import { type BenchEmulator } from '../emulator-client';
import { workflowTimelines } from '../history';
import { countWithin, DISCORD_WEBHOOK_LIMIT, minWindowGapMs, percentile, sequenceTag } from '../report';
import { benchTaskQueue, settleAll, startAll, startWorkers } from '../senders/ours';

/** How the server handed the delivery activities to the workers. */
export interface OursBurstDiagnostics {
  taskQueue: string;
  /** Delivery activities whose (last) attempt was dispatched within 2 s of the first dispatch. */
  dispatchesInFirstWindow: number;
  /** Smallest time between a dispatch and the fifth after it. */
  minDispatchWindowGapMs: number | undefined;
  /** The same, for dispatches more than 4 s after the first one: the steady rate's margin, without the start-up burst. */
  minSteadyDispatchWindowGapMs: number | undefined;
  /** Every delivery's dispatch (its last attempt), in ms after the burst started. */
  dispatchOffsetsMs: number[];
  /** Delivery activities that needed more than one attempt (429 or error). */
  retriedActivities: number;
  /** Activity scheduled → dispatched. */
  queueWaitP50Ms: number | undefined;
  queueWaitMaxMs: number | undefined;
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
    const inputs = Array.from({ length: options.n }, (_, i) => ({
      workflowId: `${taskQueue}-${i + 1}`,
      input: { content: `Burst ${options.tag} notification ${sequenceTag(i + 1)}` },
    }));
    const startedAt = Date.now();
    const { handles } = await startAll(context.client, taskQueue, inputs);
    const startAllMs = Date.now() - startedAt;
    const settled = await settleAll(handles, startedAt + options.timeoutMs);
    const timelines = await workflowTimelines(
      context.client,
      inputs.map((input) => input.workflowId),
    );
    const deliveries = timelines.flatMap((timeline) =>
      timeline.activities.filter((activity) => activity.type === 'deliverMessage'),
    );
    const dispatched = deliveries.flatMap((activity) => (activity.startedAt === undefined ? [] : [activity.startedAt]));
    const waits = deliveries.flatMap((activity) =>
      activity.startedAt === undefined ? [] : [activity.startedAt - activity.scheduledAt],
    );
    return {
      startedAt,
      failed: settled.failed + settled.unfinished,
      errors: settled.errors,
      ours: {
        taskQueue,
        dispatchesInFirstWindow: countWithin(dispatched, DISCORD_WEBHOOK_LIMIT.windowMs),
        minDispatchWindowGapMs: minWindowGapMs(dispatched),
        minSteadyDispatchWindowGapMs: minWindowGapMs(dispatched.filter((at) => at - Math.min(...dispatched) > 4_000)),
        dispatchOffsetsMs: dispatched.map((at) => at - startedAt).sort((a, b) => a - b),
        retriedActivities: deliveries.filter((activity) => (activity.attempt ?? 1) > 1).length,
        queueWaitP50Ms: percentile(waits, 50),
        queueWaitMaxMs: waits.length > 0 ? Math.max(...waits) : undefined,
        startAllMs,
      },
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}
