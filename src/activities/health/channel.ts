import type { Config } from '../../config';

/**
 * The routing chain of the system-health notifications: `health` when it has a webhook, else `errors` (which, like
 * every channel, falls back to the default webhook when it has none).
 */
export const HEALTH_CHANNELS = ['health', 'errors'] as const;

/**
 * The first channel of `candidates` that has its own webhook (`DISCORD_WEBHOOK_URL_<CHANNEL>`), else the last one,
 * which the delivery routing sends to the default webhook (`DISCORD_WEBHOOK_URL`) or skips without one.
 */
export function firstConfiguredChannel(
  discord: Pick<Config['discord'], 'channels'>,
  candidates: readonly [string, ...string[]],
): string {
  return candidates.find((channel) => discord.channels.has(channel.toLowerCase())) ?? candidates.at(-1)!;
}
