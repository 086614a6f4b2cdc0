import type { EmulatorWebhook } from '../../src/emulator';
import { sendNotification, testWebhook } from '../../src/workflows';
import { inlineFields } from '../helpers/embeds';
import { secretsOf, type TestDiscord } from '../helpers/emulator';
import { applicationFailureOf } from '../helpers/failures';
import { historyText } from '../helpers/history-scan';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
import { outboxIdOf } from '../helpers/outbox';
import { withWorker } from '../helpers/temporal';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { useEmulatorAndClient } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;

useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

function freshWebhook(): EmulatorWebhook {
  return discord.emulator.createWebhook({ name: 'Marketing Automation' });
}

/** The run's history with every payload decoded, so a secret inside an input or result would show. */
const historyOf = (workflowId: string): Promise<string> => historyText(client, workflowId);

test('sends one message with the seed basic notification layout, exactly once', async () => {
  const webhook = freshWebhook();
  const workflowId = `send-${randomUUID()}`;
  const result = await withWorker({ env: discord.env({ default: webhook }) }, ({ taskQueue }) =>
    client.workflow.execute(sendNotification, {
      taskQueue,
      workflowId,
      args: [
        {
          content: '🔥 **Hot Lead Alert**',
          title: 'Min-Ji Park - 85/100',
          description: 'Immediate follow-up recommended',
          color: 'red',
          fields: [
            { name: 'Email', value: 'minjipark@salon.com', inline: true },
            { name: 'Score', value: '85', inline: true },
          ],
        },
      ],
    }),
  );
  const posts = discord.posts(webhook);
  expect(posts).toHaveLength(1);
  const [post] = posts;
  expect(result).toEqual({
    status: 'sent',
    channel: 'default',
    messageId: (post!.responseBody as { id: string }).id,
    messageIds: [(post!.responseBody as { id: string }).id],
  });
  expect(post!.query).toEqual({ wait: 'true' });
  expect(post!.status).toBe(200);
  const body = post!.body as Record<string, unknown>;
  expect(body).toEqual({
    content: '🔥 **Hot Lead Alert**',
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: 'Min-Ji Park - 85/100',
        description: 'Immediate follow-up recommended',
        color: 0xff0000,
        fields: inlineFields({ Email: 'minjipark@salon.com', Score: '85' }),
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      },
    ],
  });
  expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
  const history = await historyOf(workflowId);
  for (const secret of secretsOf(discord.emulator)) expect(history).not.toContain(secret);
});

test('a 429 is retried after exactly the given retry_after, then delivered once', async () => {
  const webhook = freshWebhook();
  discord.emulator.injectFault({ webhookId: webhook.id, action: { type: 'rate-limit', retryAfterS: 1.5 } });
  const result = await withWorker({ env: discord.env({ alerts: webhook }) }, ({ taskQueue }) =>
    client.workflow.execute(sendNotification, {
      taskQueue,
      workflowId: `rl-${randomUUID()}`,
      args: [{ channel: 'alerts', content: 'hello' }],
    }),
  );
  expect(result.status).toBe('sent');
  const posts = discord.posts(webhook);
  expect(posts.map((post) => post.status)).toEqual([429, 200]);
  expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1_500);
  expect(discord.emulator.messages(webhook.id)).toHaveLength(1);
});

test('500, 500, then success: delivered once after two retries', async () => {
  const webhook = freshWebhook();
  discord.emulator.injectFault({ webhookId: webhook.id, times: 2, action: { type: 'status', status: 500 } });
  const result = await withWorker({ env: discord.env({ default: webhook }) }, ({ taskQueue }) =>
    client.workflow.execute(sendNotification, {
      taskQueue,
      workflowId: `5xx-${randomUUID()}`,
      args: [{ content: 'retry me' }],
    }),
  );
  expect(result.status).toBe('sent');
  expect(discord.posts(webhook).map((post) => post.status)).toEqual([500, 500, 200]);
  expect(discord.emulator.messages(webhook.id)).toHaveLength(1);
});

test('a deleted webhook fails fast after one call with Discord\'s "Unknown Webhook"', async () => {
  const webhook = freshWebhook();
  await fetch(`${webhook.url}`, { method: 'DELETE', headers: { 'user-agent': 'test' } });
  const workflowId = `404-${randomUUID()}`;
  let outboxId = '';
  const cause = await applicationFailureOf(
    withWorker({ env: discord.env({ default: webhook }) }, ({ taskQueue }) => {
      outboxId = outboxIdOf(taskQueue, webhook.url);
      return client.workflow.execute(sendNotification, { taskQueue, workflowId, args: [{ content: 'lost?' }] });
    }),
  );
  expect([cause.type, cause.nonRetryable]).toEqual(['DiscordRejected', true]);
  expect(cause.message).toContain('Unknown Webhook');
  expect(cause.details?.[0]).toMatchObject({ channel: 'default', status: 404, code: 10015 });
  expect(discord.posts(webhook)).toHaveLength(1);
  for (const id of [workflowId, outboxId]) {
    const history = await historyOf(id);
    for (const secret of secretsOf(discord.emulator)) expect(history).not.toContain(secret);
  }
});

test('returns skipped and sends nothing when no webhook is configured', async () => {
  const before = discord.emulator.requests().length;
  const result = await withWorker({ env: {} }, ({ taskQueue }) =>
    client.workflow.execute(sendNotification, {
      taskQueue,
      workflowId: `skip-${randomUUID()}`,
      args: [{ channel: 'reports', content: 'x' }],
    }),
  );
  expect(result).toEqual({
    status: 'skipped',
    channel: 'reports',
    reason: 'No webhook configured for channel "reports": set DISCORD_WEBHOOK_URL_REPORTS or DISCORD_WEBHOOK_URL',
  });
  expect(discord.emulator.requests()).toHaveLength(before);
});

test('invalid input fails at once with InvalidInput naming the field, and sends nothing', async () => {
  const webhook = freshWebhook();
  const cause = await applicationFailureOf(
    withWorker({ env: discord.env({ default: webhook }) }, ({ taskQueue }) =>
      client.workflow.execute(sendNotification, {
        taskQueue,
        workflowId: `bad-${randomUUID()}`,
        args: [{ content: 'x', color: 'pink' as 'red' }],
      }),
    ),
  );
  expect([cause.type, cause.nonRetryable]).toEqual(['InvalidInput', true]);
  expect(cause.message).toMatch(/^Invalid input for sendNotification: color: /);
  expect(discord.posts(webhook)).toHaveLength(0);
});

test('testWebhook sends the seed connection test', async () => {
  const webhook = freshWebhook();
  await withWorker({ env: discord.env({ default: webhook }) }, ({ taskQueue }) =>
    client.workflow.execute(testWebhook, { taskQueue, workflowId: `test-${randomUUID()}`, args: [{}] }),
  );
  const [post] = discord.posts(webhook);
  expect(post!.body).toMatchObject({
    content: '✅ **Temporal Marketing Automation Connected!**',
    embeds: [{ title: 'System Test', description: 'Discord webhook is working correctly', color: 0x00ff00 }],
  });
});
