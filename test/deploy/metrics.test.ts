/**
 * The compiled worker (`node lib/worker.js`, the image's CMD) serves Prometheus metrics on WORKER_METRICS_PORT and
 * stops cleanly on SIGTERM (what `docker compose stop` and a scale-down send).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/dev/dev-server';
import { checkWorkerMetrics } from '../../src/healthcheck';
import { createTestClient, testAddress, uniqueTaskQueue } from '../helpers/temporal';
import { compiledPackage } from '../helpers/compiled-package';

let outDir: string;
beforeAll(() => {
  outDir = compiledPackage();
}, 300_000);

interface RunningWorker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startWorker(env: Record<string, string>): RunningWorker {
  // No .env in the working directory, as in the image.
  const child = spawn(process.execPath, [join(outDir, 'worker.js')], {
    cwd: mkdtempSync(join(tmpdir(), 'worker-')),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  worker: RunningWorker,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (worker.child.exitCode !== null)
      throw new Error(`the worker exited (${worker.child.exitCode}) before ${what}:\n${worker.output()}`);
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('serves temporal_ worker metrics at /metrics and exits 0 on SIGTERM', async () => {
  const port = await freePort();
  const taskQueue = uniqueTaskQueue('metrics');
  const worker = startWorker({
    TEMPORAL_ADDRESS: testAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKER_METRICS_PORT: String(port),
  });

  const metrics = await waitFor(
    'worker metrics',
    async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/metrics`);
        const body = await response.text();
        return response.ok && body.includes(`task_queue="${taskQueue}"`) && /^temporal_num_pollers\{/m.test(body)
          ? { body, contentType: response.headers.get('content-type') }
          : undefined;
      } catch {
        return undefined; // not listening yet
      }
    },
    worker,
  );
  expect(metrics.contentType).toMatch(/^text\/plain/);
  // Prometheus exposition format: # HELP / # TYPE comments and `name{labels} value` samples.
  expect(metrics.body).toMatch(/^# TYPE temporal_\w+ (counter|gauge|histogram)$/m);
  const samples = metrics.body.split('\n').filter((line) => line && !line.startsWith('#'));
  for (const sample of samples) expect(sample).toMatch(/^[a-zA-Z_:][\w:]*(\{.*\})? [-+0-9.eEInfa]+$/);
  const names = new Set(samples.map((sample) => /^[\w:]+/.exec(sample)![0]));
  expect([...names]).toEqual(
    expect.arrayContaining(['temporal_worker_start', 'temporal_num_pollers', 'temporal_worker_task_slots_available']),
  );
  expect(metrics.body).toMatch(new RegExp(`^temporal_worker_start\\{[^}]*task_queue="${taskQueue}"[^}]*\\} 1$`, 'm'));
  // The image's healthcheck agrees.
  await expect(checkWorkerMetrics({ port })).resolves.toMatchObject({ healthy: true });
  expect(worker.output()).toContain(`Worker on task queue "${taskQueue}"`);

  // Work shows up in the workflow metrics (a notification without a webhook completes as "skipped").
  const client = await createTestClient();
  try {
    const result = await client.workflow.execute('sendNotification', {
      taskQueue,
      workflowId: `metrics-${taskQueue}`,
      args: [{ content: 'metrics check' }],
    });
    expect(result).toMatchObject({ status: 'skipped' });
  } finally {
    await client.connection.close();
  }
  const afterWork = await waitFor(
    'workflow metrics',
    async () => {
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return new RegExp(`^temporal_workflow_completed\\{[^}]*task_queue="${taskQueue}"[^}]*\\} 1$`, 'm').test(body)
        ? body
        : undefined;
    },
    worker,
  );
  expect(afterWork).toMatch(/^temporal_workflow_task_execution_latency_bucket\{/m);
  expect(afterWork).toMatch(/^temporal_workflow_endtoend_latency_count\{/m);

  const stopAsked = Date.now();
  worker.child.kill('SIGTERM');
  const exit = await Promise.race([
    worker.exited,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref()),
  ]);
  expect({ exit, output: exit === 'timeout' || exit.code !== 0 ? worker.output() : '' }).toEqual({
    exit: { code: 0, signal: null },
    output: '',
  });
  expect(Date.now() - stopAsked).toBeLessThan(30_000);
  expect(worker.output()).toMatch(/state: 'STOPPED'/);
  // The metrics endpoint went away with the process.
  await expect(checkWorkerMetrics({ port, timeoutMs: 1_000 })).resolves.toMatchObject({ healthy: false });
}, 120_000);

test('without WORKER_METRICS_PORT the worker serves no metrics endpoint', async () => {
  const port = await freePort();
  const worker = startWorker({ TEMPORAL_ADDRESS: testAddress(), TEMPORAL_TASK_QUEUE: uniqueTaskQueue('nometrics') });
  await waitFor(
    'the worker to start',
    () => Promise.resolve(/Worker on task queue/.test(worker.output()) ? true : undefined),
    worker,
  );
  await expect(checkWorkerMetrics({ port, timeoutMs: 1_000 })).resolves.toMatchObject({ healthy: false });
  worker.child.kill('SIGTERM');
  await expect(worker.exited).resolves.toEqual({ code: 0, signal: null });
}, 120_000);
