import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { hotLeadAlert } from '../../src/workflows';
import { hotLeadWorkflowId } from '../../src/ids';
import type { TestDiscord } from '../helpers/emulator';
import { postsOnlyTo, type RoutedWebhooks } from '../helpers/channels';
import { SEED_LEAD, seedLeadEmbed } from '../helpers/embeds';
import { applicationFailureOf } from '../helpers/failures';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
import { withWorker } from '../helpers/temporal';
import { useRoutedSuite } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;
let routes: RoutedWebhooks;
const { execute } = useRoutedSuite((suite) => ({ discord, client, routes } = suite));

const lead = SEED_LEAD;

test('a lead at the threshold gets the seed alert in the alerts channel', async () => {
  const result = await execute(hotLeadAlert, [{ lead, score: 80 }], 'lead');
  expect(result.status).toBe('sent');
  expect(routes.postsByChannel()).toEqual(postsOnlyTo('alerts'));
  const [post] = discord.posts(routes.webhooks.alerts);
  expect(post!.body).toEqual({
    content: '🔥 **HOT LEAD ALERT**',
    allowed_mentions: { parse: [] },
    embeds: [seedLeadEmbed(80, expect.any(String))],
  });
  expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', post!.body).errors).toEqual([]);
});

test('below the threshold nothing is sent', async () => {
  const result = await execute(hotLeadAlert, [{ lead, score: 79 }], 'lead');
  expect(result).toEqual({ status: 'below-threshold', score: 79, threshold: 80 });
  expect(discord.emulator.requests({ webhookId: routes.webhooks.alerts.id })).toHaveLength(0);
});

test('HOT_LEAD_THRESHOLD moves the threshold', async () => {
  const result = await execute(hotLeadAlert, [{ lead, score: 85 }], 'lead', { HOT_LEAD_THRESHOLD: '90' });
  expect(result).toEqual({ status: 'below-threshold', score: 85, threshold: 90 });
});

test('the configured role is pinged; a lead named "@everyone <@&123>" pings nobody else', async () => {
  const env = { ...routes.env, DISCORD_MENTIONS_HOT_LEAD: 'role:112233445566778899' };
  await withWorker({ env }, ({ taskQueue }) =>
    client.workflow.execute(hotLeadAlert, {
      taskQueue,
      workflowId: `lead-${randomUUID()}`,
      args: [{ lead: { firstName: '@everyone <@&123456789012345678>', email: 'x@y.co' }, score: 95, stage: '@here' }],
    }),
  );
  const [post] = discord.posts(routes.webhooks.alerts);
  const body = post!.body as { content: string; allowed_mentions: unknown };
  expect(body.content).toBe('<@&112233445566778899> 🔥 **HOT LEAD ALERT**');
  expect(body.allowed_mentions).toEqual({ parse: [], roles: ['112233445566778899'] });
  const message = post!.responseBody as { mention_everyone: boolean; mention_roles: string[]; mentions: unknown[] };
  expect(message.mention_everyone).toBe(false);
  expect(message.mention_roles).toEqual(['112233445566778899']);
  expect(message.mentions).toEqual([]);
});

test('one alert per lead per day: the second start with the same business ID is refused and sends nothing', async () => {
  const workflowId = hotLeadWorkflowId(lead, '2026-11-28');
  expect(workflowId).toBe('hot-lead-a1b2c3d4e5f6-2026-11-28');
  expect(hotLeadWorkflowId({ email: ' MinJiPark@Salon.com' }, '2026-11-28')).toBe(
    hotLeadWorkflowId({ email: 'minjipark@salon.com' }, '2026-11-28'),
  );
  expect(hotLeadWorkflowId({ email: 'minjipark@salon.com' }, '2026-11-28')).toMatch(
    /^hot-lead-email-[0-9a-f]{20}-2026-11-28$/,
  );
  const unique = `${workflowId}-${randomUUID()}`;
  await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const options = {
      taskQueue,
      workflowId: unique,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [{ lead, score: 90 }] as [Parameters<typeof hotLeadAlert>[0]],
    };
    await client.workflow.execute(hotLeadAlert, options);
    await expect(client.workflow.start(hotLeadAlert, options)).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
  });
  expect(discord.posts(routes.webhooks.alerts)).toHaveLength(1);
});

test('invalid leads fail with InvalidInput naming the field and send nothing', async () => {
  const cause = await applicationFailureOf(
    execute(hotLeadAlert, [{ lead: { email: 'not-an-email', notionId: 'x)](evil' }, score: 101 }], 'lead'),
  );
  expect(cause.type).toBe('InvalidInput');
  expect(cause.message).toContain('lead.email: ');
  expect(cause.message).toContain('lead.notionId: must be a Notion page id');
  expect(cause.message).toContain('score: ');
  expect(discord.emulator.requests({ webhookId: routes.webhooks.alerts.id })).toHaveLength(0);
});

test('the last name follows the first, and e-mails such as bob@herefordfarms.com arrive exactly as typed', async () => {
  const emails = ['bob@herefordfarms.com', 'ann@everyone.example'];
  await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    for (const email of emails)
      await client.workflow.execute(hotLeadAlert, {
        taskQueue,
        workflowId: `lead-${randomUUID()}`,
        args: [{ lead: { firstName: 'Min-Ji', lastName: 'Park', email, company: 'ops@here.example' }, score: 90 }],
      });
  });
  const embeds = discord
    .posts(routes.webhooks.alerts)
    .map(
      (post) => (post.body as { embeds: { title: string; fields: { name: string; value: string }[] }[] }).embeds[0]!,
    );
  expect(embeds.map((embed) => embed.title)).toEqual(['Min-Ji Park - Score: 90', 'Min-Ji Park - Score: 90']);
  expect(embeds.map((embed) => embed.fields[0])).toEqual(
    emails.map((value) => ({ name: 'Email', value, inline: true })),
  );
  expect(embeds[0]!.fields[3]).toEqual({ name: 'Company', value: 'ops@here.example', inline: true });
});
