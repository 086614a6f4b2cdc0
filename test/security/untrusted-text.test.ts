// Untrusted text (lead names, post content, error messages, audience, campaign and step names) goes through the real
// workflows to the emulator, which computes who a message pings and whose preview renders it with Discord's markdown
// rules (its own parser, not src/discord). It must ping no one and render literally: no formatting, no masked link.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { plainText, renderMarkdown, type RichNode } from '../../src/emulator/preview/markdown';
import {
  campaignPublished,
  campaignWithNotifications,
  campaignWithProgress,
  errorAlert,
  hotLeadAlert,
  retargetingReport,
  sendNotification,
} from '../../src/workflows';
import { routedWebhooks, type RoutedWebhooks } from '../helpers/channels';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { settledOutboxes } from '../helpers/outbox';
import { createTestClient, withWorker } from '../helpers/temporal';

let discord: TestDiscord;
let client: Client;
let routes: RoutedWebhooks;

/** Every trick at once: pings of each kind, inline and block markdown, a masked link, line breaks. */
const HOSTILE =
  '@everyone @here <@123456789012345678> <@!123456789012345678> <@&223456789012345678> <#323456789012345678> ' +
  '**b** __u__ ~~s~~ `c` [x](http://evil.example/x) ||s||\n# h\n> q\n-# s\n1. i\n- i\n```js\nrun()\n```';
/** The same in 64 characters, for fields that short (platform names). */
const SHORT = '**@everyone** <@&223456789012345678> [x](http://evil.example)';

const ZWSP = /\u200b/g;
const TIME = { nowMs: Date.UTC(2026, 10, 28), timeZone: 'UTC' };

beforeAll(async () => {
  discord = await startTestDiscord();
  client = await createTestClient();
  routes = routedWebhooks(discord);
  const lead = { firstName: HOSTILE, lastName: HOSTILE, email: 'eve@example.com', company: HOSTILE };
  const steps = [
    { name: 'Build **it**', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 10 }] },
    { name: SHORT, workflowType: 'simulatedCampaignStep', args: [{ durationMs: 10, fail: HOSTILE }] },
  ];
  await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const run = <A extends unknown[]>(workflow: (...args: A) => Promise<unknown>, ...args: A) =>
      client.workflow
        .execute(workflow, { taskQueue, workflowId: `untrusted-${workflow.name}-${randomUUID()}`, args })
        .catch(() => 'failed as designed');
    await Promise.all([
      run(hotLeadAlert, { lead, score: 97, stage: HOSTILE }),
      run(campaignPublished, { postContent: HOSTILE, posts: [{ platform: SHORT, url: 'https://x.com/p/1' }] }),
      run(errorAlert, { flowName: HOSTILE, errorMessage: HOSTILE, details: HOSTILE }),
      run(retargetingReport, { audiences: [{ name: HOSTILE, usersCount: 3, recommendedBudget: 1.5 }] }),
      run(campaignWithNotifications, {
        campaignName: HOSTILE,
        workflowType: 'simulatedCampaignStep',
        args: [{ durationMs: 10, fail: HOSTILE }],
      }),
      run(campaignWithProgress, { campaignName: HOSTILE, steps }),
      run(sendNotification, { channel: 'default', content: HOSTILE, title: HOSTILE, description: HOSTILE }),
    ]);
    // Campaigns never wait for their messages: let those outboxes settle before the tests read what arrived.
    await settledOutboxes(client, taskQueue, ['campaigns', 'errors']);
  });
}, 120_000);
afterAll(async () => {
  await discord.emulator.close();
  await client.connection.close();
});

type Embed = {
  title?: string;
  description?: string;
  author?: { name: string };
  footer?: { text: string };
  fields?: { name: string; value: string }[];
};
type Message = {
  content: string;
  embeds: Embed[];
  mentions: unknown[];
  mention_roles: string[];
  mention_everyone: boolean;
};

/** The latest version of every message the emulator holds for a channel (edits applied). */
const messagesOf = (channel: keyof RoutedWebhooks['webhooks']) =>
  discord.emulator.messages(routes.webhooks[channel].id).map((stored) => stored.message as unknown as Message);
/** Every embed of a channel, in order: notifications that met in the outbox may share a message. */
const embedsOf = (channel: keyof RoutedWebhooks['webhooks']) =>
  messagesOf(channel).flatMap((message) => message.embeds);
const embedOf = (channel: keyof RoutedWebhooks['webhooks'], index = 0) => embedsOf(channel)[index]!;

/** The one progress message of campaignWithProgress (the campaigns channel also has campaignWithNotifications' post). */
const progressEmbed = () => embedsOf('campaigns').find((embed) => embed.title?.startsWith('Progress'))!;

const render = (text: string) => renderMarkdown(text, TIME);
/** What a reader sees, with the invisible zero-width spaces that defuse mentions taken out. */
const seen = (text: string) => plainText(render(text)).replace(ZWSP, '');

/** Nodes that mean formatting took effect (a bold the template itself wrote is allowed where `bold` says so). */
function formatting(nodes: readonly RichNode[], allow: { bold?: boolean } = {}): string[] {
  return nodes.flatMap((node): string[] => {
    switch (node.type) {
      case 'text':
      case 'br':
        return [];
      case 'link':
        // A bare URL stays visible as itself; a masked link would show other text than where it goes.
        return plainText(node.children) === node.href || `${plainText(node.children)}/` === node.href
          ? []
          : ['masked link'];
      case 'bold':
        return allow.bold ? formatting(node.children, allow) : ['bold', ...formatting(node.children, allow)];
      case 'code':
      case 'codeBlock':
      case 'mention':
      case 'timestamp':
        return [node.type];
      default:
        return [node.type, ...formatting(node.children, allow)];
    }
  });
}

test('no message pings anyone: every request says allowed_mentions {parse: []} and Discord computes no mention', () => {
  const requests = discord.emulator.requests().filter((request) => request.method !== 'GET');
  // At least one per channel and notification kind, and the two probes.
  expect(requests.length).toBeGreaterThanOrEqual(8);
  for (const request of requests) {
    expect((request.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
  }
  const messages = discord.emulator.messages().map((stored) => stored.message as unknown as Message);
  expect(messages.length).toBeGreaterThanOrEqual(7);
  for (const message of messages) {
    expect([message.mention_everyone, message.mention_roles, message.mentions]).toEqual([false, [], []]);
  }
});

test('exact escaped text: a hot lead named with markdown, pings and a masked link', () => {
  const embed = embedOf('alerts');
  expect(embed.fields![2]).toEqual({
    name: 'Stage',
    value:
      '@\u200beveryone @\u200bhere <\u200b@123456789012345678> <\u200b@!123456789012345678> <\u200b@&223456789012345678> ' +
      '<\u200b#323456789012345678> \\*\\*b\\*\\* \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\`c\\` \\[x\\](http://evil.example/x) ' +
      '\\|\\|s\\|\\|\n\\# h\n\\> q\n\\-# s\n1\\. i\n\\- i\n\\`\\`\\`js\nrun()\n\\`\\`\\`',
    inline: true,
  });
  expect(seen(embed.fields![2]!.value)).toBe(HOSTILE);
});

test('exact escaped text: a platform name in the publishing confirmation and a step name in the progress message', () => {
  expect(embedOf('publishing').fields).toEqual([
    {
      // Platform names are title-cased like the seed's `.title()`; the escapes still hold.
      name: '\\*\\*@\u200bEveryone\\*\\* <\u200b@&223456789012345678> \\[X\\](Http://Evil.Example)',
      value: '[View Post](https://x.com/p/1)',
      inline: true,
    },
  ]);
  const progress = progressEmbed();
  expect(progress.description!.split('\n').slice(2, 4)).toEqual([
    '✅ 1. Build \\*\\*it\\*\\*',
    '❌ 2. \\*\\*@\u200beveryone\\*\\* <\u200b@&223456789012345678> \\[x\\](http://evil.example)',
  ]);
});

test('a hot lead whose first and last names overfill the title is cut before the score, which always shows', () => {
  const title = embedOf('alerts').title!;
  const score = '… - Score: 97';
  expect(Array.from(title).length).toBeLessThanOrEqual(256);
  expect(seen(title).endsWith(score)).toBe(true);
  const shown = seen(title).slice(0, -score.length);
  expect(shown.length).toBeGreaterThan(150);
  expect(inline(`${HOSTILE.trim()} ${HOSTILE.trim()}`).startsWith(shown)).toBe(true);
  expect(formatting(render(title))).toEqual([]);
});

/** What a one-line place (title, author or field name) shows: the text with its line breaks folded into spaces. */
const inline = (text: string) => text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');

test('every untrusted slot renders literally: no formatting, no mention, no masked link, the same characters', () => {
  const lead = embedOf('alerts');
  const slots: [string, string, string, { bold?: boolean }?][] = [
    ['hot lead company', lead.fields!.find((field) => field.name === 'Company')!.value, HOSTILE],
    ['post preview', embedOf('publishing').description!, HOSTILE],
    ['error alert title', embedOf('errors').title!, `Error in ${inline(HOSTILE)}`],
    ['error alert message', embedOf('errors').description!, HOSTILE],
    ['error alert details', embedOf('errors').fields![0]!.value, HOSTILE],
    ['audience name', embedOf('reports').fields![0]!.name, inline(HOSTILE)],
  ];
  for (const embed of embedsOf('campaigns')) {
    slots.push(['campaign name (author)', embed.author!.name, inline(HOSTILE)]);
  }
  for (const alert of embedsOf('errors').slice(1)) {
    slots.push(['step failure in an error alert', alert.description!, HOSTILE]);
  }
  const failedProgress = progressEmbed().description!;
  slots.push([
    'progress failure',
    failedProgress.slice(failedProgress.indexOf('Failed at step')),
    `Failed at step 2: ${SHORT}\n${HOSTILE}`,
    { bold: true },
  ]);
  expect(slots.length).toBeGreaterThanOrEqual(11); // the hot-lead title has its own test above
  for (const [slot, text, literal, allow] of slots) {
    expect({ slot, formatting: formatting(render(text), allow), seen: seen(text) }).toEqual({
      slot,
      formatting: [],
      seen: literal,
    });
  }
});

test('user-written sendNotification markdown keeps its formatting but still pings no one', () => {
  const [message] = messagesOf('default');
  expect(message!.content).toBe(HOSTILE);
  expect(formatting(render(message!.content))).toEqual(expect.arrayContaining(['bold', 'mention', 'heading']));
  expect([message!.mention_everyone, message!.mention_roles, message!.mentions]).toEqual([false, [], []]);
});

// Line breaks in untrusted text are folded into spaces in one-line places (embed titles, author and field names).
test('titles, author names and field names built from untrusted text stay on one line', () => {
  const singleLine = [
    embedOf('alerts').title!,
    embedOf('errors').title!,
    embedOf('reports').fields![0]!.name,
    ...embedsOf('campaigns').map((embed) => embed.author!.name),
  ];
  for (const text of singleLine) expect(seen(text)).not.toContain('\n');
});
