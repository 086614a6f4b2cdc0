/**
 * Child entry: discord.js's WebhookClient (its own @discordjs/rest instance: one request in flight per webhook,
 * waits out Reset-After, re-queues 429s) sending its share of the burst all at once, pointed at the emulator.
 */
import { WebhookClient } from 'discord.js';
import { burstContent, childMain, type ChildSenderResult } from './child-sender';

childMain(async (config): Promise<ChildSenderResult> => {
  const hook = new WebhookClient({ id: config.id, token: config.token }, { rest: { api: config.apiBase } });
  const outcomes = await Promise.allSettled(
    config.seqs.map((seq) => hook.send({ content: burstContent(config.tag, seq) })),
  );
  hook.destroy();
  const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));
  return { ok: outcomes.length - errors.length, failed: errors.length, errors: [...new Set(errors)].slice(0, 5) };
});
