// A watched task queue whose worker stops: reported offline once after the grace period, and back once.
import type { Client } from '@temporalio/client';
import type { SystemHealthResult } from '../../src/workflows/system-health';
import { healthLedgerWorkflowId } from '../../src/vocabulary';
import { healthLedgerStateQuery } from '../../src/workflows/system-health-ledger';
import { type TestDiscord } from '../helpers/emulator';
import { uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { postedTo, runCheck } from './helpers';
import { useEmulatorAndClient } from '../helpers/routed-suite';

/** The smallest grace period the configuration allows: an idle worker polls about once a minute. */
const GRACE_MS = 70_000;

let discord: TestDiscord;
let client: Client;
useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

/** Runs checks until one reports what `done` looks for (each check is one event: a look at the task queue). */
async function checkUntil(
  taskQueue: string,
  done: (result: SystemHealthResult) => boolean,
  timeoutMs: number,
): Promise<SystemHealthResult[]> {
  const deadline = Date.now() + timeoutMs;
  const results: SystemHealthResult[] = [];
  for (;;) {
    const result = await runCheck(client, taskQueue);
    results.push(result);
    if (done(result)) return results;
    if (Date.now() > deadline)
      throw new Error(`no check reported it within ${timeoutMs} ms: ${JSON.stringify(results)}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

test('a worker stopped for longer than the grace period is reported offline once, and its return once', async () => {
  const etl = uniqueTaskQueue('etl');
  const health = discord.emulator.createWebhook({ name: 'Health' });
  const env = {
    ...discord.env({ health }),
    HEALTH_WATCH_TASK_QUEUES: etl,
    HEALTH_WORKER_GRACE: `${GRACE_MS / 1_000}s`,
    // Only the worker watch matters here; no execution of the shared test server is reported.
    HEALTH_WATCH_QUERY: `TaskQueue = '${etl}'`,
  };
  const { offline, quiet, recovered, last } = await withWorker({ env }, async ({ taskQueue }) => {
    // The etl worker polls: a check sees it (a first check reports nothing about a live queue).
    await withWorker({ taskQueue: etl }, () =>
      checkUntil(taskQueue, (result) => result.status === 'completed', 10_000),
    );
    const state = await client.workflow.getHandle(healthLedgerWorkflowId(taskQueue)).query(healthLedgerStateQuery);
    const lastPollAt = state.queues[etl]?.lastPollAt;
    expect(lastPollAt).toEqual(expect.any(String));
    // The worker has stopped. Until the grace period has passed since its last poll, no check can report it.
    const early = await runCheck(client, taskQueue);
    expect(early).toMatchObject({ workersOffline: [] });
    const offline = await checkUntil(
      taskQueue,
      (result) => 'workersOffline' in result && result.workersOffline.length > 0,
      GRACE_MS + 60_000,
    );
    const reportedAt = Date.now();
    expect(reportedAt - Date.parse(lastPollAt!)).toBeGreaterThan(GRACE_MS);
    const quiet = [await runCheck(client, taskQueue), await runCheck(client, taskQueue)];
    const recovered = await withWorker({ taskQueue: etl }, () =>
      checkUntil(taskQueue, (result) => 'workersRecovered' in result && result.workersRecovered.length > 0, 30_000),
    );
    return { offline, quiet, recovered, last: await runCheck(client, taskQueue) };
  });
  expect(offline.at(-1)).toMatchObject({ status: 'completed', workersOffline: [etl], workersRecovered: [] });
  expect(quiet).toEqual([
    expect.objectContaining({ workersOffline: [], workersRecovered: [] }),
    expect.objectContaining({ workersOffline: [], workersRecovered: [] }),
  ]);
  expect(recovered.at(-1)).toMatchObject({ workersOffline: [], workersRecovered: [etl] });
  expect(last).toMatchObject({ workersOffline: [], workersRecovered: [] });

  const messages = postedTo(discord, health);
  expect(messages.map((message) => message.content)).toEqual([
    '❌ **Workers Offline: 1 task queue without workers**',
    '✅ **Workers Back Online: 1 task queue**',
  ]);
  expect(messages[0]!.embeds).toEqual([
    expect.objectContaining({
      title: `No workers on ${etl}`,
      url: `http://localhost:8233/namespaces/default/task-queues/${etl}`,
      color: 0xff0000,
    }),
  ]);
  expect(messages[0]!.embeds[0]!.fields[2]).toEqual({
    name: 'Last seen workers',
    value: expect.stringMatching(/^\d+@/),
    inline: false,
  });
  expect(messages[1]!.embeds).toEqual([
    expect.objectContaining({
      title: `Workers back on ${etl}`,
      description: expect.stringMatching(/^Workers poll this task queue again after about \d+m( \d+s)? without one\.$/),
      color: 0x00ff00,
    }),
  ]);
}, 240_000);
