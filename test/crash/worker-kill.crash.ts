// kill -9 of the compiled worker in the middle of a burst of 100 notifications, then a restart: every notification is
// delivered, and a duplicate is only possible for the one request in flight when the worker died: Discord answered
// it, but its result never reached Temporal, so the retry sends the same message again. The outbox sends a turn of
// requests per activity, and the activity records each answer on the server (an awaited heartbeat) before the next
// request, so the retry resumes after the answered ones and no earlier send can be caught. Each notification is too
// long to fold with another (one message each), so the message the kill cuts off (#3) is the second of its turn (#1
// goes alone): the retry must resume after #2. The kill is triggered from the emulator the moment it stores message
// #3, before it answers, so that lost response really happens.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { SendInput } from '../../src/activities';
import { sendNotification } from '../../src/workflows';
import { outboxStatusQuery } from '../../src/workflows/queries';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { activityStarts, EventType, eventsOf } from '../helpers/history-scan';
import { outboxIdOf } from '../helpers/outbox';
import { createTestClient, testAddress, uniqueTaskQueue } from '../helpers/temporal';
import { compiledWorker, WORKER_READY, WorkerProcess } from '../helpers/worker-process';

let discord: TestDiscord;
let client: Client;
let workerPath: string;

beforeAll(async () => {
  workerPath = compiledWorker();
  // No emulator limits: this is about crashes, not pacing.
  discord = await startTestDiscord({ rateLimit: null, globalRateLimit: null, channelRateLimit: null });
  client = await createTestClient();
}, 300_000);
/** While the test runs: what to print if it never finishes (a timeout ends it without an error inside it). */
let describeUnfinished: (() => Promise<string>) | undefined;
afterAll(async () => {
  if (describeUnfinished) console.log(`unfinished burst:\n${await describeUnfinished().catch(String)}`);
  await discord.emulator.close();
  await client.connection.close();
});

/** The burst numbers of each request of the outbox's turn that was retried. */
function retriedTurn(history: temporal.api.history.v1.IHistory): number[][] {
  const started = eventsOf(history, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).find(
    (event) => (event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1,
  );
  const scheduledId = String(started?.activityTaskStartedEventAttributes?.scheduledEventId);
  const scheduled = history.events?.find((event) => String(event.eventId) === scheduledId);
  const payload = scheduled?.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data;
  const input = JSON.parse(Buffer.from(payload ?? []).toString('utf8') || '{}') as Partial<SendInput>;
  return (input.requests ?? []).map((request) => numbersOf(request.message.content ?? ''));
}

const BURST = 100;
const KILL_AT_MESSAGE = 3;
/** Text that keeps two notifications from folding into one message (2,000 characters of content at most). */
const FILLER = 'x'.repeat(1_100);
/** The burst numbers a (possibly folded) message carries, one per line. */
const numbersOf = (content: string) => [...content.matchAll(/^burst #(\d+)$/gm)].map((match) => Number(match[1]));

test('kill -9 during a burst of 100, restart: all 100 delivered; duplicates only of the message in flight at the kill', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Burst' });
  const taskQueue = uniqueTaskQueue('crash-burst');
  const env = {
    ...discord.env({ default: webhook }),
    TEMPORAL_ADDRESS: testAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    // Emulator limits are off; the outbox's own channel limit off too, so the burst goes out as fast as it can.
    DISCORD_CHANNEL_LIMIT: 'off',
  };
  const first = new WorkerProcess(env, workerPath);
  let killedAt = 0;
  let lostNumbers: number[] = [];
  const unsubscribe = discord.emulator.onEvent((event) => {
    if (event.type !== 'message-created' || event.webhookId !== webhook.id || killedAt !== 0) return;
    if (discord.emulator.messages(webhook.id).length < KILL_AT_MESSAGE) return;
    // Synchronously, before the emulator writes the answer: the worker dies with this message stored but unanswered.
    process.kill(first.child.pid!, 'SIGKILL');
    killedAt = Date.now();
    lostNumbers = numbersOf(event.message.content);
  });
  let second: WorkerProcess | undefined;
  describeUnfinished = async () => {
    const outbox = client.workflow.getHandle(outboxIdOf(taskQueue, webhook.url));
    const { pendingActivities } = (await outbox.describe()).raw;
    return [
      `outbox status: ${JSON.stringify(await outbox.query(outboxStatusQuery))}`,
      `pending activities: ${JSON.stringify(pendingActivities)}`,
      `requests: ${discord.posts(webhook).length}`,
      `second worker output:\n${second?.output ?? '(not started)'}`,
    ].join('\n');
  };
  try {
    await first.waitFor(WORKER_READY);
    const handles = await Promise.all(
      Array.from({ length: BURST }, (_, index) =>
        client.workflow.start(sendNotification, {
          taskQueue,
          workflowId: `burst-${index + 1}-${randomUUID()}`,
          args: [{ content: `burst #${index + 1}\n${FILLER}` }],
        }),
      ),
    );
    await first.exited;
    expect(first.signal).toBe('SIGKILL');
    second = new WorkerProcess(env, workerPath);
    // Activities that were running in the killed worker come back after their start-to-close timeout (1 minute).
    const results = await Promise.all(handles.map((handle) => handle.result()));
    expect(results.every((result) => result.status === 'sent')).toBe(true);

    // Correlate by the numbers in each message's content.
    const messages = discord.emulator.messages(webhook.id);
    const byNumber = new Map<number, string[]>();
    for (const stored of messages) {
      for (const n of numbersOf(stored.message.content))
        byNumber.set(n, [...(byNumber.get(n) ?? []), stored.message.id]);
    }
    expect([...byNumber.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: BURST }, (_, i) => i + 1));
    const duplicates = [...byNumber]
      .filter(([, ids]) => ids.length > 1)
      .map(([n]) => n)
      .sort((a, b) => a - b);
    // Exactly the notifications of the message whose answer the kill cut off, each twice.
    expect(lostNumbers.length).toBeGreaterThan(0);
    expect(duplicates).toEqual([...lostNumbers].sort((a, b) => a - b));
    for (const n of duplicates) expect(byNumber.get(n)).toHaveLength(2);

    for (const [index, result] of results.entries()) {
      // Each run reports a message that holds its notification.
      expect(result.status === 'sent' && byNumber.get(index + 1)!.includes(result.messageId)).toBe(true);
    }
    // The outbox retried one turn, once (attempt 2, after the start-to-close timeout); every other turn went once.
    const outbox = await client.workflow.getHandle(outboxIdOf(taskQueue, webhook.url)).fetchHistory();
    expect(
      activityStarts(outbox)
        .filter((start) => start.attempt > 1)
        .map((start) => start.attempt),
    ).toEqual([2]);
    // That turn sent message #2 before the lost #3: the retry resumed after the answer it had recorded.
    expect(retriedTurn(outbox).slice(0, 2)).toEqual([numbersOf(messages[1]!.message.content), lostNumbers]);
    const posts = discord.posts(webhook);
    const lostRequest = posts.find(
      (post) => numbersOf((post.body as { content: string }).content)[0] === lostNumbers[0],
    );
    expect(lostRequest).toMatchObject({ status: 200 });
    expect(lostRequest!.at).toBeLessThanOrEqual(killedAt);
    console.log(
      `burst of ${BURST}: killed at message #${KILL_AT_MESSAGE} (notifications ${JSON.stringify(lostNumbers)}); ${messages.length} messages, ` +
        `${duplicates.length} duplicate(s) ${JSON.stringify(duplicates)}, ${posts.length} requests`,
    );
    describeUnfinished = undefined;
  } finally {
    unsubscribe();
    await first.kill('SIGKILL');
    await second?.kill('SIGTERM');
  }
});
