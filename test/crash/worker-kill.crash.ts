// kill -9 of the compiled worker in the middle of a burst of 100 notifications, then a restart: every notification is
// delivered, and a duplicate is only possible for a send Discord answered before the kill but whose result never
// reached Temporal. The kill is triggered from the emulator the moment it stores message #30, before it answers, so
// that lost response really happens. Sends answered just before it may be caught too: the worker had their answers
// but had not yet reported the completed attempts to Temporal (that report is asynchronous), so they are retried.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { sendNotification } from '../../src/workflows';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { activityStarts } from '../helpers/history-scan';
import { createTestClient, testAddress, uniqueTaskQueue } from '../helpers/temporal';
import { compiledWorker, WORKER_READY, WorkerProcess } from '../helpers/worker-process';

let discord: TestDiscord;
let client: Client;
let workerPath: string;

beforeAll(async () => {
  workerPath = compiledWorker();
  // No emulator limits: this is about crashes, and the worker's own pacer still sends one request at a time.
  discord = await startTestDiscord({ rateLimit: null, globalRateLimit: null });
  client = await createTestClient();
}, 300_000);
afterAll(async () => {
  await discord.emulator.close();
  await client.connection.close();
});

const BURST = 100;
const KILL_AT_MESSAGE = 30;
const numberOf = (content: string) => Number(/^burst #(\d+)$/.exec(content)?.[1]);

test('kill -9 during a burst of 100, restart: all 100 delivered; duplicates only of sends answered before the kill, never reported', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Burst' });
  const taskQueue = uniqueTaskQueue('crash-burst');
  // DISCORD_DELIVERY_RATE=0: deliveries run on the main task queue without the server-side 2.45/s dispatch limit, so
  // the burst takes seconds instead of 41 s. What a crash can do is the same: results are durable once in history.
  const env = {
    ...discord.env({ default: webhook }),
    TEMPORAL_ADDRESS: testAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    DISCORD_DELIVERY_RATE: '0',
  };
  const first = new WorkerProcess(env, workerPath);
  let killedAt = 0;
  let lostNumber = 0;
  const unsubscribe = discord.emulator.onEvent((event) => {
    if (event.type !== 'message-created' || event.webhookId !== webhook.id || killedAt !== 0) return;
    if (discord.emulator.messages(webhook.id).length < KILL_AT_MESSAGE) return;
    // Synchronously, before the emulator writes the answer: the worker dies with this message stored but unanswered.
    process.kill(first.child.pid!, 'SIGKILL');
    killedAt = Date.now();
    lostNumber = numberOf(event.message.content);
  });
  let second: WorkerProcess | undefined;
  try {
    await first.waitFor(WORKER_READY);
    const handles = await Promise.all(
      Array.from({ length: BURST }, (_, index) =>
        client.workflow.start(sendNotification, {
          taskQueue,
          workflowId: `burst-${index + 1}-${randomUUID()}`,
          args: [{ content: `burst #${index + 1}` }],
        }),
      ),
    );
    await first.exited;
    expect(first.signal).toBe('SIGKILL');
    second = new WorkerProcess(env, workerPath);
    // Activities that were running in the killed worker come back after their start-to-close timeout (1 minute).
    const results = await Promise.all(handles.map((handle) => handle.result()));
    expect(results.every((result) => result.status === 'sent')).toBe(true);

    // Correlate by the number in each content.
    const messages = discord.emulator.messages(webhook.id);
    const byNumber = new Map<number, string[]>();
    for (const stored of messages) {
      const n = numberOf(stored.message.content);
      byNumber.set(n, [...(byNumber.get(n) ?? []), stored.message.id]);
    }
    expect([...byNumber.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: BURST }, (_, i) => i + 1));
    const duplicates = [...byNumber]
      .filter(([, ids]) => ids.length > 1)
      .map(([n]) => n)
      .sort((a, b) => a - b);
    expect(duplicates).toContain(lostNumber);

    const posts = discord.posts(webhook);
    for (const [index, handle] of handles.entries()) {
      const n = index + 1;
      const result = results[index]!;
      const ids = byNumber.get(n)!;
      // The run reports the message its completed activity got back.
      expect(result.status === 'sent' && ids.includes(result.messageId)).toBe(true);
      if (!duplicates.includes(n)) {
        expect(ids).toHaveLength(1);
        continue;
      }
      // A duplicate: the emulator answered 200 to a request that arrived before the kill, but that attempt never
      // completed in Temporal; the retry (attempt 2, after the start-to-close timeout) posted again and is what the
      // run reports.
      expect(ids).toHaveLength(2);
      const lost = ids.filter((id) => result.status === 'sent' && id !== result.messageId);
      expect(lost).toHaveLength(1);
      const lostRequest = posts.find((post) => (post.responseBody as { id?: string } | null)?.id === lost[0]);
      expect(lostRequest).toMatchObject({ status: 200 });
      expect(lostRequest!.at).toBeLessThanOrEqual(killedAt);
      const history = await handle.fetchHistory();
      expect(activityStarts(history).map((start) => start.attempt)).toEqual([2]);
    }
    console.log(
      `burst of ${BURST}: killed at message #${KILL_AT_MESSAGE} (content #${lostNumber}); ${messages.length} messages, ` +
        `${duplicates.length} duplicate(s) ${JSON.stringify(duplicates)}, ${posts.length} requests`,
    );
  } finally {
    unsubscribe();
    await first.kill('SIGKILL');
    await second?.kill('SIGTERM');
  }
});
