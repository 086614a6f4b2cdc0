// The check's memory lives on the Temporal server: a worker process killed between checks (kill -9), failures while
// no worker runs, a check started meanwhile, and a new process: nothing is reported twice and nothing is skipped.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { systemHealthCheck } from '../../src/workflows';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { createTestClient, testAddress, uniqueTaskQueue } from '../helpers/temporal';
import { WORKER_READY, WorkerProcess } from '../helpers/worker-process';
import { failedOn, namedIds, postedTo, runCheck, terminated, visible } from './helpers';

let discord: TestDiscord;
let client: Client;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  discord = await startTestDiscord();
  client = await createTestClient();
});
afterAll(async () => {
  for (const worker of workers) await worker.kill('SIGKILL');
  await discord.emulator.close();
  await client.connection.close();
});

test('a restarted check neither repeats nor skips: kill -9 between checks, failures and a check while no worker runs', async () => {
  const other = uniqueTaskQueue('other-pipeline');
  const taskQueue = uniqueTaskQueue('health-restart');
  const health = discord.emulator.createWebhook({ name: 'Health' });
  const env = {
    ...discord.env({ health }),
    TEMPORAL_ADDRESS: testAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    HEALTH_WATCH_QUERY: `TaskQueue = '${other}'`,
  };
  const startWorker = async () => {
    const worker = new WorkerProcess(env);
    workers.push(worker);
    await worker.waitFor(WORKER_READY);
    return worker;
  };
  const batch = (name: string) => Array.from({ length: 3 }, (_, n) => `${name}-${n}-${randomUUID()}`);
  const [before, during] = [batch('before-kill'), batch('while-down')];

  const first = await startWorker();
  expect(await runCheck(client, taskQueue)).toMatchObject({ firstCheck: true });
  for (const id of before) await terminated(client, other, id, 'first batch');
  await visible(client, failedOn(other), 3);
  expect(await runCheck(client, taskQueue)).toMatchObject({ failures: 3 });
  await first.kill('SIGKILL');

  for (const id of during) await terminated(client, other, id, 'second batch');
  await visible(client, failedOn(other), 6);
  // Scheduled while no worker runs: it waits for one.
  const pending = await client.workflow.start(systemHealthCheck, {
    taskQueue,
    workflowId: `check-${randomUUID()}`,
    args: [{}],
  });
  await startWorker();
  expect(await pending.result()).toMatchObject({ status: 'completed', firstCheck: false, failures: 3 });
  expect(await runCheck(client, taskQueue)).toMatchObject({ status: 'completed', failures: 0 });

  const messages = postedTo(discord, health);
  expect(messages).toHaveLength(2);
  expect(namedIds([messages[0]!]).sort()).toEqual([...before].sort());
  expect(namedIds([messages[1]!]).sort()).toEqual([...during].sort());
}, 300_000);
