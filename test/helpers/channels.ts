import type { EmulatorWebhook } from '../../src/emulator';
import type { TestDiscord } from './emulator';

/** The contract's routing channels, each with its own emulator webhook, plus the default one. */
export const CHANNELS = ['default', 'alerts', 'reports', 'errors', 'publishing', 'campaigns'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** An embed as a test reads it from a posted body. */
export interface PostedEmbed {
  title: string;
  url?: string;
  description: string;
  color: number;
  fields: { name: string; value: string; inline: boolean }[];
  footer?: { text: string };
  timestamp?: string;
}

/** A posted message body as a test reads it. */
export interface PostedBody {
  content?: string;
  embeds?: PostedEmbed[];
}

export interface RoutedWebhooks {
  webhooks: Record<ChannelName, EmulatorWebhook>;
  env: Record<string, string>;
  /** Which channel each of the webhook's POSTs went to, in arrival order. */
  postsByChannel(): Record<ChannelName, number>;
  /** The bodies POSTed to the channel's webhook, in arrival order. */
  bodies(channel: ChannelName): PostedBody[];
  /**
   * The embeds each channel received in the messages Discord accepted: the number of notifications, for those that
   * carry one embed each, however the outbox folded them into messages (folding depends on what was queued together).
   */
  deliveredEmbedsByChannel(): Record<ChannelName, number>;
  /**
   * {@link deliveredEmbedsByChannel} once it equals `expected` (checked as each request is answered), or after
   * `timeoutMs` whatever it is then, for the caller's assertion to report.
   */
  deliveredEmbeds(expected: Record<ChannelName, number>, timeoutMs?: number): Promise<Record<ChannelName, number>>;
}

export function routedWebhooks(discord: TestDiscord): RoutedWebhooks {
  const webhooks = Object.fromEntries(
    CHANNELS.map((channel) => [channel, discord.emulator.createWebhook({ name: `Marketing ${channel}` })]),
  ) as Record<ChannelName, EmulatorWebhook>;
  const deliveredEmbeds = () =>
    Object.fromEntries(
      CHANNELS.map((channel) => [
        channel,
        discord
          .posts(webhooks[channel])
          .filter((post) => post.status === 200 || post.status === 204)
          .reduce((sum, post) => sum + ((post.body as PostedBody).embeds?.length ?? 0), 0),
      ]),
    ) as Record<ChannelName, number>;
  return {
    webhooks,
    env: discord.env(webhooks),
    postsByChannel: () =>
      Object.fromEntries(CHANNELS.map((channel) => [channel, discord.posts(webhooks[channel]).length])) as Record<
        ChannelName,
        number
      >,
    bodies: (channel) => discord.posts(webhooks[channel]).map((post) => post.body as PostedBody),
    deliveredEmbedsByChannel: deliveredEmbeds,
    deliveredEmbeds: (expected, timeoutMs = 20_000) =>
      new Promise((resolve) => {
        const done = () => {
          unsubscribe();
          clearTimeout(timer);
          resolve(deliveredEmbeds());
        };
        const check = () => {
          const now = deliveredEmbeds();
          if (CHANNELS.every((channel) => now[channel] === expected[channel])) done();
        };
        const unsubscribe = discord.emulator.onRequest(check);
        const timer = setTimeout(done, timeoutMs);
        check();
      }),
  };
}

/** What {@link RoutedWebhooks.postsByChannel} gives when only `channel` was posted to, `count` times. */
export function postsOnlyTo(channel: ChannelName, count = 1): Record<ChannelName, number> {
  return Object.fromEntries(CHANNELS.map((name) => [name, name === channel ? count : 0])) as Record<
    ChannelName,
    number
  >;
}
