// The one way a notification can post twice, made deterministic: Discord's execute has no idempotency key, so when
// the message is created but the answer is lost, the retry posts it again. Edits are idempotent and stay single.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { campaignWithProgress, sendNotification } from '../../src/workflows';
import { routedWebhooks } from '../helpers/channels';
import { messageWhere, type TestDiscord } from '../helpers/emulator';
import { activityStarts } from '../helpers/history-scan';
import { outboxIdOf } from '../helpers/outbox';
import { withWorker } from '../helpers/temporal';
import { useEmulatorAndClient } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;

useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

test('a lost response to a POST that Discord processed: the retry posts a duplicate, and the run reports the second', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Lost answers' });
  discord.emulator.injectFault({ webhookId: webhook.id, method: 'POST', action: { type: 'drop-response' } });
  const workflowId = `lost-${randomUUID()}`;
  let outboxId = '';
  const result = await withWorker({ env: discord.env({ default: webhook }) }, ({ taskQueue }) => {
    outboxId = outboxIdOf(taskQueue, webhook.url);
    return client.workflow.execute(sendNotification, {
      taskQueue,
      workflowId,
      args: [{ content: 'order #4711 shipped' }],
    });
  });
  const posts = discord.posts(webhook);
  // The emulator answered 200 (the message exists), then cut the connection instead of sending the answer.
  expect(posts.map((post) => [post.fault ?? null, post.status])).toEqual([
    ['drop-response', 200],
    [null, 200],
  ]);
  const [lost, retried] = posts.map((post) => (post.responseBody as { id: string }).id);
  const messages = discord.emulator.messages(webhook.id);
  expect(messages.map((stored) => [stored.message.id, stored.message.content])).toEqual([
    [lost, 'order #4711 shipped'],
    [retried, 'order #4711 shipped'],
  ]);
  // The workflow only ever learned of the second message: the first attempt's result never reached Temporal.
  expect(result).toEqual({ status: 'sent', channel: 'default', messageId: retried, messageIds: [retried] });
  const history = await client.workflow.getHandle(outboxId).fetchHistory();
  expect(activityStarts(history).filter((start) => start.attempt > 0)).toEqual([
    {
      attempt: 2,
      lastFailure: {
        type: 'DiscordUnreachable',
        message: '[POST /webhooks/:id/:token] network: UND_ERR_SOCKET: other side closed (channel "default")',
      },
    },
  ]);
});

test('a lost response to an edit (PATCH): the retry applies the same edit again, still one message', async () => {
  const routes = routedWebhooks(discord);
  const campaigns = routes.webhooks.campaigns;
  discord.emulator.injectFault({ webhookId: campaigns.id, method: 'PATCH', action: { type: 'drop-response' } });
  const steps = ['Build', 'Send'].map((name) => ({
    name,
    workflowType: 'simulatedCampaignStep',
    args: [{ durationMs: 10 }],
  }));
  const result = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const result = await client.workflow.execute(campaignWithProgress, {
      taskQueue,
      workflowId: `lost-${randomUUID()}`,
      args: [{ campaignName: 'Edits', steps }],
    });
    await messageWhere(discord.emulator, campaigns.id, (m) => m.message.embeds[0]?.title === 'Progress: 100%');
    return result;
  });
  const requests = discord.emulator.requests({ webhookId: campaigns.id });
  const calls = requests.map((request) => [request.method, request.fault ?? null, request.status]);
  // Posted, then an edit whose answer was lost and the retry of that same edit; a later state may follow as an edit
  // (or may have replaced the lost one's successor while it waited).
  expect(calls.slice(0, 3)).toEqual([
    ['POST', null, 200],
    ['PATCH', 'drop-response', 200],
    ['PATCH', null, 200],
  ]);
  expect(calls.slice(3).every((call) => call[0] === 'PATCH' && call[2] === 200)).toBe(true);
  const messages = discord.emulator.messages(campaigns.id);
  expect(messages).toHaveLength(1);
  expect(messages[0]!.editCount).toBe(calls.length - 1);
  expect(messages[0]!.message.embeds[0]!.title).toBe('Progress: 100%');
  expect(result.progressMessage).toMatchObject({
    key: expect.stringMatching(/\/progress\/1$/),
    updates: 3,
    failures: 0,
  });
  // The campaign knows the message's id once the first post's receipt has come (it never waits for it).
  expect([undefined, messages[0]!.message.id]).toContain(result.progressMessage.messageId);
});
