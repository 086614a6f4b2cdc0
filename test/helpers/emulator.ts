import { startEmulator, type DiscordEmulator, type EmulatorOptions, type EmulatorWebhook } from '../../src/emulator';

/** The emulator on port 0 for one test file; `env` points channels at its webhooks. */
export interface TestDiscord {
  emulator: DiscordEmulator;
  /** `DISCORD_ALLOWED_HOSTS` plus one `DISCORD_WEBHOOK_URL[_NAME]` per webhook. */
  env(webhooks: Record<string, EmulatorWebhook>): Record<string, string>;
  /** POSTs that reached the webhook, in order. */
  posts(webhook: EmulatorWebhook): ReturnType<DiscordEmulator['requests']>;
}

export async function startTestDiscord(options: EmulatorOptions = {}): Promise<TestDiscord> {
  const emulator = await startEmulator({ port: 0, ...options });
  return {
    emulator,
    env(webhooks) {
      const env: Record<string, string> = { DISCORD_ALLOWED_HOSTS: `127.0.0.1:${emulator.port}` };
      for (const [channel, webhook] of Object.entries(webhooks)) {
        env[channel === 'default' ? 'DISCORD_WEBHOOK_URL' : `DISCORD_WEBHOOK_URL_${channel.toUpperCase()}`] =
          webhook.url;
      }
      return env;
    },
    posts: (webhook) => emulator.requests({ webhookId: webhook.id, method: 'POST' }),
  };
}

/** Every token and webhook URL the emulator handed out, to check that none leaked anywhere. */
export function secretsOf(emulator: DiscordEmulator): string[] {
  return emulator.webhooks().flatMap((webhook) => [webhook.token, webhook.url]);
}

/**
 * Resolves with the webhook's answered requests once `count` of them (matching `route`, e.g.
 * `'POST /webhooks/:id/:token'`) are answered: an event to await instead of polling for what an outbox sends later.
 * A request that took a fault counts from that moment, including a fault that never answers (a hang, a dropped
 * connection): its outcome is decided then, and the client sees it only when its own timeout ends the wait.
 */
export function answeredRequests(
  emulator: DiscordEmulator,
  webhookId: string,
  count: number,
  route = 'POST /webhooks/:id/:token',
): Promise<ReturnType<DiscordEmulator['requests']>> {
  const answered = () =>
    emulator
      .requests({ webhookId })
      .filter((request) => request.route === route && (request.status !== null || request.fault !== undefined));
  return new Promise((resolve) => {
    const check = () => {
      const requests = answered();
      if (requests.length < count) return false;
      unsubscribe();
      resolve(requests);
      return true;
    };
    const unsubscribe = emulator.onRequest(() => void check());
    check();
  });
}

/** Resolves with the first stored message of the webhook that `matches`, now or when an edit or post makes one. */
export function messageWhere(
  emulator: DiscordEmulator,
  webhookId: string,
  matches: (message: ReturnType<DiscordEmulator['messages']>[number]) => boolean,
): Promise<ReturnType<DiscordEmulator['messages']>[number]> {
  return new Promise((resolve) => {
    const check = () => {
      const found = emulator.messages(webhookId).find(matches);
      if (!found) return;
      unsubscribe();
      resolve(found);
    };
    const unsubscribe = emulator.onEvent(check);
    check();
  });
}
