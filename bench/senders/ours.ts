/**
 * Our sender: the compiled project worker (`node lib/worker.js`) in child processes, fed by `sendNotification`
 * workflows started through a Temporal client. Each hands its notification to the webhook's outbox and completes
 * once the outbox reports it delivered.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { SendNotificationInput } from '../../src/inputs/workflows';
import { spawnNode, sleep, type Child } from '../processes';
import { LIB_DIR } from '../project';

/** Spawns `count` project workers on one task queue with the given environment and waits until they poll. */
export async function startWorkers(
  count: number,
  env: Record<string, string>,
  logDir: string,
  name: string,
): Promise<Child[]> {
  const workers = Array.from({ length: count }, (_, index) =>
    // cwd = the log folder, so no developer .env in the project root leaks into the benchmark.
    spawnNode(
      `${name}-${index + 1}`,
      join(LIB_DIR, 'worker.js'),
      env,
      join(logDir, `${name}-${index + 1}.log`),
      logDir,
    ),
  );
  try {
    // Creating a worker bundles the workflows (webpack): slow on a loaded 2-core machine.
    await Promise.all(workers.map((worker) => worker.waitForLine(/^Worker on task queue/, 240_000)));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.stop()));
    throw error;
  }
  await sleep(1_000); // the pollers start right after the banner
  return workers;
}

/** A unique task queue per run, so runs never pick up each other's tasks. */
export const benchTaskQueue = (name: string) => `bench-${name}-${randomUUID().slice(0, 8)}`;

/** Starts every notification at once; returns the handles and when each start call was made. */
export async function startAll(
  client: Client,
  taskQueue: string,
  inputs: readonly { workflowId: string; input: SendNotificationInput }[],
): Promise<{ handles: WorkflowHandle[]; startCalls: Map<string, number> }> {
  const startCalls = new Map<string, number>();
  const handles = await Promise.all(
    inputs.map(({ workflowId, input }) => {
      startCalls.set(workflowId, Date.now());
      return client.workflow.start('sendNotification', { taskQueue, workflowId, args: [input] });
    }),
  );
  return { handles, startCalls };
}

/** Waits for every workflow's result until `deadline`; counts those that failed or did not finish. */
export async function settleAll(
  handles: readonly WorkflowHandle[],
  deadline: number,
): Promise<{ failed: number; unfinished: number; errors: string[] }> {
  const timeout = Symbol('timeout');
  const timer = sleep(Math.max(0, deadline - Date.now())).then(() => timeout);
  const outcomes = await Promise.all(
    handles.map((handle) =>
      Promise.race([
        handle.result().then(
          () => 'ok' as const,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        ),
        timer,
      ]),
    ),
  );
  const errors = outcomes.filter((outcome): outcome is string => typeof outcome === 'string' && outcome !== 'ok');
  return {
    failed: errors.length,
    unfinished: outcomes.filter((outcome) => outcome === timeout).length,
    errors: [...new Set(errors)].slice(0, 5),
  };
}
