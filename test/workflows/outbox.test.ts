// The channel outbox's logic in Temporal's time-skipping environment: folding, order, coalescing, both of Discord's
// limits, shared-scope 429s, outages, permanent failures, continue-as-new and retried hand-offs. Minutes of Discord
// time pass in milliseconds; the fake client keeps Discord's limits on the test server's clock.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import { outboxWorkflowId } from '../../src/activities';
import type { OutboxItem, OutboxStart } from '../../src/activities/types';
import { buildMessages } from '../../src/discord/builder';
import type { Notification } from '../../src/discord/notification';
import type { WindowLimit } from '../../src/discord/pacing';
import { campaignWithNotifications, discordOutbox, sendNotification } from '../../src/workflows';
import { utf8Length } from '../../src/workflows/outbox-run';
import { enqueueSignal, outboxStatusQuery, type OutboxStatus } from '../../src/workflows/queries';
import { FakeDiscord, type FakeDiscordOptions, type FakeRequest } from '../helpers/fake-discord';
import { activityStarts } from '../helpers/history-scan';
import { FAKE_WEBHOOK_KEY, startTimeSkipping, stopTimeSkipping, withSkippingWorker } from '../helpers/time-skipping';

const WEBHOOK_KEY = FAKE_WEBHOOK_KEY;
const CHANNEL_LIMIT: WindowLimit = { limit: 30, windowMs: 60_000 };

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startTimeSkipping();
});
afterAll(() => stopTimeSkipping(env));

/** A fake Discord on the test server's clock. */
const fakeDiscord = (options: Omit<FakeDiscordOptions, 'clock'> = {}) =>
  new FakeDiscord({ clock: () => env.currentTimeMs(), ...options });

let sequence = 0;
/** A hand-off as `notify` makes it, built by the real builder. */
function item(notification: Notification, extra: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: `test/${++sequence}`,
    channel: 'alerts',
    messages: buildMessages(notification),
    handedOffAtMs: Date.now(),
    ...extra,
  };
}

const lead = (n: number): Notification => ({
  content: '🔥 **Hot Lead Alert!**',
  embeds: [{ title: `Lead ${n}`, description: `lead${n}@example.com`, color: 0xff0000 }],
});

/** Hand-offs of notifications 1 to `count`, made by `notification`. */
const numbered = (count: number, notification: (n: number) => Notification): OutboxItem[] =>
  Array.from({ length: count }, (_, i) => item(notification(i + 1)));

/** A notification of 10 embeds: nothing can fold into its message. */
const fullMessage = (n: number): Notification => ({
  embeds: Array.from({ length: 10 }, (_, i) => ({ title: `Report ${n}.${i + 1}` })),
});

/** Hands the items to the outbox at once (signal-with-start, as the handOff activity does). */
async function handOff(
  taskQueue: string,
  items: readonly OutboxItem[],
  start: Partial<OutboxStart> & { historyLimit?: number; maxPendingBytes?: number } = {},
): Promise<string> {
  const workflowId = outboxWorkflowId(taskQueue, WEBHOOK_KEY);
  for (const one of items) {
    await env.client.workflow.signalWithStart(discordOutbox, {
      workflowId,
      taskQueue,
      args: [{ webhookKey: WEBHOOK_KEY, channelLimit: CHANNEL_LIMIT, ...start }],
      signal: enqueueSignal,
      signalArgs: [one],
    });
  }
  return workflowId;
}

/** The outbox's final status: it completes after 10 idle minutes, which the test server skips. */
const finished = (workflowId: string): Promise<OutboxStatus> =>
  env.client.workflow.getHandle<typeof discordOutbox>(workflowId).result();

/** Hands `items` to the outbox at once on the shared worker, `discord` answering, and returns its final status. */
const deliver = (
  discord: FakeDiscord,
  items: readonly OutboxItem[],
  start?: Parameters<typeof handOff>[2],
): Promise<OutboxStatus> =>
  withSkippingWorker(env, { client: discord }, async ({ taskQueue }) =>
    finished(await handOff(taskQueue, items, start)),
  );

const titles = (requests: readonly FakeRequest[]): string[] =>
  requests.flatMap((request) => (request.message.embeds ?? []).map((embed) => embed.title ?? ''));

/** The most requests in any `windowMs` (a sliding window over the fake's clock). */
function busiestWindow(requests: readonly FakeRequest[], windowMs: number): number {
  const times = requests.map((request) => request.atMs).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

test('an idle channel gets a notification at once, on its own', async () => {
  const discord = fakeDiscord();
  const status = await deliver(discord, [item(lead(1))]);
  expect(discord.requests.map((request) => [request.kind, request.status])).toEqual([['post', 200]]);
  expect(discord.requests[0]!.message).toEqual(buildMessages(lead(1))[0]);
  expect(status).toMatchObject({ received: 1, delivered: 1, messages: 1, edits: 0, failed: 0, pending: 0 });
});

test('a burst of 60 alerts folds into at most 8 messages, in hand-off order, each lead once, without a 429', async () => {
  const discord = fakeDiscord();
  const status = await deliver(discord, numbered(60, lead));
  expect(discord.rateLimited).toEqual([]);
  expect(discord.posts.length).toBeLessThanOrEqual(8);
  expect(titles(discord.posts)).toEqual(Array.from({ length: 60 }, (_, i) => `Lead ${i + 1}`));
  for (const post of discord.posts) {
    const embeds = post.message.embeds?.length ?? 0;
    expect(embeds).toBeLessThanOrEqual(10);
    // The shared headline is counted, not repeated.
    expect(post.message.content).toBe(embeds === 1 ? '🔥 **Hot Lead Alert!**' : `🔥 **Hot Lead Alert!** (×${embeds})`);
  }
  expect(status).toMatchObject({ received: 60, delivered: 60, messages: discord.posts.length, failed: 0 });
});

test('the webhook bucket (5 per 2 s) and the channel limit (30 per 60 s) hold for 80 unfoldable messages, no 429', async () => {
  const discord = fakeDiscord();
  const status = await deliver(discord, numbered(80, fullMessage));
  expect(discord.rateLimited).toEqual([]);
  expect(discord.posts).toHaveLength(80);
  // Discord's buckets are fixed windows: the end of one and the start of the next may hold 5 each.
  expect(busiestWindow(discord.posts, 2_000)).toBeLessThanOrEqual(10);
  expect(busiestWindow(discord.posts, 60_000)).toBeLessThanOrEqual(30);
  expect(titles(discord.posts).filter((title) => title.endsWith('.1'))).toEqual(
    Array.from({ length: 80 }, (_, i) => `Report ${i + 1}.1`),
  );
  expect(status.delivered).toBe(80);
});

test('a shared-scope 429 lowers the channel limit to what Discord allowed, so they stay rare', async () => {
  // Another sender uses a third of the channel: Discord lets this webhook post 20 per minute, not 30.
  const discord = fakeDiscord({ channel: { limit: 20, windowMs: 60_000 } });
  const status = await deliver(discord, numbered(70, fullMessage));
  expect(discord.posts).toHaveLength(70);
  expect(discord.rateLimited.every((request) => request.scope === 'shared')).toBe(true);
  // One to learn the limit; the limit creeps back up by one per quiet minute, which may cost one more.
  expect(discord.rateLimited.length).toBeGreaterThanOrEqual(1);
  expect(discord.rateLimited.length).toBeLessThanOrEqual(3);
  expect(status.channelLimit!.limit).toBeLessThanOrEqual(21);
  expect(status.delivered).toBe(70);
});

test('a message kept up to date is posted once; waiting states are replaced, so only the latest is sent', async () => {
  const discord = fakeDiscord();
  const progress = (percent: number) => ({ content: `Spring Launch: ${percent}%` });
  const status = await deliver(discord, [
    item(progress(0), { key: 'campaign/progress/1' }),
    item(progress(25), { key: 'campaign/progress/1' }),
    item(progress(50), { key: 'campaign/progress/1' }),
    item(progress(75), { key: 'campaign/progress/1' }),
    item(progress(100), { key: 'campaign/progress/1', final: true }),
  ]);
  const messages = [...discord.messages.values()];
  expect(messages).toHaveLength(1);
  expect(messages[0]!.content).toBe('Spring Launch: 100%');
  expect(discord.posts).toHaveLength(1);
  expect(discord.requests.length).toBeLessThanOrEqual(2);
  expect(status.coalesced).toBe(5 - discord.requests.length);
  expect(status.delivered).toBe(5 - status.coalesced);
});

test('a deleted progress message is posted anew by the next state', async () => {
  const discord = fakeDiscord();
  await withSkippingWorker(env, { client: discord }, async ({ taskQueue }) => {
    await finished(await handOff(taskQueue, [item({ content: 'Step 1 of 2' }, { key: 'run/progress/1' })]));
    const [posted] = discord.messages.keys();
    discord.delete(posted!);
    // A sender that learned the message id (a ProgressMessage does, from its first receipt) asks for an edit.
    await finished(
      await handOff(taskQueue, [item({ content: 'Step 2 of 2' }, { key: 'run/progress/1', messageId: posted! })]),
    );
  });
  expect(discord.requests.map((request) => [request.kind, request.status])).toEqual([
    ['post', 200],
    ['edit', 404],
    ['post', 200],
  ]);
  expect([...discord.messages.values()].map((message) => message.content)).toEqual(['Step 2 of 2']);
});

test('a retried hand-off (same item id) is dropped, also after the outbox continued as new', async () => {
  const discord = fakeDiscord();
  const items = numbered(30, fullMessage);
  const status = await withSkippingWorker(env, { client: discord }, async ({ taskQueue }) => {
    // A small history limit makes the outbox continue as new several times along the way.
    const id = await handOff(taskQueue, [...items, items[0]!], { historyLimit: 40 });
    const runs = await env.client.workflow.getHandle(id).describe();
    expect(runs.runId).toBeDefined();
    await env.client.workflow.signalWithStart(discordOutbox, {
      workflowId: id,
      taskQueue,
      args: [{ webhookKey: WEBHOOK_KEY, channelLimit: CHANNEL_LIMIT, historyLimit: 40 }],
      signal: enqueueSignal,
      signalArgs: [items[1]!],
    });
    return finished(id);
  });
  expect(discord.posts).toHaveLength(30);
  expect(titles(discord.posts).filter((title) => title.endsWith('.1'))).toEqual(
    Array.from({ length: 30 }, (_, i) => `Report ${i + 1}.1`),
  );
  expect(status).toMatchObject({ received: 32, duplicates: 2, delivered: 30 });
});

test('continue-as-new carries the waiting queue, the pacing and the counts', async () => {
  const discord = fakeDiscord();
  const status = await deliver(discord, numbered(45, fullMessage), { historyLimit: 30 });
  expect(discord.rateLimited).toEqual([]);
  expect(busiestWindow(discord.posts, 60_000)).toBeLessThanOrEqual(30);
  expect(titles(discord.posts).filter((title) => title.endsWith('.1'))).toHaveLength(45);
  expect(status).toMatchObject({ received: 45, delivered: 45, messages: 45 });
});

test('Discord down for 30 minutes: everything arrives once when it is back, in order, folded', async () => {
  let downUntilMs = Infinity;
  const discord = fakeDiscord({
    fault: ({ atMs }) => {
      if (downUntilMs === Infinity) downUntilMs = atMs + 30 * 60_000;
      return atMs < downUntilMs ? { status: 503 } : undefined;
    },
  });
  const status = await deliver(discord, numbered(25, lead));
  const outage = discord.requests.filter((request) => request.status === 503);
  // Retries back off to one every 10 s: about 180 in 30 minutes, never a storm.
  expect(outage.length).toBeGreaterThan(100);
  expect(outage.length).toBeLessThan(200);
  const firstBack = discord.posts[0]!.atMs;
  expect(firstBack - downUntilMs).toBeLessThanOrEqual(10_000);
  expect(titles(discord.posts)).toEqual(Array.from({ length: 25 }, (_, i) => `Lead ${i + 1}`));
  // The first lead was in flight alone; the other 24 waited and fold into three messages.
  expect(discord.posts.length).toBeLessThanOrEqual(4);
  expect(status).toMatchObject({ delivered: 25, failed: 0 });
});

test('a turn cut short by a 503 is retried from the request that failed: every message once, one retry', async () => {
  let requests = 0;
  // The 8th request is the third of the turn after the first window (1 alone, then 4, then 5 per window).
  const discord = fakeDiscord({ fault: () => (++requests === 8 ? { status: 503 } : undefined) });
  const { status, history } = await withSkippingWorker(env, { client: discord }, async ({ taskQueue }) => {
    const id = await handOff(taskQueue, numbered(30, fullMessage));
    const status = await finished(id);
    return { status, history: await env.client.workflow.getHandle(id).fetchHistory() };
  });
  expect(discord.requests.map((request) => request.status).filter((code) => code !== 200)).toEqual([503]);
  expect(titles(discord.posts).filter((title) => title.endsWith('.1'))).toEqual(
    Array.from({ length: 30 }, (_, i) => `Report ${i + 1}.1`),
  );
  // One turn was retried, once: the attempt after the 503 resumed after the two answers recorded before it.
  const retried = activityStarts(history).filter((start) => start.attempt > 1);
  expect(retried.map((start) => start.attempt)).toEqual([2]);
  expect(status).toMatchObject({ delivered: 30, messages: 30, failed: 0 });
});

test('a refusal in the middle of a turn: the messages before it are delivered once, it fails, the rest follows', async () => {
  const discord = fakeDiscord({
    fault: ({ message }) =>
      message.embeds?.[0]?.title === 'Report 4.1'
        ? { status: 400, code: 50035, message: 'Invalid Form Body' }
        : undefined,
  });
  const status = await deliver(discord, numbered(12, fullMessage));
  // One request each: the refused one is not repeated, the ones before it are not resent.
  expect(discord.requests.map((request) => [request.message.embeds?.[0]?.title, request.status])).toEqual(
    Array.from({ length: 12 }, (_, i) => [`Report ${i + 1}.1`, i === 3 ? 400 : 200]),
  );
  expect(status).toMatchObject({ delivered: 11, messages: 11, failed: 1 });
  expect(status.recentFailures.map((failure) => failure.error)).toEqual([
    expect.objectContaining({ type: 'DiscordRejected', status: 400, code: 50035 }),
  ]);
});

test('a ban-length retry_after (1 hour) is waited out, never dropped: delivered once, an hour later', async () => {
  let banned = true;
  const discord = fakeDiscord({
    fault: () => {
      if (!banned) return undefined;
      banned = false;
      return { status: 429, retryAfterMs: 3_600_000 };
    },
  });
  const result = await withSkippingWorker(env, { client: discord }, ({ taskQueue }) =>
    env.client.workflow.execute(sendNotification, {
      taskQueue,
      workflowId: `ban-${++sequence}`,
      args: [{ content: 'after the ban' }],
    }),
  );
  expect(result.status).toBe('sent');
  const [limited, delivered] = discord.requests;
  expect([limited!.status, delivered!.status]).toEqual([429, 200]);
  expect(delivered!.atMs - limited!.atMs).toBeGreaterThanOrEqual(3_600_000);
  expect(delivered!.atMs - limited!.atMs).toBeLessThan(3_660_000);
  expect(discord.requests).toHaveLength(2);
});

test('a folded message Discord refuses is retried one by one: only the notification it objects to fails', async () => {
  const discord = fakeDiscord({
    fault: ({ message }) =>
      message.embeds?.some((embed) => embed.title === 'Lead 4')
        ? { status: 400, code: 50035, message: 'Invalid Form Body' }
        : undefined,
  });
  const status = await deliver(discord, numbered(8, lead));
  expect(titles(discord.posts)).toEqual(['Lead 1', 'Lead 2', 'Lead 3', 'Lead 5', 'Lead 6', 'Lead 7', 'Lead 8']);
  expect(status).toMatchObject({ delivered: 7, failed: 1 });
  expect(status.recentFailures).toEqual([
    {
      atMs: expect.any(Number),
      channel: 'alerts',
      error: {
        type: 'DiscordRejected',
        message: expect.stringContaining('Invalid Form Body'),
        status: 400,
        code: 50035,
        discordMessage: 'Invalid Form Body',
        fields: [],
      },
    },
  ]);
});

test("a deleted webhook fails every waiting notification with Discord's reason after one request", async () => {
  const discord = fakeDiscord({ fault: () => ({ status: 404, code: 10015, message: 'Unknown Webhook' }) });
  const status = await deliver(discord, numbered(10, lead));
  expect(discord.requests).toHaveLength(1);
  expect(status).toMatchObject({ delivered: 0, failed: 10 });
  expect(status.recentFailures.map((failure) => failure.error)).toEqual(
    Array.from({ length: 10 }, () => ({
      type: 'DiscordRejected',
      message: '[POST /webhooks/:id/:token] 404 Unknown Webhook (10015) (channel "alerts")',
      status: 404,
      code: 10015,
      discordMessage: 'Unknown Webhook',
      fields: [],
    })),
  );
});

test('a full backlog refuses the hand-off visibly (OutboxFull) instead of losing it', async () => {
  let down = true;
  const discord = fakeDiscord({ fault: () => (down ? { status: 503 } : undefined) });
  const items = numbered(6, lead);
  const room = items.slice(0, 4).reduce((sum, one) => sum + utf8Length(JSON.stringify(one)), 0);
  const { during, after } = await withSkippingWorker(env, { client: discord }, async ({ taskQueue }) => {
    const id = await handOff(taskQueue, items, { maxPendingBytes: room });
    const during = await env.client.workflow.getHandle(id).query(outboxStatusQuery);
    down = false;
    return { during, after: await finished(id) };
  });
  expect(during).toMatchObject({ received: 6, pending: 4, pendingBytes: room, failed: 2 });
  expect(during.recentFailures.map((failure) => failure.error.type)).toEqual(['OutboxFull', 'OutboxFull']);
  expect(after).toMatchObject({ delivered: 4, failed: 2, pending: 0, pendingBytes: 0 });
  expect(titles(discord.posts)).toEqual(['Lead 1', 'Lead 2', 'Lead 3', 'Lead 4']);
});

test('a cancelled outbox fails what it holds with a receipt (OutboxCancelled), so no sender waits forever', async () => {
  const discord = fakeDiscord({ fault: () => ({ status: 503 }) });
  const error = await withSkippingWorker(env, { client: discord }, async ({ taskQueue }) => {
    const sender = await env.client.workflow.start(sendNotification, {
      taskQueue,
      workflowId: `cancelled-${++sequence}`,
      args: [{ content: 'never sent' }],
    });
    const outbox = env.client.workflow.getHandle(outboxWorkflowId(taskQueue, WEBHOOK_KEY));
    // The hand-off is in: the outbox has tried Discord once.
    await discord.requested(1);
    await outbox.cancel();
    return sender.result().catch((e: unknown) => e);
  });
  const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('OutboxCancelled');
  expect(cause.message).toBe('The outbox was cancelled before this notification was sent');
});

test('sendNotification waits for the receipt and returns the message id Discord gave', async () => {
  const discord = fakeDiscord();
  const result = await withSkippingWorker(env, { client: discord }, ({ taskQueue }) =>
    env.client.workflow.execute(sendNotification, {
      taskQueue,
      workflowId: `send-${++sequence}`,
      args: [{ content: 'Deploy finished', title: 'Release 2.4' }],
    }),
  );
  const [id] = discord.messages.keys();
  expect(result).toEqual({ status: 'sent', channel: 'default', messageId: id, messageIds: [id] });
});

test("sendNotification fails with Discord's reason when the webhook is gone", async () => {
  const discord = fakeDiscord({ fault: () => ({ status: 404, code: 10015, message: 'Unknown Webhook' }) });
  const error = await withSkippingWorker(env, { client: discord }, ({ taskQueue }) =>
    env.client.workflow
      .execute(sendNotification, { taskQueue, workflowId: `send-${++sequence}`, args: [{ content: 'x' }] })
      .catch((e: unknown) => e),
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('DiscordRejected');
  expect(cause.message).toContain('Unknown Webhook (10015)');
  expect(cause.details?.[0]).toMatchObject({ channel: 'default', status: 404, code: 10015 });
});

test('a campaign never waits for Discord: it completes during an outage, its messages follow in order', async () => {
  let down = true;
  const discord = fakeDiscord({ fault: () => (down ? { status: 503 } : undefined) });
  const { result, postsDuringOutage, status } = await withSkippingWorker(
    env,
    { client: discord },
    async ({ taskQueue }) => {
      const result = await env.client.workflow.execute(campaignWithNotifications, {
        taskQueue,
        workflowId: `campaign-${++sequence}`,
        args: [
          {
            campaignName: 'Black Friday',
            workflowType: 'simulatedCampaignStep',
            args: [{ durationMs: 1_000, items: 10 }],
          },
        ],
      });
      const postsDuringOutage = discord.posts.length;
      down = false;
      const status = await finished(outboxWorkflowId(taskQueue, WEBHOOK_KEY));
      return { result, postsDuringOutage, status };
    },
  );
  expect(result.status).toBe('completed');
  expect(result.notifications.started.status).toBe('queued');
  expect(result.notifications.completed.status).toBe('queued');
  expect(postsDuringOutage).toBe(0);
  expect(discord.posts.map((post) => post.message.embeds?.[0]?.title)).toEqual([
    'Marketing Campaign Execution',
    'Execution Successful',
  ]);
  expect(status).toMatchObject({ delivered: 2, failed: 0 });
});
