// Permanent Discord errors (400/401/403/404/413): the workflow fails fast with Discord's code and reason, after one
// call; through notifySafely the campaign carries on and the failure is in its result. Nothing retries them.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { loadConfig } from '../../src/config';
import type { EmulatorWebhook, FaultAction } from '../../src/emulator';
import { campaignWithNotifications, campaignWithProgress, sendNotification } from '../../src/workflows';
import { outboxStatusQuery } from '../../src/workflows/queries';
import { routedWebhooks } from '../helpers/channels';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { EventType, eventsOf } from '../helpers/history-scan';
import { outboxIdOf } from '../helpers/outbox';
import { createTestClient, withWorker } from '../helpers/temporal';

let discord: TestDiscord;
/** An emulator that takes at most 600-byte bodies, so a plain notification gets a real 413/40005. */
let smallBodies: TestDiscord;
let client: Client;

beforeAll(async () => {
  [discord, smallBodies] = await Promise.all([startTestDiscord(), startTestDiscord({ maxBodyBytes: 600 })]);
  client = await createTestClient();
});
afterAll(async () => {
  await Promise.all([discord.emulator.close(), smallBodies.emulator.close()]);
  await client.connection.close();
});

const NESTED_FORM_ERROR = {
  code: 50035,
  message: 'Invalid Form Body',
  errors: {
    embeds: {
      '0': {
        fields: { '1': { value: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } } },
      },
    },
    content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
  },
};

interface Case {
  kind: string;
  /** Prepares the webhook; returns the worker environment. */
  setup(webhook: EmulatorWebhook): Promise<Record<string, string>> | Record<string, string>;
  discord?: () => TestDiscord;
  status: number;
  code: number;
  discordMessage: string;
  fields: { path: string; code: string; message: string }[];
  message: string;
}

const inject = (action: FaultAction) => (webhook: EmulatorWebhook) => {
  discord.emulator.injectFault({ webhookId: webhook.id, times: 10, action });
  return discord.env({ default: webhook });
};

const CASES: Case[] = [
  {
    kind: '400/50035 with a nested error tree (injected)',
    setup: inject({ type: 'status', status: 400, body: NESTED_FORM_ERROR }),
    status: 400,
    code: 50035,
    discordMessage: 'Invalid Form Body',
    fields: [
      { path: 'embeds.0.fields.1.value', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' },
      { path: 'content', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' },
    ],
    message:
      '[POST /webhooks/:id/:token] 400 Invalid Form Body (50035): embeds.0.fields.1.value: This field is required (BASE_TYPE_REQUIRED); content: Must be 2000 or fewer in length. (BASE_TYPE_MAX_LENGTH) (channel "default")',
  },
  {
    kind: '401/50027 for a channel URL with a wrong token',
    setup: (webhook) => {
      const wrong = { ...webhook, url: webhook.url.replace(webhook.token, `wrong-${webhook.token.slice(6)}`) };
      return discord.env({ default: wrong });
    },
    status: 401,
    code: 50027,
    discordMessage: 'Invalid Webhook Token',
    fields: [],
    message: '[POST /webhooks/:id/:token] 401 Invalid Webhook Token (50027) (channel "default")',
  },
  {
    kind: '403/50013 (injected)',
    setup: inject({ type: 'status', status: 403, body: { message: 'Missing Permissions', code: 50013 } }),
    status: 403,
    code: 50013,
    discordMessage: 'Missing Permissions',
    fields: [],
    message: '[POST /webhooks/:id/:token] 403 Missing Permissions (50013) (channel "default")',
  },
  {
    kind: '404/10015 for a deleted webhook',
    setup: async (webhook) => {
      await fetch(webhook.url, { method: 'DELETE', headers: { 'user-agent': 'test' } });
      return discord.env({ default: webhook });
    },
    status: 404,
    code: 10015,
    discordMessage: 'Unknown Webhook',
    fields: [],
    message: '[POST /webhooks/:id/:token] 404 Unknown Webhook (10015) (channel "default")',
  },
  {
    kind: '413/40005 for a body over the size limit',
    discord: () => smallBodies,
    setup: (webhook) => smallBodies.env({ default: webhook }),
    status: 413,
    code: 40005,
    discordMessage: 'Request entity too large',
    fields: [],
    message: '[POST /webhooks/:id/:token] 413 Request entity too large (40005) (channel "default")',
  },
];

test.each(CASES)(
  '$kind: fails after one call, non-retryable, with the code and reason',
  async ({ setup, status, code, discordMessage, fields, message, ...rest }) => {
    const target = (rest.discord ?? (() => discord))();
    const webhook = target.emulator.createWebhook({ name: 'Permanent' });
    const env = await setup(webhook);
    const workflowId = `permanent-${randomUUID()}`;
    let outboxId = '';
    const error = await withWorker({ env }, async ({ taskQueue }) => {
      outboxId = outboxIdOf(taskQueue, env.DISCORD_WEBHOOK_URL!);
      return client.workflow
        .execute(sendNotification, {
          taskQueue,
          workflowId,
          args: [{ content: `permanent ${'x'.repeat(700)}`, title: 'T' }],
        })
        .catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('DiscordRejected');
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toBe(message);
    expect(cause.details).toEqual([{ channel: 'default', status, code, discordMessage, fields }]);
    // In the outbox that made the request, the activity failed once, not to be retried.
    expect(await activityFailures(outboxId)).toEqual([{ retryState: NON_RETRYABLE, type: 'DiscordRejected' }]);
    // Exactly one request reached the webhook: the dead or refusing webhook is not called again.
    const requests = target.emulator.requests({ webhookId: webhook.id });
    expect(requests.filter((request) => request.route === 'POST /webhooks/:id/:token').map((r) => r.status)).toEqual([
      status,
    ]);
    expect(target.emulator.messages(webhook.id)).toHaveLength(0);
  },
);

// A username or avatar URL Discord would refuse stops the worker at start-up, instead of failing every delivery.
test('DISCORD_USERNAME=everyone and an over-long DISCORD_AVATAR_URL are refused at start-up', () => {
  expect(() => loadConfig({ DISCORD_USERNAME: 'everyone' })).toThrow(/DISCORD_USERNAME/);
  expect(() => loadConfig({ DISCORD_AVATAR_URL: `https://cdn.example.com/${'a'.repeat(2_048)}.png` })).toThrow(
    /DISCORD_AVATAR_URL/,
  );
});

/** The sendToDiscord activity failures recorded in an outbox's history: their retry state and cause. */
async function activityFailures(workflowId: string) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return eventsOf(history, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED).map((event) => {
    const failed = event.activityTaskFailedEventAttributes!;
    return { retryState: failed.retryState, type: failed.failure?.applicationFailureInfo?.type };
  });
}

const NON_RETRYABLE = 2; // temporal.api.enums.v1.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE

test('a wrong campaigns token never fails the campaign: one request, and every notification fails in the outbox with the reason', async () => {
  const routes = routedWebhooks(discord);
  const campaigns = routes.webhooks.campaigns;
  const env = { ...routes.env, DISCORD_WEBHOOK_URL_CAMPAIGNS: campaigns.url.replace(campaigns.token, 'wrong-token') };
  const workflowId = `safe-${randomUUID()}`;
  const { result, later, outboxId, status } = await withWorker({ env }, async ({ taskQueue }) => {
    const result = await client.workflow.execute(campaignWithNotifications, {
      taskQueue,
      workflowId,
      args: [{ campaignName: 'Quiet', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 10, items: 3 }] }],
    });
    // A notification handed off after them waits its turn behind them: when it is settled, so are they.
    const later = await client.workflow
      .execute(sendNotification, {
        taskQueue,
        workflowId: `later-${randomUUID()}`,
        args: [{ channel: 'campaigns', content: 'x' }],
      })
      .catch((e: unknown) => e);
    const outboxId = outboxIdOf(taskQueue, env.DISCORD_WEBHOOK_URL_CAMPAIGNS);
    const status = await client.workflow.getHandle(outboxId).query(outboxStatusQuery);
    return { result, later, outboxId, status };
  });
  const queued = { status: 'queued', channel: 'campaigns', outboxId, itemId: expect.any(String) };
  expect(result).toEqual({
    status: 'completed',
    campaignName: 'Quiet',
    result: { total: 3, success: 3, failed: 0 },
    notifications: { started: queued, completed: queued },
  });
  // Discord said the token is wrong: the outbox stops calling it (a ban counts such answers) and fails what waits,
  // and what comes later, with Discord's reason.
  expect(discord.posts(campaigns).map((post) => post.status)).toEqual([401]);
  expect(((later as WorkflowFailedError).cause as ApplicationFailure).details).toEqual([
    { channel: 'campaigns', status: 401, code: 50027, discordMessage: 'Invalid Webhook Token', fields: [] },
  ]);
  expect(status).toMatchObject({ delivered: 0, failed: 3, pending: 0 });
  expect(status.webhookGone?.error).toMatchObject({ type: 'DiscordRejected', status: 401, code: 50027 });
  expect(status.recentFailures.slice(0, 2).map((failure) => failure.error.message)).toEqual([
    '[POST /webhooks/:id/:token] 401 Invalid Webhook Token (50027) (channel "campaigns")',
    '[POST /webhooks/:id/:token] 401 Invalid Webhook Token (50027) (channel "campaigns")',
  ]);
  expect(await activityFailures(outboxId)).toEqual([{ retryState: NON_RETRYABLE, type: 'DiscordRejected' }]);
});

test('a failing step whose error alert gets 403 still fails as CampaignFailed; the alert fails in the errors outbox', async () => {
  const routes = routedWebhooks(discord);
  const errors = routes.webhooks.errors;
  discord.emulator.injectFault({
    webhookId: errors.id,
    action: { type: 'status', status: 403, body: { message: 'Missing Permissions', code: 50013 } },
  });
  const { error, probe, status } = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const error = await client.workflow
      .execute(campaignWithNotifications, {
        taskQueue,
        workflowId: `safe-${randomUUID()}`,
        args: [
          {
            campaignName: 'Spring',
            workflowType: 'simulatedCampaignStep',
            args: [{ durationMs: 10, fail: 'CRM down' }],
          },
        ],
      })
      .catch((e: unknown) => e);
    // Handed off after the alert, so settled after it: by then the alert's outcome is in the outbox.
    const probe = await client.workflow.execute(sendNotification, {
      taskQueue,
      workflowId: `probe-${randomUUID()}`,
      args: [{ channel: 'errors', content: 'probe' }],
    });
    const status = await client.workflow.getHandle(outboxIdOf(taskQueue, errors.url)).query(outboxStatusQuery);
    return { error, probe, status };
  });
  const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('CampaignFailed');
  expect(cause.message).toBe('Campaign "Spring" failed at step simulatedCampaignStep: CRM down');
  const queued = (channel: string) => ({
    status: 'queued',
    channel,
    outboxId: expect.any(String),
    itemId: expect.any(String),
  });
  expect(cause.details).toEqual([
    { step: 'simulatedCampaignStep', notifications: { started: queued('campaigns'), errorAlert: queued('errors') } },
  ]);
  expect(probe.status).toBe('sent');
  expect(discord.posts(errors).map((post) => post.status)).toEqual([403, 200]);
  expect(status).toMatchObject({ delivered: 1, failed: 1 });
  expect(status.recentFailures.map((failure) => failure.error)).toEqual([
    {
      type: 'DiscordRejected',
      message: '[POST /webhooks/:id/:token] 403 Missing Permissions (50013) (channel "errors")',
      status: 403,
      code: 50013,
      discordMessage: 'Missing Permissions',
      fields: [],
    },
  ]);
});

test('a progress message Discord refuses (400) never fails the campaign; each refused state fails in the outbox', async () => {
  const routes = routedWebhooks(discord);
  const campaigns = routes.webhooks.campaigns;
  discord.emulator.injectFault({
    webhookId: campaigns.id,
    times: 10,
    action: { type: 'status', status: 400, body: NESTED_FORM_ERROR },
  });
  const steps = ['Build', 'Send'].map((name) => ({
    name,
    workflowType: 'simulatedCampaignStep',
    args: [{ durationMs: 10 }],
  }));
  const workflowId = `safe-${randomUUID()}`;
  const { result, status } = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const result = await client.workflow.execute(campaignWithProgress, {
      taskQueue,
      workflowId,
      args: [{ campaignName: 'Launch', steps }],
    });
    // Handed off after the progress states, so settled after them (it is refused as well).
    await client.workflow
      .execute(sendNotification, {
        taskQueue,
        workflowId: `probe-${randomUUID()}`,
        args: [{ channel: 'campaigns', content: 'probe' }],
      })
      .catch(() => undefined);
    const status = await client.workflow.getHandle(outboxIdOf(taskQueue, campaigns.url)).query(outboxStatusQuery);
    return { result, status };
  });
  expect(result).toEqual({
    status: 'completed',
    campaignName: 'Launch',
    results: [
      { total: 10, success: 10, failed: 0 },
      { total: 10, success: 10, failed: 0 },
    ],
    progressMessage: { key: `${workflowId}/progress/1`, messageId: undefined, updates: 3, failures: 0 },
  });
  // 0 %, 50 %, 100 % and the probe: every request was refused once; a state replaced while waiting never went out.
  const refused = discord.posts(campaigns).map((post) => post.status);
  expect(refused.every((code) => code === 400)).toBe(true);
  expect(refused.length + status.coalesced).toBe(4);
  expect(status).toMatchObject({ delivered: 0, failed: refused.length, received: 4 });
});
