import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type * as PackageApi from '../../src/index';
import { compiledPackage } from '../helpers/compiled-package';
import { messageWhere, startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { createTestClient, quietRuntime, testAddress, uniqueTaskQueue } from '../helpers/temporal';

/**
 * A host project embeds the package the way its README says: its own workflows module re-exports ours next to its
 * own workflow, which calls notify / notifySafely / ProgressMessage; its worker registers our activities next to
 * its own. Everything comes from the COMPILED package (the JavaScript `npm run build` emits), built
 * into the folder the tests share; the host project lives in a private folder.
 */
const HOST = join(__dirname, '..', '..', 'reports', `embed-${process.pid}`, 'host');
let LIB: string;

const hostWorkflows = (lib: string) => `
const { proxyActivities, executeChild } = require('@temporalio/workflow');
const { notify, notifySafely, ProgressMessage } = require(${JSON.stringify(join(lib, 'workflows', 'helpers'))});
Object.assign(exports, require(${JSON.stringify(join(lib, 'workflows'))}));

exports.leadPipeline = async function leadPipeline({ email }) {
  const { enrichLead } = proxyActivities({ startToCloseTimeout: '10 seconds' });
  const progress = new ProgressMessage({ channel: 'pipeline' });
  await progress.show({ content: 'Lead pipeline', embeds: [{ title: 'Progress: 0%', color: 0x0099ff }] });
  const lead = await enrichLead(email);
  const alert = await notify({ content: 'New lead from ' + lead.company }, { channel: 'alerts', wait: true });
  const safe = await notifySafely({ content: 'nobody reads this' }, { channel: 'dead', wait: true });
  const child = await executeChild('hotLeadAlert', { args: [{ lead: { firstName: lead.firstName, email }, score: 95 }] });
  await progress.show({ content: 'Lead pipeline', embeds: [{ title: 'Progress: 100%', color: 0x00ff00 }] });
  return { alert, safe, child, progress: progress.summary };
};
`;

let discord: TestDiscord;
let client: Client;

beforeAll(async () => {
  LIB = compiledPackage();
  mkdirSync(HOST, { recursive: true });
  writeFileSync(join(HOST, 'workflows.js'), hostWorkflows(LIB));
  discord = await startTestDiscord();
  client = await createTestClient();
}, 300_000);

afterAll(async () => {
  await discord?.emulator.close();
  await client?.connection.close();
  rmSync(join(HOST, '..'), { recursive: true, force: true });
});

test('a host worker runs its own workflow with our helpers next to our re-exported workflows', async () => {
  quietRuntime();
  // The compiled package, as a host would require it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require(join(LIB, 'index.js')) as typeof PackageApi;
  const alerts = discord.emulator.createWebhook({ name: 'Sales' });
  const pipeline = discord.emulator.createWebhook({ name: 'Pipeline' });
  const dead = discord.emulator.createWebhook({ name: 'Gone' });
  await fetch(dead.url, { method: 'DELETE', headers: { 'user-agent': 'test' } });
  const env = discord.env({ alerts, pipeline, dead });
  const taskQueue = uniqueTaskQueue('host');
  const config = pkg.loadConfig({ TEMPORAL_ADDRESS: testAddress(), TEMPORAL_TASK_QUEUE: taskQueue, ...env });
  const connection = await NativeConnection.connect({ address: testAddress() });
  try {
    const worker = await pkg.createNotificationWorker({
      config,
      connection,
      workflowsPath: join(HOST, 'workflows.js'),
      // eslint-disable-next-line @typescript-eslint/require-await
      activities: { enrichLead: async (email: string) => ({ email, firstName: 'Min-Ji', company: 'Salon Co' }) },
    });
    const [result, sent] = await worker.runUntil(
      (async () => {
        const outcomes = await Promise.all([
          client.workflow.execute('leadPipeline', {
            taskQueue,
            workflowId: `host-${randomUUID()}`,
            args: [{ email: 'minji@salon.com' }],
          }),
          client.workflow.execute('sendNotification', {
            taskQueue,
            workflowId: `host-${randomUUID()}`,
            args: [{ channel: 'alerts', content: 'direct' }],
          }),
        ]);
        // The pipeline never waits for its progress message; its last state arrives shortly after.
        await messageWhere(discord.emulator, pipeline.id, (m) => m.message.embeds[0]?.title === 'Progress: 100%');
        return outcomes;
      })(),
    );
    expect(result).toMatchObject({
      alert: { status: 'sent', channel: 'alerts' },
      safe: { status: 'failed', channel: 'dead', error: { type: 'DiscordRejected', code: 10015 } },
      child: { status: 'sent', channel: 'alerts' },
      progress: { updates: 2, failures: 0 },
    });
    expect(sent).toMatchObject({ status: 'sent', channel: 'alerts' });
  } finally {
    await connection.close();
  }
  // Alerts that met in the outbox may share a message: one line each.
  const contents = discord.posts(alerts).flatMap((post) => (post.body as { content: string }).content.split('\n'));
  expect(contents.sort()).toEqual(['direct', 'New lead from Salon Co', '🔥 **HOT LEAD ALERT**'].sort());
  const progress = discord.emulator.messages(pipeline.id);
  expect(progress).toHaveLength(1);
  expect(progress[0]!.message.embeds[0]!.title).toBe('Progress: 100%');
  expect(discord.posts(dead)).toHaveLength(1);
});
