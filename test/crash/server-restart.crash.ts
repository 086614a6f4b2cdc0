// The Temporal dev server killed (SIGKILL) and restarted on its persistent SQLite file, on the same port, while the
// compiled worker keeps running: the report schedules created before survive unchanged and still run, and a campaign
// caught in the middle of a step's timer carries on to 100 % with its one progress message, nothing lost or doubled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { freePort, startDevServer, type DevServer } from '../../src/dev/dev-server';
import { applySchedules, desiredSchedules } from '../../src/schedules';
import { campaignWithProgress } from '../../src/workflows';
import { routedWebhooks } from '../helpers/channels';
import { answeredRequests, messageWhere, startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { compiledWorker, WORKER_READY, WorkerProcess } from '../helpers/worker-process';

let discord: TestDiscord;
let workerPath: string;
let dir: string;

beforeAll(async () => {
  workerPath = compiledWorker();
  discord = await startTestDiscord();
  dir = mkdtempSync(join(tmpdir(), 'temporal-restart-'));
}, 300_000);
afterAll(async () => {
  await discord.emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(address: string): Promise<Client> {
  return new Client({ connection: await Connection.connect({ address }) });
}

const EDIT_ROUTE = 'PATCH /webhooks/:id/:token/messages/:message_id';

test('SIGKILL of the dev server and a restart on its database: a schedule and an in-flight campaign survive and complete', async () => {
  const dbFile = join(dir, 'temporal.db');
  const port = await freePort();
  let server: DevServer = await startDevServer({ dbFile, port, startTimeoutMs: 120_000 });
  const address = server.address;
  const routes = routedWebhooks(discord);
  const taskQueue = `restart-${Date.now()}`;
  const env = { ...routes.env, TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue };
  const worker = new WorkerProcess(env, workerPath);
  let client = await connect(address);
  try {
    // The contract's report schedules, as `schedules apply` creates them.
    const desired = desiredSchedules(loadConfig(env), { idPrefix: 'restart-' });
    expect((await applySchedules(client, desired)).map((result) => `${result.scheduleId}: ${result.outcome}`)).toEqual([
      'restart-daily-performance-report: created',
      'restart-retargeting-report: created',
      'restart-weekly-performance-report: created',
      'restart-system-health: created',
    ]);
    const before = await Promise.all(desired.map(({ scheduleId }) => client.schedule.getHandle(scheduleId).describe()));

    await worker.waitFor(WORKER_READY);
    const steps = [
      { name: 'Build audience', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 100 }] },
      { name: 'Send emails', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 15_000 }] },
      { name: 'Report', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 100 }] },
    ];
    const workflowId = `restart-campaign-${Date.now()}`;
    await client.workflow.start(campaignWithProgress, {
      taskQueue,
      workflowId,
      args: [{ campaignName: 'Restart', steps }],
    });
    const campaigns = () => discord.emulator.requests({ webhookId: routes.webhooks.campaigns.id });
    // Step 1 is done (the progress message was edited once): step 2's 15-second timer is running now.
    await answeredRequests(discord.emulator, routes.webhooks.campaigns.id, 1, EDIT_ROUTE);

    await client.connection.close();
    server.process.kill('SIGKILL');
    await new Promise((resolve) => server.process.once('exit', resolve));
    server = await startDevServer({ dbFile, port, startTimeoutMs: 120_000 });
    client = await connect(address);

    // The workflow finishes on its own: the worker reconnected, the timer fired, the last steps ran; its outbox, a
    // workflow too, came back with the server and sends the last states.
    const result = await client.workflow.getHandle(workflowId).result();
    expect(result).toMatchObject({
      status: 'completed',
      campaignName: 'Restart',
      progressMessage: { updates: 4, failures: 0 },
    });
    const progress = await messageWhere(
      discord.emulator,
      routes.webhooks.campaigns.id,
      (m) => m.message.embeds[0]?.title === 'Progress: 100%',
    );
    expect(discord.emulator.messages(routes.webhooks.campaigns.id)).toHaveLength(1);
    const calls = campaigns().map((request) => `${request.method} ${request.status}`);
    // One post, then edits (a state still waiting when the next came is replaced by it, so 2 or 3 of them).
    expect(calls[0]).toBe('POST 200');
    expect(calls.slice(1).every((call) => call === 'PATCH 200')).toBe(true);
    expect(calls.length - 1).toBe(progress.editCount);

    // The schedules came back from the database as they were, and they still start their workflow.
    const after = await Promise.all(desired.map(({ scheduleId }) => client.schedule.getHandle(scheduleId).describe()));
    expect(after.map(({ spec, action, policies, state }) => ({ spec, action, policies, state }))).toEqual(
      before.map(({ spec, action, policies, state }) => ({ spec, action, policies, state })),
    );
    await client.schedule.getHandle('restart-daily-performance-report').trigger();
    await answeredRequests(discord.emulator, routes.webhooks.reports.id, 1);
    expect((discord.posts(routes.webhooks.reports)[0]!.body as { content: string }).content).toBe(
      '📊 **Daily Marketing Report**',
    );
    // The same worker process rode out the outage: it never exited and was never restarted.
    expect(worker.exitCode).toBeUndefined();
  } finally {
    await client.connection.close().catch(() => undefined);
    await worker.kill('SIGTERM');
    await server.stop();
  }
});
