import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { sendNotification } from '../../src/workflows';
import { outboxStatusQuery } from '../../src/workflows/queries';
import { type TestDiscord } from '../helpers/emulator';
import { keyOf, outboxIdOf } from '../helpers/outbox';
import { withWorker } from '../helpers/temporal';
import { useEmulatorAndClient } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;

useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

/** The activity types a workflow scheduled, from its history. */
async function activityTypes(workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) =>
    event.activityTaskScheduledEventAttributes
      ? [event.activityTaskScheduledEventAttributes.activityType?.name ?? '']
      : [],
  );
}

test('channels sharing a webhook share its outbox; a channel with its own webhook has its own', async () => {
  const webhook = discord.emulator.createWebhook();
  const alerts = discord.emulator.createWebhook();
  const ids = { errors: `route-${randomUUID()}`, reports: `route-${randomUUID()}`, alerts: `route-${randomUUID()}` };
  const { taskQueue, shared, own } = await withWorker(
    { env: discord.env({ default: webhook, alerts }) },
    async ({ taskQueue }) => {
      for (const [channel, workflowId] of Object.entries(ids)) {
        await client.workflow.execute(sendNotification, {
          taskQueue,
          workflowId,
          args: [{ channel, content: channel }],
        });
      }
      const status = (url: string) => client.workflow.getHandle(outboxIdOf(taskQueue, url)).query(outboxStatusQuery);
      return { taskQueue, shared: await status(webhook.url), own: await status(alerts.url) };
    },
  );
  expect(shared).toMatchObject({ webhookKey: keyOf(webhook.url), received: 2, delivered: 2, failed: 0 });
  expect(own).toMatchObject({ webhookKey: keyOf(alerts.url), received: 1, delivered: 1, failed: 0 });
  // The id names the webhook (its id and a digest of the URL), never its token.
  const outboxId = outboxIdOf(taskQueue, webhook.url);
  expect(outboxId).toMatch(new RegExp(`^discord-outbox-${taskQueue}-${webhook.id}-[0-9a-f]{8}$`));
  expect(outboxId).not.toContain(webhook.token);
  expect(discord.posts(webhook).map((post) => (post.body as { content: string }).content)).toEqual([
    'errors',
    'reports',
  ]);
  expect(discord.posts(alerts)).toHaveLength(1);
  // The senders hand off (a local activity, no activity task); only the outbox talks to Discord.
  for (const workflowId of Object.values(ids)) expect(await activityTypes(workflowId)).toEqual([]);
  expect(await activityTypes(outboxIdOf(taskQueue, webhook.url))).toEqual(['sendToDiscord', 'sendToDiscord']);
});
