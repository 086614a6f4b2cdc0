/**
 * Child entry: discord.js's WebhookClient (its own @discordjs/rest instance: one request in flight per webhook,
 * waits out Reset-After, re-queues 429s) sending its share of the burst all at once (one message per notification: it has no folding), pointed at the emulator.
 */
import { WebhookClient } from 'discord.js';
import { burstEmbed } from './burst-notification';
import { childMain, type ChildSenderResult } from './child-sender';

childMain(async (config): Promise<ChildSenderResult> => {
  const hook = new WebhookClient({ id: config.id, token: config.token }, { rest: { api: config.apiBase } });
  const outcomes = await Promise.allSettled(
    config.seqs.map((seq) => hook.send({ embeds: [burstEmbed(config.tag, seq)] })),
  );
  hook.destroy();
  const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));
  return { ok: outcomes.length - errors.length, failed: errors.length, errors: [...new Set(errors)].slice(0, 5) };
});
