import type { EmulatorWebhook } from '../../src/emulator';
import type { TestDiscord } from './emulator';

/** The contract's routing channels, each with its own emulator webhook, plus the default one. */
export const CHANNELS = ['default', 'alerts', 'reports', 'errors', 'publishing', 'campaigns'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export interface RoutedWebhooks {
  webhooks: Record<ChannelName, EmulatorWebhook>;
  env: Record<string, string>;
  /** Which channel each of the webhook's POSTs went to, in arrival order. */
  postsByChannel(): Record<ChannelName, number>;
}

export function routedWebhooks(discord: TestDiscord): RoutedWebhooks {
  const webhooks = Object.fromEntries(
    CHANNELS.map((channel) => [channel, discord.emulator.createWebhook({ name: `Marketing ${channel}` })]),
  ) as Record<ChannelName, EmulatorWebhook>;
  return {
    webhooks,
    env: discord.env(webhooks),
    postsByChannel: () =>
      Object.fromEntries(CHANNELS.map((channel) => [channel, discord.posts(webhooks[channel]).length])) as Record<
        ChannelName,
        number
      >,
  };
}
