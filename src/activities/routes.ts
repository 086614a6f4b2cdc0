import { createHash } from 'node:crypto';
import type { Config } from '../config';
import type { WebhookTarget } from '../discord/webhook-url';

/**
 * The key of a webhook's outbox: `<webhook id>-<8 hex digits of a SHA-256 of its host, id and token>`. The same URL
 * gives the same key in every worker; two URLs with one id (a mistyped token, another host) get outboxes of their
 * own, so a broken one fails visibly instead of taking the other's notifications. The digest cannot be turned back
 * into the token; the API version is left out, so `/api/webhooks/…` and `/api/v10/webhooks/…` share an outbox.
 */
export function webhookKey(target: WebhookTarget): string {
  const digest = createHash('sha256')
    .update(`${new URL(target.apiBase).origin}/${target.id}/${target.token}`)
    .digest('hex')
    .slice(0, 8);
  return `${target.id}-${digest}`;
}

/** Where a channel's notifications go: a webhook, or nowhere with the variable to set. */
export type ChannelRoute =
  | { configured: false; channel: string; reason: string }
  | { configured: true; channel: string; target: WebhookTarget; key: string };

/**
 * Which webhook each channel uses: its own `DISCORD_WEBHOOK_URL_<NAME>`, else `DISCORD_WEBHOOK_URL`. Channels that
 * share a webhook share its outbox, so Discord's limits are kept once per webhook.
 */
export class WebhookRoutes {
  private readonly byKey = new Map<string, WebhookTarget>();

  constructor(private readonly discord: Pick<Config['discord'], 'channels' | 'defaultChannel'>) {
    for (const target of [discord.defaultChannel, ...discord.channels.values()]) {
      if (target) this.byKey.set(webhookKey(target), target);
    }
  }

  /** The webhook a channel posts to: its own, else the default one. */
  target(channel: string): WebhookTarget | undefined {
    return this.discord.channels.get(channel.toLowerCase()) ?? this.discord.defaultChannel;
  }

  /** A configured webhook by its {@link webhookKey} (what an outbox knows; the token stays here). */
  webhook(key: string): WebhookTarget | undefined {
    return this.byKey.get(key);
  }

  /** Where a channel's notifications go. */
  resolve(channel: string): ChannelRoute {
    const name = channel.toLowerCase();
    const target = this.target(name);
    if (target) return { configured: true, channel: name, target, key: webhookKey(target) };
    return {
      configured: false,
      channel: name,
      reason: `No webhook configured for channel "${name}": set DISCORD_WEBHOOK_URL_${name.toUpperCase()} or DISCORD_WEBHOOK_URL`,
    };
  }
}
