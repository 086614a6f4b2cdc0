// Transient Discord failures (5xx, resets, hangs): retried with backoff and delivered exactly once.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { EmulatorWebhook, FaultAction } from '../../src/emulator';
import { sendNotification } from '../../src/workflows';
import { type TestDiscord } from '../helpers/emulator';
import { activityStarts } from '../helpers/history-scan';
import { outboxIdOf } from '../helpers/outbox';
import { withWorker } from '../helpers/temporal';
import { useEmulatorAndClient } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;

useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

/** Runs one sendNotification to a fresh webhook that first suffers `faults`; returns what Discord and history saw. */
async function sendThrough(faults: FaultAction[], env: Record<string, string> = {}) {
  const webhook: EmulatorWebhook = discord.emulator.createWebhook({ name: 'Faults' });
  for (const action of faults) discord.emulator.injectFault({ webhookId: webhook.id, action });
  const workflowId = `fault-${randomUUID()}`;
  const content = `delivery ${randomUUID()}`;
  let outboxId = '';
  const result = await withWorker({ env: { ...discord.env({ default: webhook }), ...env } }, ({ taskQueue }) => {
    outboxId = outboxIdOf(taskQueue, webhook.url);
    return client.workflow.execute(sendNotification, { taskQueue, workflowId, args: [{ content }] });
  });
  // The channel's outbox makes the requests: its history holds every attempt.
  const history = await client.workflow.getHandle(outboxId).fetchHistory();
  return {
    webhook,
    result,
    content,
    posts: discord.posts(webhook),
    messages: discord.emulator.messages(webhook.id),
    starts: activityStarts(history).filter((start) => start.attempt > 0),
  };
}

const CLOUDFLARE_502_SNIPPET =
  '<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> <hr><center>cloudflare</center> </body> </html>';

test.each([
  {
    kind: '502 with Cloudflare HTML page',
    action: { type: 'status', status: 502 } as FaultAction,
    status: 502,
    failure: {
      type: 'DiscordUnavailable',
      message: `[POST /webhooks/:id/:token] 502: ${CLOUDFLARE_502_SNIPPET} (channel "default")`,
    },
  },
  {
    kind: '503 with a plain-text body',
    action: {
      type: 'status',
      status: 503,
      body: 'upstream connect error or disconnect/reset before headers',
    } as FaultAction,
    status: 503,
    failure: {
      type: 'DiscordUnavailable',
      message:
        '[POST /webhooks/:id/:token] 503: upstream connect error or disconnect/reset before headers (channel "default")',
    },
  },
  {
    kind: 'a connection reset before any answer',
    action: { type: 'reset' } as FaultAction,
    status: null,
    failure: {
      type: 'DiscordUnreachable',
      message: '[POST /webhooks/:id/:token] network: UND_ERR_SOCKET: other side closed (channel "default")',
    },
  },
])(
  '$kind: retried once, delivered exactly once, the failure recorded on the retry',
  async ({ action, status, failure }) => {
    const { result, content, posts, messages, starts } = await sendThrough([action]);
    expect(posts.map((post) => post.status)).toEqual([status, 200]);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message.content).toBe(content);
    expect(result).toEqual({
      status: 'sent',
      channel: 'default',
      messageId: messages[0]!.message.id,
      messageIds: [messages[0]!.message.id],
    });
    // The retry's ActivityTaskStarted carries the attempt number and the failure of the attempt before it.
    expect(starts).toEqual([{ attempt: 2, lastFailure: failure }]);
  },
);

test('an outage of 500, 502, 503 and a reset in a row: five requests, four retries with backoff, one message', async () => {
  const { result, posts, messages, starts } = await sendThrough([
    { type: 'status', status: 500 },
    { type: 'status', status: 502 },
    { type: 'status', status: 503 },
    { type: 'reset' },
  ]);
  expect(posts.map((post) => post.status)).toEqual([500, 502, 503, null, 200]);
  expect(posts.map((post) => post.fault ?? null)).toEqual(['status', 'status', 'status', 'reset', null]);
  expect(messages).toHaveLength(1);
  expect(result.status === 'sent' && result.messageId).toBe(messages[0]!.message.id);
  expect(starts.map((start) => [start.attempt, start.lastFailure?.type])).toEqual([[5, 'DiscordUnreachable']]);
});

test('a hang longer than DISCORD_TIMEOUT_MS: the attempt is abandoned, retried and delivered once; the hung request never posts', async () => {
  // Seconds of margin both ways, so a busy machine answers the retry in time and the hang outlasts the timeout.
  const timeoutMs = 3_000;
  const hangMs = 8_000;
  const { result, posts, messages, starts } = await sendThrough([{ type: 'hang', ms: hangMs }], {
    DISCORD_TIMEOUT_MS: String(timeoutMs),
  });
  expect(posts.map((post) => [post.fault ?? null, post.status])).toEqual([
    ['hang', null],
    [null, 200],
  ]);
  expect(starts).toEqual([
    {
      attempt: 2,
      lastFailure: {
        type: 'DiscordUnreachable',
        message: `[POST /webhooks/:id/:token] timeout: no answer within ${timeoutMs} ms (channel "default")`,
      },
    },
  ]);
  // The emulator was done with the hung request, without an answer, once the attempt gave up on it (nothing of a
  // request happens after it is done), so it can never post as well.
  expect(discord.emulator.requests({ webhookId: posts[0]!.webhookId! })[0]).toMatchObject({
    seq: posts[0]!.seq,
    fault: 'hang',
    status: null,
    endedAt: expect.any(Number),
  });
  const after = discord.emulator.messages(posts[0]!.webhookId!);
  expect(after).toHaveLength(1);
  expect(after[0]!.message.id).toBe(result.status === 'sent' ? result.messageId : 'not sent');
  expect(messages).toEqual(after);
});
