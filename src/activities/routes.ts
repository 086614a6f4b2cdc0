import type { Config } from '../config';
import type { WebhookTarget } from '../discord/webhook-url';
import type { DeliveryRoute } from './types';

/**
 * Which webhook each channel uses and which delivery queue serves it. Channels that share a webhook (an unset
 * channel falls back to DISCORD_WEBHOOK_URL) share one queue, so Discord's per-webhook limit is enforced once.
 */
export class DeliveryRoutes {
  /** Webhook id → route key: `default` for the default webhook, else the first channel name using it. */
  private readonly keys = new Map<string, string>();

  constructor(private readonly discord: Config['discord']) {
    if (discord.defaultChannel) this.keys.set(discord.defaultChannel.id, 'default');
    for (const [channel, target] of [...discord.channels].sort(([a], [b]) => a.localeCompare(b))) {
      if (!this.keys.has(target.id)) this.keys.set(target.id, channel);
    }
  }

  /** The webhook a channel posts to: its own, else the default one. */
  target(channel: string): WebhookTarget | undefined {
    return this.discord.channels.get(channel.toLowerCase()) ?? this.discord.defaultChannel;
  }

  /** Every route key in use; the worker runs one delivery worker per key. */
  routeKeys(): string[] {
    return [...new Set(this.keys.values())].sort();
  }

  /** How the workflow should deliver to this channel. */
  resolve(channel: string): DeliveryRoute {
    const name = channel.toLowerCase();
    const target = this.target(name);
    if (!target) {
      return {
        configured: false,
        channel: name,
        reason: `No webhook configured for channel "${name}": set DISCORD_WEBHOOK_URL_${name.toUpperCase()} or DISCORD_WEBHOOK_URL`,
      };
    }
    const digestWindowMs = this.discord.digests.get(name);
    return {
      configured: true,
      channel: name,
      routeKey: this.discord.deliveryRate > 0 ? (this.keys.get(target.id) ?? name) : null,
      ...(digestWindowMs !== undefined && { digestWindowMs }),
    };
  }
}
