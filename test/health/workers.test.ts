// A watched task queue whose worker stops: reported offline once after the grace period, and back once.
import type { Client } from '@temporalio/client';
import type { Config } from '../../src/config';
import { formatDuration } from '../../src/messages/format';
import type { SystemHealthResult } from '../../src/workflows/system-health';
import { healthLedgerWorkflowId } from '../../src/vocabulary';
import { healthLedgerStateQuery } from '../../src/workflows/system-health-ledger';
import { type TestDiscord } from '../helpers/emulator';
import { uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { postedTo, runCheck } from './helpers';
import { useEmulatorAndClient } from '../helpers/routed-suite';

/**
 * The grace period of this test: shorter than HEALTH_WORKER_GRACE allows (70 s at least, because an idle worker
 * starts a poll only about once a minute, so a shorter period would report live, idle workers). It is handed to the
 * worker in its `Config`, as a host project embedding the package can. Safe here: the watched worker is never left
 * idle while it is expected online; it stops, and the test observes what happens once no poll comes for 20 s. The
 * variable's bounds are tested in test/config.test.ts, the offline/recovered rule itself in health-queues.test.ts.
 */
const GRACE_MS = 20_000;
const shortGrace = (config: Config): Config => ({ ...config, health: { ...config.health, workerGraceMs: GRACE_MS } });

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
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

test('a worker stopped for longer than the grace period is reported offline once, and its return once', async () => {
  const etl = uniqueTaskQueue('etl');
  const health = discord.emulator.createWebhook({ name: 'Health' });
  const env = {
    ...discord.env({ health }),
    HEALTH_WATCH_TASK_QUEUES: etl,
    // Only the worker watch matters here; no execution of the shared test server is reported.
    HEALTH_WATCH_QUERY: `TaskQueue = '${etl}'`,
  };
  const ledgerState = (taskQueue: string) =>
    client.workflow.getHandle(healthLedgerWorkflowId(taskQueue)).query(healthLedgerStateQuery);
  const { offlineSince, offline, quiet, recovered, backAt, last } = await withWorker(
    { env, adjust: shortGrace },
    async ({ taskQueue }) => {
      // The etl worker polls: a check sees it (a first check reports nothing about a live queue).
      await withWorker({ taskQueue: etl }, () =>
        checkUntil(taskQueue, (result) => result.status === 'completed', 10_000),
      );
      const lastPollAt = (await ledgerState(taskQueue)).queues[etl]?.lastPollAt;
      expect(lastPollAt).toEqual(expect.any(String));
      // The worker has stopped. Until the grace period has passed since its last poll, no check can report it.
      const early = await runCheck(client, taskQueue);
      expect(early).toMatchObject({ workersOffline: [] });
      // Time passing is the event here: once the grace period is over, the next check reports the queue.
      await new Promise((resolve) => setTimeout(resolve, Date.parse(lastPollAt!) + GRACE_MS - Date.now()));
      const offline = await checkUntil(
        taskQueue,
        (result) => 'workersOffline' in result && result.workersOffline.length > 0,
        30_000,
      );
      // The poll it names as the last one (no older than the one seen while the worker ran), a grace period ago.
      const offlineSince = (await ledgerState(taskQueue)).queues[etl]?.offlineSince;
      expect(Date.parse(offlineSince!)).toBeGreaterThanOrEqual(Date.parse(lastPollAt!));
      expect(Date.now() - Date.parse(offlineSince!)).toBeGreaterThan(GRACE_MS);
      const quiet = [await runCheck(client, taskQueue), await runCheck(client, taskQueue)];
      const { recovered, backAt } = await withWorker({ taskQueue: etl }, async () => {
        const recovered = await checkUntil(
          taskQueue,
          (result) => 'workersRecovered' in result && result.workersRecovered.length > 0,
          30_000,
        );
        return { recovered, backAt: (await ledgerState(taskQueue)).queues[etl]?.lastPollAt };
      });
      return {
        offlineSince: offlineSince!,
        offline,
        quiet,
        recovered,
        backAt,
        last: await runCheck(client, taskQueue),
      };
    },
  );
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
      description: `Workers poll this task queue again after about ${formatDuration(Date.parse(backAt!) - Date.parse(offlineSince))} without one.`,
      color: 0x00ff00,
    }),
  ]);
}, 120_000);
