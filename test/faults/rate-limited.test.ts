// 429s of every scope: delivered, and never retried sooner than Discord's retry_after (read from the emulator's log).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { EmulatorWebhook, RecordedRequest } from '../../src/emulator';
import { sendNotification } from '../../src/workflows';
import { answeredRequests, startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { activityStarts } from '../helpers/history-scan';
import { outboxIdOf } from '../helpers/outbox';
import { createTestClient, withWorker } from '../helpers/temporal';

let discord: TestDiscord;
let client: Client;

beforeAll(async () => {
  discord = await startTestDiscord();
  client = await createTestClient();
});
afterEach(() => {
  discord.emulator.setRateLimits({ channelRateLimit: null });
});
afterAll(async () => {
  await discord.emulator.close();
  await client.connection.close();
});

type RateLimitBody = { message: string; retry_after: number; global: boolean; code?: number };

/** Discord's `retry_after` of a recorded 429 in milliseconds: seconds on v8+, milliseconds on v6/v7. */
function retryAfterMs(request: RecordedRequest): number {
  const body = request.responseBody as RateLimitBody;
  return request.apiVersion !== null && request.apiVersion >= 8 ? body.retry_after * 1000 : body.retry_after;
}

const send = (taskQueue: string, channel: string, content: string) =>
  client.workflow.execute(sendNotification, {
    taskQueue,
    workflowId: `rl-${randomUUID()}`,
    args: [{ channel, content }],
  });

test('route (user) scope on an unversioned v6 URL: retry_after is read as milliseconds, retried no sooner, delivered once', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Legacy' });
  // Users paste unversioned URLs; they run on v6, where retry_after counts milliseconds, not seconds.
  const legacyUrl = `${discord.emulator.url}/api/webhooks/${webhook.id}/${webhook.token}`;
  discord.emulator.injectFault({
    webhookId: webhook.id,
    action: { type: 'rate-limit', retryAfterS: 1.2, scope: 'user' },
  });
  const started = Date.now();
  const { result, history } = await withWorker(
    { env: { DISCORD_ALLOWED_HOSTS: `127.0.0.1:${discord.emulator.port}`, DISCORD_WEBHOOK_URL: legacyUrl } },
    async ({ taskQueue }) => {
      const workflowId = `rl-${randomUUID()}`;
      const sent = await client.workflow.execute(sendNotification, {
        taskQueue,
        workflowId,
        args: [{ content: 'v6' }],
      });
      // The channel's outbox made the requests: its history has the retry.
      const outbox = client.workflow.getHandle(outboxIdOf(taskQueue, webhook.url));
      return { result: sent, history: await outbox.fetchHistory() };
    },
  );
  const elapsedMs = Date.now() - started;
  const posts = discord.posts(webhook);
  expect(posts.map((post) => [post.apiVersion, post.status])).toEqual([
    [6, 429],
    [6, 200],
  ]);
  expect(posts[0]!.responseBody).toEqual({ message: 'You are being rate limited.', retry_after: 1200, global: false });
  expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(retryAfterMs(posts[0]!));
  // Read as seconds, 1200 would have meant a 20-minute wait.
  expect(elapsedMs).toBeLessThan(20_000);
  expect(result.status).toBe('sent');
  expect(discord.emulator.messages(webhook.id)).toHaveLength(1);
  expect(activityStarts(history).filter((start) => start.attempt > 0)).toEqual([
    {
      attempt: 2,
      lastFailure: {
        type: 'DiscordRateLimited',
        message:
          '[POST /webhooks/:id/:token] 429 rate limited (scope user) "You are being rate limited.": retry after 1200 ms (channel "default")',
      },
    },
  ]);
});

test('global scope pauses every webhook of the worker: the other webhook waits out retry_after too, both delivered once', async () => {
  const first: EmulatorWebhook = discord.emulator.createWebhook({ name: 'Global A' });
  const second: EmulatorWebhook = discord.emulator.createWebhook({ name: 'Global B' });
  discord.emulator.injectFault({ webhookId: first.id, action: { type: 'rate-limit', retryAfterS: 2.5, global: true } });
  await withWorker({ env: discord.env({ alpha: first, beta: second }) }, async ({ taskQueue }) => {
    const alpha = send(taskQueue, 'alpha', 'global A');
    // Start the other webhook's send only once the global 429 is in.
    await answeredRequests(discord.emulator, first.id, 1);
    await Promise.all([alpha, send(taskQueue, 'beta', 'global B')]);
  });
  const [limited, retried] = discord.posts(first);
  expect([limited!.status, retried!.status]).toEqual([429, 200]);
  expect(limited!.responseBody).toEqual({ message: 'You are being rate limited.', retry_after: 2.5, global: true });
  const pauseEndsAt = limited!.at + retryAfterMs(limited!);
  expect(retried!.at).toBeGreaterThanOrEqual(pauseEndsAt);
  // The global limit is per IP: the worker held back the second webhook as well.
  expect(discord.posts(second).map((post) => post.status)).toEqual([200]);
  expect(discord.posts(second)[0]!.at).toBeGreaterThanOrEqual(pauseEndsAt);
  expect(discord.emulator.messages(first.id)).toHaveLength(1);
  expect(discord.emulator.messages(second.id)).toHaveLength(1);
});

test('shared scope (the hidden per-channel limit, code 20028): retried no sooner than retry_after, nothing lost or doubled', async () => {
  const channelId = '1300000000000000777';
  const first = discord.emulator.createWebhook({ name: 'Channel A', channelId });
  const second = discord.emulator.createWebhook({ name: 'Channel B', channelId });
  // Two posts per 10 s for the whole channel: invisible in either webhook's own X-RateLimit headers. The window is
  // long enough that the third post falls in it even when a loaded machine takes seconds per send.
  discord.emulator.setRateLimits({ channelRateLimit: { limit: 2, windowMs: 10_000 } });
  const results = await withWorker({ env: discord.env({ alpha: first, beta: second }) }, async ({ taskQueue }) => [
    await send(taskQueue, 'alpha', 'one'),
    await send(taskQueue, 'alpha', 'two'),
    await send(taskQueue, 'beta', 'three'),
  ]);
  expect(results.map((result) => result.status)).toEqual(['sent', 'sent', 'sent']);
  expect(discord.posts(first).map((post) => post.status)).toEqual([200, 200]);
  const [limited, retried] = discord.posts(second);
  expect([limited!.status, retried!.status]).toEqual([429, 200]);
  expect(limited!.responseBody).toEqual({
    message: 'The resource is being rate limited.',
    retry_after: expect.any(Number),
    global: false,
    code: 20028,
  });
  expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(retryAfterMs(limited!));
  const contents = discord.emulator
    .messages()
    .filter((m) => m.channelId === channelId)
    .map((m) => m.message.content);
  expect(contents).toEqual(['one', 'two', 'three']);
});
