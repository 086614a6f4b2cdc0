import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { campaignPublished, errorAlert } from '../../src/workflows';
import { postsOnlyTo, type RoutedWebhooks } from '../helpers/channels';
import type { TestDiscord } from '../helpers/emulator';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
import { withWorker } from '../helpers/temporal';
import { useRoutedSuite } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;
let routes: RoutedWebhooks;
const { execute } = useRoutedSuite((suite) => ({ discord, client, routes } = suite));

type Body = { content: string; embeds: { title: string; description: string; color: number; fields: unknown[] }[] };
const bodyOf = (channel: keyof RoutedWebhooks['webhooks']) => discord.posts(routes.webhooks[channel])[0]?.body as Body;

test('publishing confirmation: 200-character preview, a field per platform with a URL, green, publishing channel', async () => {
  const postContent = `${'Big news! '.repeat(20)}and more`;
  await withWorker({ env: routes.env }, ({ taskQueue }) =>
    client.workflow.execute(campaignPublished, {
      taskQueue,
      workflowId: `pub-${randomUUID()}`,
      args: [
        {
          postContent,
          posts: [
            { platform: 'linkedin', url: 'https://www.linkedin.com/feed/update/1' },
            { platform: 'tiktok' },
            { platform: 'instagram', url: 'https://instagram.com/p/2' },
          ],
        },
      ],
    }),
  );
  expect(routes.postsByChannel().publishing).toBe(1);
  const body = bodyOf('publishing');
  expect(body.content).toBe('📱 **Social Media Post Published**');
  expect(body.embeds[0]).toMatchObject({
    title: 'Multi-Platform Publishing Complete',
    description: `${postContent.slice(0, 200)}...`,
    color: 0x00ff00,
    fields: [
      { name: 'Linkedin', value: '[View Post](https://www.linkedin.com/feed/update/1)', inline: true },
      { name: 'Instagram', value: '[View Post](https://instagram.com/p/2)', inline: true },
    ],
  });
  expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
});

test('a post of exactly 200 characters is not cut', async () => {
  await execute(campaignPublished, [{ postContent: 'a'.repeat(200), posts: [] }], 'pub');
  expect(bodyOf('publishing').embeds[0]!.description).toBe('a'.repeat(200));
});

test('error alert: cut at 4096 in Discord, the full message in the result, time in zone and as <t:…:F>', async () => {
  const errorMessage = `Traceback: ${'x'.repeat(5_000)}`;
  const result = await execute(
    errorAlert,
    [{ flowName: 'lead-sync', errorMessage, details: 'Failed at step: enrich' }],
    'err',
    { REPORT_TIMEZONE: 'Asia/Tokyo' },
  );
  expect(result.errorMessage).toBe(errorMessage);
  expect(routes.postsByChannel().errors).toBe(1);
  const body = bodyOf('errors');
  expect(body.content).toBe('❌ **Flow Error Alert**');
  const [embed] = body.embeds;
  expect(embed!.title).toBe('Error in lead-sync');
  expect(embed!.color).toBe(0xff0000);
  expect(Array.from(embed!.description)).toHaveLength(4096);
  expect(embed!.description.endsWith('…')).toBe(true);
  expect(embed!.fields).toEqual([
    { name: 'Details', value: 'Failed at step: enrich', inline: false },
    {
      name: 'Time',
      value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} GMT\+9 \(<t:\d{10}:F>\)$/),
      inline: true,
    },
  ]);
  expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
});

test('error alert without details says "No additional details"', async () => {
  await execute(errorAlert, [{ flowName: 'f', errorMessage: 'boom' }], 'err');
  expect(bodyOf('errors').embeds[0]!.fields[0]).toEqual({
    name: 'Details',
    value: 'No additional details',
    inline: false,
  });
});

test('an explicit channel overrides the routing', async () => {
  await execute(errorAlert, [{ flowName: 'f', errorMessage: 'boom', channel: 'alerts' }], 'err');
  expect(routes.postsByChannel()).toEqual(postsOnlyTo('alerts'));
});
