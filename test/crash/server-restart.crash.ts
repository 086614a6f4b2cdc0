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
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
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

const until = async (check: () => boolean, what: string, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

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
    expect((await applySchedules(client, desired)).map((result) => result.outcome)).toEqual(['created', 'created']);
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
    await until(() => campaigns().length >= 2, 'step 1 reported');

    await client.connection.close();
    server.process.kill('SIGKILL');
    await new Promise((resolve) => server.process.once('exit', resolve));
    server = await startDevServer({ dbFile, port, startTimeoutMs: 120_000 });
    client = await connect(address);

    // The workflow finishes on its own: the worker reconnected, the timer fired, the last steps ran.
    const result = await client.workflow.getHandle(workflowId).result();
    expect(result).toMatchObject({
      status: 'completed',
      campaignName: 'Restart',
      progressMessage: { posts: 1, edits: 3, failures: 0 },
    });
    expect(campaigns().map((request) => `${request.method} ${request.status}`)).toEqual([
      'POST 200',
      'PATCH 200',
      'PATCH 200',
      'PATCH 200',
    ]);
    const [progress] = discord.emulator.messages(routes.webhooks.campaigns.id);
    expect(progress!.message.embeds[0]!.title).toBe('Progress: 100%');

    // The schedules came back from the database as they were, and they still start their workflow.
    const after = await Promise.all(desired.map(({ scheduleId }) => client.schedule.getHandle(scheduleId).describe()));
    expect(after.map(({ spec, action, policies, state }) => ({ spec, action, policies, state }))).toEqual(
      before.map(({ spec, action, policies, state }) => ({ spec, action, policies, state })),
    );
    await client.schedule.getHandle('restart-daily-performance-report').trigger();
    await until(() => discord.posts(routes.webhooks.reports).length === 1, 'triggered report delivered');
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
