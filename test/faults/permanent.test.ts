// Permanent Discord errors (400/401/403/404/413): the workflow fails fast with Discord's code and reason, after one
// call; through notifySafely the campaign carries on and the failure is in its result. Nothing retries them.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { loadConfig } from '../../src/config';
import type { EmulatorWebhook, FaultAction } from '../../src/emulator';
import { campaignWithNotifications, campaignWithProgress, sendNotification } from '../../src/workflows';
import { routedWebhooks } from '../helpers/channels';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { EventType, eventsOf } from '../helpers/history-scan';
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
  '$kind: fails within 20 s after one call, non-retryable, with the code and reason',
  async ({ setup, status, code, discordMessage, fields, message, ...rest }) => {
    const target = (rest.discord ?? (() => discord))();
    const webhook = target.emulator.createWebhook({ name: 'Permanent' });
    const env = await setup(webhook);
    const workflowId = `permanent-${randomUUID()}`;
    let elapsedMs = 0;
    const error = await withWorker({ env }, async ({ taskQueue }) => {
      const started = Date.now();
      const outcome = await client.workflow
        .execute(sendNotification, {
          taskQueue,
          workflowId,
          args: [{ content: `permanent ${'x'.repeat(700)}`, title: 'T' }],
        })
        .catch((e: unknown) => e);
      elapsedMs = Date.now() - started;
      return outcome;
    });
    expect(elapsedMs).toBeLessThan(20_000);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activity = (error as WorkflowFailedError).cause as ActivityFailure;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect(activity.retryState).toBe(RetryState.NON_RETRYABLE_FAILURE);
    const cause = activity.cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('DiscordRejected');
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toBe(message);
    expect(cause.details).toEqual([{ channel: 'default', status, code, discordMessage, fields }]);
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

/** The deliverMessage activity failures recorded in a run's history: their retry state and cause. */
async function activityFailures(workflowId: string) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return eventsOf(history, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED).map((event) => {
    const failed = event.activityTaskFailedEventAttributes!;
    return { retryState: failed.retryState, type: failed.failure?.applicationFailureInfo?.type };
  });
}

const NON_RETRYABLE = 2; // temporal.api.enums.v1.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE

test('notifySafely: a wrong campaigns token never fails the campaign; both failures are in the result, one call each', async () => {
  const routes = routedWebhooks(discord);
  const campaigns = routes.webhooks.campaigns;
  const env = { ...routes.env, DISCORD_WEBHOOK_URL_CAMPAIGNS: campaigns.url.replace(campaigns.token, 'wrong-token') };
  const workflowId = `safe-${randomUUID()}`;
  const started = Date.now();
  const result = await withWorker({ env }, ({ taskQueue }) =>
    client.workflow.execute(campaignWithNotifications, {
      taskQueue,
      workflowId,
      args: [{ campaignName: 'Quiet', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 10, items: 3 }] }],
    }),
  );
  expect(Date.now() - started).toBeLessThan(20_000);
  const failed = {
    status: 'failed',
    channel: 'campaigns',
    error: {
      type: 'DiscordRejected',
      code: 50027,
      message: '[POST /webhooks/:id/:token] 401 Invalid Webhook Token (50027) (channel "campaigns")',
    },
  };
  expect(result).toEqual({
    status: 'completed',
    campaignName: 'Quiet',
    result: { total: 3, success: 3, failed: 0 },
    notifications: { started: failed, completed: failed },
  });
  expect(discord.posts(campaigns).map((post) => post.status)).toEqual([401, 401]);
  expect(await activityFailures(workflowId)).toEqual([
    { retryState: NON_RETRYABLE, type: 'DiscordRejected' },
    { retryState: NON_RETRYABLE, type: 'DiscordRejected' },
  ]);
});

test('notifySafely: a failing step whose error alert gets 403 still fails as CampaignFailed, the alert failure in its details', async () => {
  const routes = routedWebhooks(discord);
  discord.emulator.injectFault({
    webhookId: routes.webhooks.errors.id,
    action: { type: 'status', status: 403, body: { message: 'Missing Permissions', code: 50013 } },
  });
  const error = await withWorker({ env: routes.env }, ({ taskQueue }) =>
    client.workflow
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
      .catch((e: unknown) => e),
  );
  const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('CampaignFailed');
  expect(cause.message).toBe('Campaign "Spring" failed at step simulatedCampaignStep: CRM down');
  expect(cause.details).toEqual([
    {
      step: 'simulatedCampaignStep',
      notifications: {
        started: {
          status: 'sent',
          channel: 'campaigns',
          messageId: expect.any(String),
          messageIds: [expect.any(String)],
        },
        errorAlert: {
          status: 'failed',
          channel: 'errors',
          error: {
            type: 'DiscordRejected',
            code: 50013,
            message: '[POST /webhooks/:id/:token] 403 Missing Permissions (50013) (channel "errors")',
          },
        },
      },
    },
  ]);
  expect(discord.posts(routes.webhooks.errors).map((post) => post.status)).toEqual([403]);
});

test('ProgressMessage: a progress message Discord refuses (400) is counted as failures; the campaign completes', async () => {
  const routes = routedWebhooks(discord);
  discord.emulator.injectFault({
    webhookId: routes.webhooks.campaigns.id,
    times: 10,
    action: { type: 'status', status: 400, body: NESTED_FORM_ERROR },
  });
  const steps = ['Build', 'Send'].map((name) => ({
    name,
    workflowType: 'simulatedCampaignStep',
    args: [{ durationMs: 10 }],
  }));
  const result = await withWorker({ env: routes.env }, ({ taskQueue }) =>
    client.workflow.execute(campaignWithProgress, {
      taskQueue,
      workflowId: `safe-${randomUUID()}`,
      args: [{ campaignName: 'Launch', steps }],
    }),
  );
  expect(result).toEqual({
    status: 'completed',
    campaignName: 'Launch',
    results: [
      { total: 10, success: 10, failed: 0 },
      { total: 10, success: 10, failed: 0 },
    ],
    progressMessage: { posts: 0, edits: 0, failures: 3 },
  });
  // 0 %, 50 %, 100 %: each update tries one post (nothing to edit yet) and is refused once.
  expect(discord.posts(routes.webhooks.campaigns).map((post) => post.status)).toEqual([400, 400, 400]);
});
