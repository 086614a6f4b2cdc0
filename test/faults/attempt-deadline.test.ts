// An attempt must end before its start-to-close timeout: Temporal does not tell a non-heartbeating activity that it
// timed out, it just schedules the retry. An attempt still waiting for Discord would then send alongside the retry,
// and both would post. These run the activity with a short start-to-close so the rule shows fast.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import type { WebhookMessage } from '../../src/discord/schemas';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { keyOf } from '../helpers/outbox';
import { testConfig } from '../helpers/temporal';

let discord: TestDiscord;

beforeAll(async () => {
  discord = await startTestDiscord();
});
afterAll(async () => {
  await discord.emulator.close();
});

// Forced garbage collection while the attempt waits: on Node 20 an `AbortSignal.timeout()` reachable only through
// `AbortSignal.any()` is collected and never fires (nodejs/node#57736), which silently removed the deadline.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const message: WebhookMessage = { content: 'deadline', allowed_mentions: { parse: [] } };

/** sendToDiscord with a 4-second start-to-close timeout and (by default) a 30-second DISCORD_TIMEOUT_MS. */
async function deliverWithShortStartToClose(
  webhookKey: string,
  env: Record<string, string>,
  startToCloseTimeoutMs = 4_000,
): Promise<unknown> {
  const activities = createActivities({ config: testConfig({ DISCORD_TIMEOUT_MS: '30000', ...env }) });
  const now = Date.now();
  const environment = new MockActivityEnvironment({
    startToCloseTimeoutMs,
    scheduleToCloseTimeoutMs: 900_000,
    scheduledTimestampMs: now,
    currentAttemptScheduledTimestampMs: now,
  });
  const gc = setInterval(collectGarbage, 200);
  let timer: NodeJS.Timeout | undefined;
  const stillRunning = new Promise(
    (resolve) => (timer = setTimeout(() => resolve('still running after 20 s'), 20_000)),
  );
  try {
    return await Promise.race([
      environment
        .run(activities.sendToDiscord, { webhookKey, requests: [{ channel: 'default', message }], notBeforeMs: 0 })
        .catch((error: unknown) => error),
      stillRunning,
    ]);
  } finally {
    clearInterval(gc);
    clearTimeout(timer);
  }
}

test('a request that hangs is abandoned before the start-to-close timeout, even when DISCORD_TIMEOUT_MS is longer', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Hangs' });
  discord.emulator.injectFault({ webhookId: webhook.id, action: { type: 'hang' } });
  const outcome = await deliverWithShortStartToClose(keyOf(webhook.url), discord.env({ default: webhook }));
  expect(outcome).toBeInstanceOf(ApplicationFailure);
  expect((outcome as ApplicationFailure).type).toBe('DiscordUnreachable');
  expect((outcome as ApplicationFailure).nonRetryable).toBe(false);
  // Aborted by the attempt's own deadline (start-to-close minus a margin), not by the 30-second request timeout.
  expect((outcome as ApplicationFailure).message).toBe(
    '[POST /webhooks/:id/:token] aborted: the attempt\'s time budget ran out (retried before Temporal\'s timeout) (channel "default")',
  );
  expect(discord.posts(webhook).map((post) => [post.fault ?? null, post.status])).toEqual([['hang', null]]);
});

test('the request timeout itself (DISCORD_TIMEOUT_MS) also survives garbage collection', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Slow' });
  discord.emulator.injectFault({ webhookId: webhook.id, action: { type: 'hang' } });
  const env = { ...discord.env({ default: webhook }), DISCORD_TIMEOUT_MS: '1000' };
  const outcome = await deliverWithShortStartToClose(keyOf(webhook.url), env, 60_000);
  expect(outcome).toBeInstanceOf(ApplicationFailure);
  expect((outcome as ApplicationFailure).message).toBe(
    '[POST /webhooks/:id/:token] timeout: no answer within 1000 ms (channel "default")',
  );
});
