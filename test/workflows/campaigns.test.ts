import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { CancelledFailure, type ApplicationFailure } from '@temporalio/common';
import {
  campaignWithNotifications,
  campaignWithProgress,
  sendNotification,
  simulatedCampaignStep,
} from '../../src/workflows';
import { progressQuery, type CampaignProgress } from '../../src/workflows/queries';
import type { RoutedWebhooks } from '../helpers/channels';
import { answeredRequests, messageWhere, type TestDiscord } from '../helpers/emulator';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
import { eventually } from '../cli/helpers';
import { withWorker } from '../helpers/temporal';
import { useRoutedSuite } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;
let routes: RoutedWebhooks;
const { execute } = useRoutedSuite((suite) => ({ discord, client, routes } = suite));

type Embed = { title: string; description: string; color: number; author?: { name: string }; fields?: unknown[] };
type Body = { content: string; embeds: Embed[] };
const requestsOf = (channel: keyof RoutedWebhooks['webhooks']) =>
  discord.emulator.requests({ webhookId: routes.webhooks[channel].id });
/** Campaigns never wait for their messages: the tests wait for the channel's outbox to deliver them. */
const delivered = (channel: keyof RoutedWebhooks['webhooks'], count: number) =>
  answeredRequests(discord.emulator, routes.webhooks[channel].id, count);
const queued = (channel: string) => ({
  status: 'queued',
  channel,
  outboxId: expect.stringMatching(/^discord-outbox-/),
  itemId: expect.any(String),
});

test('simulatedCampaignStep returns its counts', async () => {
  const result = await execute(simulatedCampaignStep, [{ durationMs: 10, items: 12, failedItems: 2 }], 'step');
  expect(result).toEqual({ total: 12, success: 10, failed: 2 });
});

test('campaign with notifications: started, then complete with the step counts, in the campaigns channel', async () => {
  const result = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const result = await client.workflow.execute(campaignWithNotifications, {
      taskQueue,
      workflowId: `cwn-${randomUUID()}`,
      args: [
        {
          campaignName: 'Black Friday',
          workflowType: 'simulatedCampaignStep',
          args: [{ durationMs: 50, items: 1500, failedItems: 3 }],
        },
      ],
    });
    await delivered('campaigns', 2);
    return result;
  });
  expect(result).toMatchObject({
    status: 'completed',
    campaignName: 'Black Friday',
    result: { total: 1500, success: 1497, failed: 3 },
    notifications: { started: queued('campaigns'), completed: queued('campaigns') },
  });
  const bodies = requestsOf('campaigns').map((request) => request.body as Body);
  expect(bodies.map((body) => body.content)).toEqual(['🚀 **Campaign Started**', '✅ **Campaign Complete**']);
  expect(bodies[0]!.embeds[0]).toMatchObject({
    author: { name: 'Black Friday' },
    title: 'Marketing Campaign Execution',
    description: 'Starting daily marketing automation...',
    color: 0x0099ff,
  });
  expect(bodies[1]!.embeds[0]).toMatchObject({
    title: 'Execution Successful',
    description: 'Processed 1,500 items',
    color: 0x00ff00,
    fields: [
      { name: 'Success', value: '1,497', inline: true },
      { name: 'Failed', value: '3', inline: true },
    ],
  });
  for (const body of bodies)
    expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
});

test('a failing step: started message, an error alert naming the step in errors, then the campaign fails', async () => {
  const error = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const error = await client.workflow
      .execute(campaignWithNotifications, {
        taskQueue,
        workflowId: `cwn-${randomUUID()}`,
        args: [
          {
            campaignName: 'Spring Sale',
            workflowType: 'simulatedCampaignStep',
            args: [{ durationMs: 10, fail: 'CRM quota exceeded' }],
          },
        ],
      })
      .catch((e: unknown) => e);
    await Promise.all([delivered('campaigns', 1), delivered('errors', 1)]);
    return error;
  });
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('CampaignFailed');
  expect(cause.message).toBe('Campaign "Spring Sale" failed at step simulatedCampaignStep: CRM quota exceeded');
  expect(requestsOf('campaigns').map((request) => (request.body as Body).content)).toEqual(['🚀 **Campaign Started**']);
  const [alert] = requestsOf('errors').map((request) => request.body as Body);
  expect(alert!.content).toBe('❌ **Flow Error Alert**');
  expect(alert!.embeds[0]).toMatchObject({
    title: 'Error in Spring Sale',
    description: 'CRM quota exceeded',
    fields: [{ name: 'Details', value: 'Failed at step: simulatedCampaignStep', inline: false }, { name: 'Time' }],
  });
});

test('a dead campaigns webhook never fails the campaign; its outbox calls it once and fails what it holds', async () => {
  await fetch(routes.webhooks.campaigns.url, { method: 'DELETE', headers: { 'user-agent': 'test' } });
  const { result, probe } = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const result = await client.workflow.execute(campaignWithNotifications, {
      taskQueue,
      workflowId: `cwn-${randomUUID()}`,
      args: [{ campaignName: 'Quiet', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 10 }] }],
    });
    // A notification that waits for its receipt, handed off after both campaign messages: settled after them.
    const probe = await client.workflow
      .execute(sendNotification, {
        taskQueue,
        workflowId: `probe-${randomUUID()}`,
        args: [{ channel: 'campaigns', content: 'x' }],
      })
      .catch((e: unknown) => e);
    return { result, probe };
  });
  expect(result.status).toBe('completed');
  expect(result.notifications).toEqual({ started: queued('campaigns'), completed: queued('campaigns') });
  expect(((probe as WorkflowFailedError).cause as ApplicationFailure).details?.[0]).toMatchObject({ code: 10015 });
  // One call in all: Discord said the webhook is gone, so it is not called again for a while.
  expect(discord.posts(routes.webhooks.campaigns)).toHaveLength(1);
});

test('an unknown step type on our own task queue is invalid input', async () => {
  const error = await execute(
    campaignWithNotifications,
    [{ campaignName: 'X', workflowType: 'noSuchWorkflow' }],
    'cwn',
  ).catch((e: unknown) => e);
  const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('InvalidInput');
  expect(cause.message).toContain('workflowType: "noSuchWorkflow" is not a workflow of this worker');
  expect(requestsOf('campaigns')).toHaveLength(0);
});

const threeSteps = (durationMs: number, failAt?: number) =>
  ['Build audience', 'Send emails', 'Report'].map((name, index) => ({
    name,
    workflowType: 'simulatedCampaignStep',
    args: [{ durationMs, ...(index === failAt && { fail: `${name} broke` }) }],
  }));

test('progress: ONE message posted at 0% and edited in place to 100%, with a progress query', async () => {
  const workflowId = `cwp-${randomUUID()}`;
  const seen: CampaignProgress[] = [];
  // The message states are the events: the query is asked while each one is shown (a step lasts 1.5 s).
  const shown = (title: string) =>
    messageWhere(discord.emulator, routes.webhooks.campaigns.id, (m) => m.message.embeds[0]?.title === title);
  const started = shown('Progress: 0%');
  const oneDone = shown('Progress: 33%');
  const result = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const handle = await client.workflow.start(campaignWithProgress, {
      taskQueue,
      workflowId,
      args: [{ campaignName: 'Launch', steps: threeSteps(1_500) }],
    });
    await started;
    seen.push(await handle.query(progressQuery));
    await oneDone;
    seen.push(await handle.query(progressQuery));
    const result = await handle.result();
    await messageWhere(
      discord.emulator,
      routes.webhooks.campaigns.id,
      (m) => m.message.embeds[0]?.title === 'Progress: 100%',
    );
    return result;
  });
  expect(seen[0]).toEqual({ completed: 0, total: 3, percent: 0, currentStep: 'Build audience', status: 'running' });
  expect(seen[1]).toEqual({ completed: 1, total: 3, percent: 33, currentStep: 'Send emails', status: 'running' });
  const requests = requestsOf('campaigns');
  expect(requests.map((request) => request.method)).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH']);
  const messageId = (requests[0]!.responseBody as { id: string }).id;
  for (const patch of requests.slice(1)) expect(patch.path.endsWith(`/messages/${messageId}`)).toBe(true);
  const bodies = requests.map((request) => request.body as Body);
  expect(bodies.map((body) => body.embeds[0]!.title)).toEqual([
    'Progress: 0%',
    'Progress: 33%',
    'Progress: 67%',
    'Progress: 100%',
  ]);
  expect(bodies.map((body) => body.content)).toEqual([
    '🚀 Starting campaign...',
    '📊 Step 1 complete',
    '📊 Step 2 complete',
    '✅ All steps complete!',
  ]);
  expect(bodies.map((body) => body.embeds[0]!.color)).toEqual([0x0099ff, 0x0099ff, 0x0099ff, 0x00ff00]);
  expect(result).toMatchObject({
    status: 'completed',
    progressMessage: { key: `${workflowId}/progress/1`, messageId, updates: 4, failures: 0 },
  });
  const stored = discord.emulator.messages(routes.webhooks.campaigns.id);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.editCount).toBe(3);
  for (const body of bodies)
    expect(validateAgainstDiscordSpec('IncomingWebhookUpdateRequestPartial', body).errors).toEqual([]);
});

test('progress failure: the message turns red naming the step, an error alert follows, the workflow fails', async () => {
  const workflowId = `cwp-${randomUUID()}`;
  let query: CampaignProgress | undefined;
  const error = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const outcome = await client.workflow
      .execute(campaignWithProgress, {
        taskQueue,
        workflowId,
        args: [{ campaignName: 'Launch', steps: threeSteps(10, 1) }],
      })
      .catch((e: unknown) => e);
    // Queries of a closed run still need a worker to replay it.
    query = await client.workflow.getHandle(workflowId).query(progressQuery);
    await delivered('errors', 1);
    await messageWhere(
      discord.emulator,
      routes.webhooks.campaigns.id,
      (m) => m.message.content === '❌ **Campaign Failed**',
    );
    return outcome;
  });
  const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('CampaignFailed');
  expect(cause.message).toBe('Campaign "Launch" failed at step 2 (Send emails): Send emails broke');
  const bodies = requestsOf('campaigns').map((request) => request.body as Body);
  const last = bodies[bodies.length - 1]!;
  // Posted at 0 %, then 33 % and the failure; a state still waiting when the next came was replaced by it.
  expect(bodies.length).toBeGreaterThanOrEqual(2);
  expect(bodies.length).toBeLessThanOrEqual(3);
  expect(bodies[0]!.embeds[0]!.title).toBe('Progress: 0%');
  expect(last.content).toBe('❌ **Campaign Failed**');
  expect(last.embeds[0]).toMatchObject({ title: 'Progress: 33%', color: 0xff0000 });
  expect(last.embeds[0]!.description).toContain('Failed at step 2: **Send emails**');
  const [alert] = requestsOf('errors').map((request) => request.body as Body);
  expect(alert!.embeds[0]).toMatchObject({ title: 'Error in Launch', description: 'Send emails broke' });
  expect(query).toEqual({ completed: 1, total: 3, percent: 33, currentStep: 'Send emails', status: 'failed' });
});

test('progress: a deleted progress message is posted anew instead of failing', async () => {
  const webhook = routes.webhooks.campaigns;
  const unsubscribe = discord.emulator.onEvent((event) => {
    if (event.type === 'message-created' && event.webhookId === webhook.id) {
      void fetch(`${webhook.url}/messages/${event.message.id}`, {
        method: 'DELETE',
        headers: { 'user-agent': 'test' },
      });
      unsubscribe();
    }
  });
  const result = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const result = await client.workflow.execute(campaignWithProgress, {
      taskQueue,
      workflowId: `cwp-${randomUUID()}`,
      args: [{ campaignName: 'Launch', steps: threeSteps(300) }],
    });
    await messageWhere(
      discord.emulator,
      webhook.id,
      (m) => !m.deleted && m.message.embeds[0]?.title === 'Progress: 100%',
    );
    return result;
  });
  const calls = requestsOf('campaigns').filter(
    (request) => request.route !== 'DELETE /webhooks/:id/:token/messages/:message_id',
  );
  expect(calls.map((request) => `${request.method} ${request.status}`)).toEqual([
    'POST 200',
    'PATCH 404',
    'POST 200',
    'PATCH 200',
    'PATCH 200',
  ]);
  expect(result.progressMessage).toMatchObject({ updates: 4, failures: 0 });
  const alive = discord.emulator.messages(webhook.id).filter((message) => !message.deleted);
  expect(alive).toHaveLength(1);
  expect(alive[0]!.message.embeds[0]!.title).toBe('Progress: 100%');
});

/** Resolves when the emulator stores the webhook's first message: the campaign has posted and its step runs. */
const firstMessage = (webhookId: string) =>
  new Promise<void>((resolve) => {
    const unsubscribe = discord.emulator.onEvent((event) => {
      if (event.type === 'message-created' && event.webhookId === webhookId) {
        unsubscribe();
        resolve();
      }
    });
  });

test('a cancelled campaign cancels its step and ends its "Started" message with "Campaign Cancelled"', async () => {
  const workflowId = `cwn-${randomUUID()}`;
  const { error, step } = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const handle = await client.workflow.start(campaignWithNotifications, {
      taskQueue,
      workflowId,
      args: [{ campaignName: 'Black Friday', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 600_000 }] }],
    });
    // Cancel while the step runs: once the child workflow exists.
    const child = client.workflow.getHandle(`${workflowId}-simulatedCampaignStep`);
    await eventually(() =>
      child.describe().then(
        () => true,
        () => undefined,
      ),
    );
    await handle.cancel();
    const outcome = await handle.result().catch((e: unknown) => e);
    await delivered('campaigns', 2);
    return { error: outcome, step: await child.describe() };
  });
  expect(error).toBeInstanceOf(WorkflowFailedError);
  expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
  expect(step.status.name).toBe('CANCELLED');
  const bodies = requestsOf('campaigns').map((request) => request.body as Body);
  expect(bodies.map((body) => body.content)).toEqual(['🚀 **Campaign Started**', '🛑 **Campaign Cancelled**']);
  expect(bodies[1]!.embeds[0]).toMatchObject({
    author: { name: 'Black Friday' },
    title: 'Execution Cancelled',
    description: 'Cancelled during step: simulatedCampaignStep',
    color: 0xffa500,
  });
  expect(requestsOf('errors')).toHaveLength(0);
  for (const body of bodies)
    expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
});

test('progress cancelled: the ONE message turns orange naming the step that was running; the query says cancelled', async () => {
  const workflowId = `cwp-${randomUUID()}`;
  const { error, query } = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const posted = firstMessage(routes.webhooks.campaigns.id);
    const handle = await client.workflow.start(campaignWithProgress, {
      taskQueue,
      workflowId,
      args: [{ campaignName: 'Launch', steps: threeSteps(600_000) }],
    });
    await posted;
    await handle.cancel();
    const outcome = await handle.result().catch((e: unknown) => e);
    await messageWhere(discord.emulator, routes.webhooks.campaigns.id, (m) => m.message.content.includes('Cancelled'));
    return { error: outcome, query: await handle.query(progressQuery) };
  });
  expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
  const requests = requestsOf('campaigns');
  expect(requests.map((request) => request.method)).toEqual(['POST', 'PATCH']);
  const last = requests[1]!.body as Body;
  expect(last.content).toBe('🛑 **Campaign Cancelled**');
  expect(last.embeds[0]).toMatchObject({ title: 'Progress: 0%', color: 0xffa500 });
  expect(last.embeds[0]!.description).toContain('⏹️ 1. Build audience');
  expect(last.embeds[0]!.description).toContain('Cancelled during step 1: **Build audience**');
  expect(query).toEqual({ completed: 0, total: 3, percent: 0, currentStep: 'Build audience', status: 'cancelled' });
  expect(discord.emulator.messages(routes.webhooks.campaigns.id)).toHaveLength(1);
});

test('DISCORD_MENTIONS_CAMPAIGN pings on the progress message too, and its edits keep the mention', async () => {
  const env = { ...routes.env, DISCORD_MENTIONS_CAMPAIGN: 'role:223344556677889900' };
  await withWorker({ env }, async ({ taskQueue }) => {
    await client.workflow.execute(campaignWithProgress, {
      taskQueue,
      workflowId: `cwp-${randomUUID()}`,
      args: [{ campaignName: 'Launch', steps: threeSteps(10).slice(0, 1) }],
    });
    await messageWhere(discord.emulator, routes.webhooks.campaigns.id, (m) =>
      m.message.content.includes('All steps complete'),
    );
  });
  const requests = requestsOf('campaigns');
  expect(requests.map((request) => request.method)).toEqual(['POST', 'PATCH']);
  const bodies = requests.map((request) => request.body as Body & { allowed_mentions: unknown });
  expect(bodies.map((body) => body.content)).toEqual([
    '<@&223344556677889900> 🚀 Starting campaign...',
    '<@&223344556677889900> ✅ All steps complete!',
  ]);
  for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [], roles: ['223344556677889900'] });
  const posted = requests[0]!.responseBody as { mention_roles: string[] };
  expect(posted.mention_roles).toEqual(['223344556677889900']);
});
