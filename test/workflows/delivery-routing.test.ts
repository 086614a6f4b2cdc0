import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { sendNotification } from '../../src/workflows';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { createTestClient, withWorker } from '../helpers/temporal';

let discord: TestDiscord;
let client: Client;

beforeAll(async () => {
  discord = await startTestDiscord();
  client = await createTestClient();
});
afterAll(async () => {
  await discord.emulator.close();
  await client.connection.close();
});

/** The task queues the workflow's activities were scheduled on, from its history. */
async function activityQueues(workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) =>
    event.activityTaskScheduledEventAttributes
      ? [event.activityTaskScheduledEventAttributes.taskQueue?.name ?? '']
      : [],
  );
}

test("deliveries run on the webhook's rate-limited delivery queue; channels sharing a webhook share it", async () => {
  const webhook = discord.emulator.createWebhook();
  const alerts = discord.emulator.createWebhook();
  const ids = { errors: `route-${randomUUID()}`, reports: `route-${randomUUID()}`, alerts: `route-${randomUUID()}` };
  const taskQueue = await withWorker(
    { env: discord.env({ default: webhook, alerts }) },
    async ({ taskQueue, worker }) => {
      expect([...worker.delivery.keys()]).toEqual(['alerts', 'default']);
      for (const [channel, workflowId] of Object.entries(ids)) {
        await client.workflow.execute(sendNotification, {
          taskQueue,
          workflowId,
          args: [{ channel, content: channel }],
        });
      }
      return taskQueue;
    },
  );
  expect(await activityQueues(ids.errors)).toEqual([`${taskQueue}-discord-default`]);
  expect(await activityQueues(ids.reports)).toEqual([`${taskQueue}-discord-default`]);
  expect(await activityQueues(ids.alerts)).toEqual([`${taskQueue}-discord-alerts`]);
  expect(discord.posts(webhook).map((post) => (post.body as { content: string }).content)).toEqual([
    'errors',
    'reports',
  ]);
  expect(discord.posts(alerts)).toHaveLength(1);
});

test('with DISCORD_DELIVERY_RATE=0 deliveries stay on the workflow task queue and no delivery worker runs', async () => {
  const webhook = discord.emulator.createWebhook();
  const workflowId = `route-${randomUUID()}`;
  const taskQueue = await withWorker(
    { env: { ...discord.env({ default: webhook }), DISCORD_DELIVERY_RATE: '0' } },
    async ({ taskQueue, worker }) => {
      expect(worker.delivery.size).toBe(0);
      await client.workflow.execute(sendNotification, { taskQueue, workflowId, args: [{ content: 'direct' }] });
      return taskQueue;
    },
  );
  expect(await activityQueues(workflowId)).toEqual([taskQueue]);
  expect(discord.posts(webhook)).toHaveLength(1);
});
