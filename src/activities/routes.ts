import type { Config } from '../config';
import type { WebhookTarget } from '../discord/webhook-url';

/** Where a channel's notifications go: a webhook, or nowhere with the variable to set. */
export type ChannelRoute =
  { configured: false; channel: string; reason: string } | { configured: true; channel: string; target: WebhookTarget };

/**
 * Which webhook each channel uses: its own `DISCORD_WEBHOOK_URL_<NAME>`, else `DISCORD_WEBHOOK_URL`. Channels that
 * share a webhook share its outbox, so Discord's limits are kept once per webhook.
 */
export class WebhookRoutes {
  private readonly byWebhookId = new Map<string, WebhookTarget>();

  constructor(private readonly discord: Pick<Config['discord'], 'channels' | 'defaultChannel'>) {
    if (discord.defaultChannel) this.byWebhookId.set(discord.defaultChannel.id, discord.defaultChannel);
    for (const target of discord.channels.values()) this.byWebhookId.set(target.id, target);
  }

  /** The webhook a channel posts to: its own, else the default one. */
  target(channel: string): WebhookTarget | undefined {
    return this.discord.channels.get(channel.toLowerCase()) ?? this.discord.defaultChannel;
  }

  /** A configured webhook by its id (what an outbox knows; the token stays here). */
  webhook(webhookId: string): WebhookTarget | undefined {
    return this.byWebhookId.get(webhookId);
  }

  /** Where a channel's notifications go. */
  resolve(channel: string): ChannelRoute {
    const name = channel.toLowerCase();
    const target = this.target(name);
    if (target) return { configured: true, channel: name, target };
    return {
      configured: false,
      channel: name,
      reason: `No webhook configured for channel "${name}": set DISCORD_WEBHOOK_URL_${name.toUpperCase()} or DISCORD_WEBHOOK_URL`,
    };
  }
}
