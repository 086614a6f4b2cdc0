// The outbox's send activity on its own (MockActivityEnvironment) against the project's Discord emulator: a turn of
// requests in order, from notBeforeMs, through an exhausted bucket; its progress recorded after each answer and
// resumed by a retry; a refusal mid-turn carrying the answers before it; a 429 reported by the attempt that succeeds.
import { ActivityCancelledError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities, type RefusedTurn, type SendInput, type SendOutcome } from '../../src/activities';
import type { SendProgress } from '../../src/activities/send-progress';
import type { WebhookMessage } from '../../src/discord/schemas';
import type { EmulatorWebhook } from '../../src/emulator';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { keyOf } from '../helpers/outbox';
import { testConfig } from '../helpers/temporal';

let discord: TestDiscord;
beforeAll(async () => {
  discord = await startTestDiscord({ channelRateLimit: null });
});
afterAll(async () => {
  await discord.emulator.close();
});

const POST = 'POST /webhooks/:id/:token';
const message = (content: string): WebhookMessage => ({ content, allowed_mentions: { parse: [] } });
const turnOf = (webhook: EmulatorWebhook, contents: string[], notBeforeMs = 0): SendInput => ({
  webhookKey: keyOf(webhook.url),
  requests: contents.map((content) => ({ channel: 'default', message: message(content) })),
  notBeforeMs,
});

/** An attempt with a minute to run (the outbox's start-to-close), scheduled now. */
const info = (extra: { attempt?: number; heartbeatDetails?: unknown } = {}) => ({
  startToCloseTimeoutMs: 60_000,
  scheduleToCloseTimeoutMs: 0,
  scheduledTimestampMs: Date.now(),
  attempt: extra.attempt ?? 1,
  heartbeatDetails: extra.heartbeatDetails,
});

/** A stand-in for the worker's client: only what the activity uses (an awaited heartbeat). */
const clientWith = (heartbeat: (token: Uint8Array, details: SendProgress) => Promise<void>): Client =>
  ({ activity: { heartbeat }, withAbortSignal: <R>(_signal: AbortSignal, fn: () => R) => fn() }) as unknown as Client;

/**
 * Runs one attempt of the activity; `recorded` collects what it records on the server (its awaited heartbeats), or
 * `heartbeat` answers them instead (e.g. with a cancellation).
 */
async function attempt(
  webhook: EmulatorWebhook,
  input: SendInput,
  options: { attempt?: number; heartbeatDetails?: unknown; heartbeat?: () => Promise<void> } = {},
): Promise<{ outcome: SendOutcome | ApplicationFailure; recorded: SendProgress[] }> {
  const recorded: SendProgress[] = [];
  const client = clientWith(
    options.heartbeat ??
      ((_token, details) => {
        recorded.push(structuredClone(details));
        return Promise.resolve();
      }),
  );
  const environment = new MockActivityEnvironment(info(options), { client });
  const activities = createActivities({ config: testConfig(discord.env({ default: webhook })) });
  const outcome = await environment
    .run<[SendInput], SendOutcome, typeof activities.sendToDiscord>(activities.sendToDiscord, input)
    .catch((error: unknown) => {
      if (error instanceof ApplicationFailure) return error;
      throw error;
    });
  return { outcome, recorded };
}

/** The server's answer to a heartbeat of a cancelled activity. */
const cancelled = () => Promise.reject(new ActivityCancelledError('cancelled'));

const contentsPosted = (webhook: EmulatorWebhook) =>
  discord.emulator
    .requests({ webhookId: webhook.id })
    .filter((request) => request.route === POST && request.status === 200)
    .map((request) => (request.body as { content: string }).content);

test('sends the turn in order and records each answer but the last before going on', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Turn' });
  const { outcome, recorded } = await attempt(webhook, turnOf(webhook, ['a', 'b', 'c']));
  const stored = discord.emulator.messages(webhook.id);
  expect(contentsPosted(webhook)).toEqual(['a', 'b', 'c']);
  expect(outcome).toMatchObject({
    attempt: 1,
    results: stored.map((one, index) => ({ messageId: one.message.id, remaining: 4 - index, limit: 5 })),
  });
  const { results } = outcome as SendOutcome;
  expect(recorded).toEqual([{ done: results.slice(0, 1) }, { done: results.slice(0, 2) }]);
});

test('waits until notBeforeMs before the first request', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Later' });
  const notBeforeMs = Date.now() + 400;
  await attempt(webhook, turnOf(webhook, ['later'], notBeforeMs));
  const [request] = discord.emulator.requests({ webhookId: webhook.id });
  expect(request!.at).toBeGreaterThanOrEqual(notBeforeMs);
});

test('an exhausted bucket mid-turn is waited out: 7 requests, no 429', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Seven' });
  const contents = Array.from({ length: 7 }, (_, i) => `m${i + 1}`);
  const { outcome } = await attempt(webhook, turnOf(webhook, contents));
  expect(discord.emulator.requests({ webhookId: webhook.id }).map((request) => request.status)).toEqual(
    Array(7).fill(200),
  );
  expect(contentsPosted(webhook)).toEqual(contents);
  expect((outcome as SendOutcome).results.map((result) => result.remaining)).toEqual([4, 3, 2, 1, 0, 4, 3]);
});

test('a retry resumes after the answers the failed attempt recorded: nothing is posted twice', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Resume' });
  // The second request meets a 503: the first attempt fails (retryable) after recording the first answer.
  const unsubscribe = discord.emulator.onEvent((event) => {
    if (event.type === 'message-created' && event.webhookId === webhook.id) {
      discord.emulator.injectFault({ webhookId: webhook.id, action: { type: 'status', status: 503 } });
      unsubscribe();
    }
  });
  const input = turnOf(webhook, ['one', 'two', 'three']);
  const first = await attempt(webhook, input);
  expect(first.outcome).toBeInstanceOf(ApplicationFailure);
  expect((first.outcome as ApplicationFailure).type).toBe('DiscordUnavailable');
  expect(first.recorded).toHaveLength(1);
  const retry = await attempt(webhook, input, { attempt: 2, heartbeatDetails: first.recorded.at(-1) });
  expect(contentsPosted(webhook)).toEqual(['one', 'two', 'three']);
  const ids = discord.emulator.messages(webhook.id).map((one) => one.message.id);
  expect((retry.outcome as SendOutcome).results.map((result) => result.messageId)).toEqual(ids);
  expect((retry.outcome as SendOutcome).attempt).toBe(2);
});

test('a refusal mid-turn fails the activity for good with the answers before it; nothing after it is sent', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Refused' });
  const unsubscribe = discord.emulator.onEvent((event) => {
    if (event.type === 'message-created' && event.webhookId === webhook.id) {
      const body = { code: 50006, message: 'Cannot send an empty message' };
      discord.emulator.injectFault({ webhookId: webhook.id, action: { type: 'status', status: 400, body } });
      unsubscribe();
    }
  });
  const { outcome } = await attempt(webhook, turnOf(webhook, ['kept', 'refused', 'not sent']));
  expect(outcome).toBeInstanceOf(ApplicationFailure);
  const failure = outcome as ApplicationFailure;
  expect(failure.type).toBe('DiscordRejected');
  expect(failure.nonRetryable).toBe(true);
  expect(failure.details?.[0]).toMatchObject({ status: 400, code: 50006 });
  const turn = failure.details?.[1] as RefusedTurn;
  expect(turn.index).toBe(1);
  expect(turn.answered.map((result) => result.messageId)).toEqual([
    discord.emulator.messages(webhook.id)[0]!.message.id,
  ]);
  expect(discord.emulator.requests({ webhookId: webhook.id }).map((request) => request.status)).toEqual([200, 400]);
});

test('a 429 fails the attempt with retry_after as the next delay; the retry reports it with the answer', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Limited' });
  const unsubscribe = discord.emulator.onEvent((event) => {
    if (event.type === 'message-created' && event.webhookId === webhook.id) {
      discord.emulator.injectFault({
        webhookId: webhook.id,
        action: { type: 'rate-limit', retryAfterS: 0.25, scope: 'shared' },
      });
      unsubscribe();
    }
  });
  const input = turnOf(webhook, ['first', 'second']);
  const first = await attempt(webhook, input);
  expect((first.outcome as ApplicationFailure).type).toBe('DiscordRateLimited');
  expect((first.outcome as ApplicationFailure).nextRetryDelay).toBe(250);
  const recorded = first.recorded.at(-1)!;
  expect(recorded.rateLimited).toEqual({ index: 1, scope: 'shared', retryAfterMs: 250 });
  const retry = await attempt(webhook, input, { attempt: 2, heartbeatDetails: recorded });
  const results = (retry.outcome as SendOutcome).results;
  expect(results[0]!.rateLimited).toBeUndefined();
  expect(results[1]!.rateLimited).toEqual({ scope: 'shared', retryAfterMs: 250 });
  expect(contentsPosted(webhook)).toEqual(['first', 'second']);
});

test('cancelled between requests (the heartbeat says so): returns what was answered, sends no more', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Cancelled' });
  const { outcome } = await attempt(webhook, turnOf(webhook, ['sent', 'held back']), { heartbeat: cancelled });
  expect(contentsPosted(webhook)).toEqual(['sent']);
  expect((outcome as SendOutcome).results).toHaveLength(1);
});

test('a webhook this worker does not know, and a message over the limits, fail for good before any request', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Unknown' });
  const other = discord.emulator.createWebhook({ name: 'Other' });
  const unknown = await attempt(other, turnOf(webhook, ['x']));
  expect((unknown.outcome as ApplicationFailure).type).toBe('WebhookNotConfigured');
  expect((unknown.outcome as ApplicationFailure).details?.[1]).toEqual({ answered: [], index: 0 });
  const tooLong = turnOf(webhook, ['fine', 'x'.repeat(2_001)]);
  const invalid = await attempt(webhook, tooLong);
  expect((invalid.outcome as ApplicationFailure).type).toBe('InvalidMessage');
  expect(((invalid.outcome as ApplicationFailure).details?.[1] as RefusedTurn).index).toBe(1);
  expect(contentsPosted(webhook)).toEqual(['fine']);
});

test('cancelled while it waits for notBeforeMs (checked every second): sends nothing', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'CancelledEarly' });
  const { outcome } = await attempt(webhook, turnOf(webhook, ['never'], Date.now() + 1_500), { heartbeat: cancelled });
  expect(outcome).toEqual({ results: [], attempt: 1 });
  expect(discord.emulator.requests({ webhookId: webhook.id })).toEqual([]);
});

test('a request scheduled by an outbox from before turns (one message, no list) is sent as a turn of one', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Legacy' });
  const legacy = { webhookKey: keyOf(webhook.url), channel: 'default', message: message('legacy') };
  const { outcome } = await attempt(webhook, legacy as unknown as SendInput);
  expect(contentsPosted(webhook)).toEqual(['legacy']);
  expect((outcome as SendOutcome).results).toHaveLength(1);
  const broken = await attempt(webhook, { webhookKey: keyOf(webhook.url) } as unknown as SendInput);
  expect((broken.outcome as ApplicationFailure).type).toBe('InvalidInput');
  expect((broken.outcome as ApplicationFailure).nonRetryable).toBe(true);
});
