import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { digestWorkflowId } from '../../src/activities';
import { digestCollector, hotLeadAlert } from '../../src/workflows';
import { addToDigestSignal, digestStatusQuery } from '../../src/workflows/queries';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
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

type Body = { content?: string; embeds?: { title: string }[] };

async function waitFor<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('a burst of 25 hot-lead alerts on a digest channel arrives as 3 messages of ≤10 embeds, none lost', async () => {
  const webhook = discord.emulator.createWebhook();
  const env = { ...discord.env({ alerts: webhook }), DISCORD_DIGEST_ALERTS: '1500ms' };
  const names = Array.from({ length: 25 }, (_, i) => `Lead${i + 1}`);
  await withWorker({ env }, async ({ taskQueue }) => {
    const results = await Promise.all(
      names.map((firstName) =>
        client.workflow.execute(hotLeadAlert, {
          taskQueue,
          workflowId: `digest-lead-${randomUUID()}`,
          args: [{ lead: { firstName, email: `${firstName.toLowerCase()}@example.com` }, score: 90 }],
        }),
      ),
    );
    const collectorId = digestWorkflowId(taskQueue, 'alerts');
    expect(results.map((result) => result.status)).toEqual(names.map(() => 'queued'));
    expect(new Set(results.map((result) => (result as { digestWorkflowId: string }).digestWorkflowId))).toEqual(
      new Set([collectorId]),
    );
    const embeds = () => discord.posts(webhook).flatMap((post) => (post.body as Body).embeds ?? []);
    await waitFor(embeds, (all) => all.length >= 25);
    const status = await client.workflow.getHandle(collectorId).query(digestStatusQuery);
    expect(status).toMatchObject({ channel: 'alerts', pending: 0, delivered: 25, failed: 0 });
  });
  const bodies = discord.posts(webhook).map((post) => post.body as Body);
  expect(bodies.length).toBeLessThanOrEqual(3);
  for (const body of bodies) {
    expect(body.embeds!.length).toBeLessThanOrEqual(10);
    expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
  }
  expect(bodies[0]!.content).toMatch(/^🔥 \*\*HOT LEAD ALERT\*\* \(×\d+\)$/);
  const titles = bodies.flatMap((body) => body.embeds!.map((embed) => embed.title.replace(/ - Score: 90$/, '')));
  expect([...titles].sort()).toEqual([...names].sort());
});

test('a hand-over retried with the same item id is kept once; a long digest continues as new', async () => {
  const webhook = discord.emulator.createWebhook();
  const env = discord.env({ default: webhook });
  await withWorker({ env }, async ({ taskQueue }) => {
    const workflowId = `digest-direct-${randomUUID()}`;
    const signal = (id: string, text: string) =>
      client.workflow.signalWithStart(digestCollector, {
        taskQueue,
        workflowId,
        args: [{ channel: 'default', windowMs: 300, historyLimit: 20 }],
        signal: addToDigestSignal,
        signalArgs: [{ id, notification: { content: text } }],
      });
    await signal('a', 'first');
    await signal('a', 'first again');
    await signal('b', 'second');
    await waitFor(
      () => discord.posts(webhook).length,
      (count) => count >= 1,
    );
    for (let i = 0; i < 6; i++) {
      await signal(`more-${i}`, `more ${i}`);
      await waitFor(
        () => discord.posts(webhook).length,
        (count) => count >= i + 2,
      );
    }
    const handle = client.workflow.getHandle(workflowId);
    const status = await handle.query(digestStatusQuery);
    expect(status).toMatchObject({ delivered: 8, failed: 0, pending: 0 });
    // The latest run was continued from an earlier one (historyLimit 20), carrying the counts over.
    const history = await handle.fetchHistory();
    expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });
  const bodies = discord
    .posts(webhook)
    .map((post) => post.body as { content: string; embeds: { description: string }[] });
  expect(bodies[0]!.embeds.map((embed) => embed.description)).toEqual(['first', 'second']);
  expect(bodies.flatMap((body) => body.embeds.map((embed) => embed.description))).toEqual([
    'first',
    'second',
    ...Array.from({ length: 6 }, (_, i) => `more ${i}`),
  ]);
});
