import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import { loadConfig, type Config } from '../../src/config';
import { createNotificationWorker, type NotificationWorker, type NotificationWorkerOptions } from '../../src/worker';

/** The dev server started once per test run by test/setup/global-setup.ts. */
export function testAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is unset: run the tests with `npm test` (jest global set-up)');
  return address;
}

/** The workflow bundle built once by the global set-up (bundling per file would cost seconds each). */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', 'reports', 'workflow-bundle.js');

/**
 * How the in-process test workers on the dev server run workflows: from the prebuilt bundle, in the test's own thread
 * (the SDK's `debugMode`). A worker thread of its own would load the SDK's protobuf definitions again, about half a
 * CPU-second per worker, most of a workflow suite's time; the workflows still run in the same sandboxed context. What
 * the test thread gives up is the 5 s deadlock timeout and the stack-trace query (see below). The workers the suites
 * start as processes (`npm start`, lib/worker.js, the crash suite) and the time-skipping worker run workflows in worker
 * threads, as users' workers do.
 */
export const IN_PROCESS_WORKFLOWS = { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH }, debugMode: true } as const;

/**
 * Installs the SDK's process-wide workflow hooks without the promise hook, before the first in-process worker would
 * install both. The promise hook records a stack trace for every promise a workflow creates (it answers the
 * `__stack_trace` query, which no test sends); in the test's thread each trace goes through Jest's source maps, a
 * quarter of a workflow suite's CPU (six suites: 25.7 CPU-s with it, 18.2 without). Without it the SDK runs as it
 * does where Node lacks promise hooks (stack-trace query off); the rest of the sandbox is unchanged. The SDK never
 * removes its hooks (it expects the thread to end with the worker), and Jest runs many files in one process, each with
 * its own copy of the SDK: the `afterAll` below removes this file's before the next file starts.
 */
function installWorkflowHooksWithoutStackTraces(): void {
  if (globalHandlers.installed) return;
  globalHandlers.install();
  // Read after install(): it replaces the field with the stop function of the hook it just created.
  const { stopPromiseHook } = globalHandlers as unknown as { stopPromiseHook?: unknown };
  if (typeof stopPromiseHook !== 'function') {
    throw new Error('@temporalio/worker changed GlobalHandlers: update installWorkflowHooksWithoutStackTraces()');
  }
  stopPromiseHook.call(globalHandlers);
  globalHandlers.promiseHookInstalled = false;
}
afterAll(() => globalHandlers.uninstall());

let runtimeReady = false;
/** Worker logs at WARN, so test output stays readable; safe to call from every test file. */
export function quietRuntime(): void {
  if (runtimeReady) return;
  runtimeReady = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed in this process by an earlier test file.
  }
}

/** A unique task queue per test, so tests never pick up each other's tasks. */
export const uniqueTaskQueue = (name: string): string => `test-${name}-${randomUUID().slice(0, 8)}`;

/** Configuration for a test worker: the test server plus the given variables (e.g. webhook URLs). */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({ TEMPORAL_ADDRESS: testAddress(), ...env });
}

export async function createTestClient(): Promise<Client> {
  const connection = await Connection.connect({ address: testAddress() });
  return new Client({ connection });
}

export interface TestWorker {
  worker: NotificationWorker;
  taskQueue: string;
  config: Config;
  connection: NativeConnection;
}

/**
 * Runs `fn` while a project worker (real activities, given env) polls a fresh task queue on the test server.
 * `adjust` changes the configuration built from `env` before the worker gets it, the way a host project that embeds
 * the package can hand `createNotificationWorker` any `Config`: for values the environment refuses on purpose.
 */
export async function withWorker<T>(
  options: {
    env?: Record<string, string | undefined>;
    taskQueue?: string;
    adjust?: (config: Config) => Config;
  } & Partial<Omit<NotificationWorkerOptions, 'config' | 'connection' | 'taskQueue'>>,
  fn: (context: TestWorker) => Promise<T>,
): Promise<T> {
  quietRuntime();
  installWorkflowHooksWithoutStackTraces();
  const { env, taskQueue = uniqueTaskQueue('wf'), workerOptions, adjust = (same) => same, ...deps } = options;
  const config = adjust(testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, ...env }));
  const connection = await NativeConnection.connect({ address: testAddress() });
  try {
    const worker = await createNotificationWorker({
      config,
      connection,
      taskQueue,
      ...deps,
      workerOptions: { ...IN_PROCESS_WORKFLOWS, ...workerOptions },
    });
    return await worker.runUntil(fn({ worker, taskQueue, config, connection }));
  } finally {
    await connection.close();
  }
}
