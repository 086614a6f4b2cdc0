/**
 * The size of a message as Discord's limits count it. Pure and zod-free, so workflow code (the outbox packs
 * messages) can use it as well as the schemas.
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
import type { Embed } from './schemas';
import { codePointLength } from './text';

/** The text of one embed that counts toward the 6000 total, in code points after trimming each part. */
export function embedTextLength(embed: Partial<Embed>): number {
  const parts = [embed.title, embed.description, embed.footer?.text, embed.author?.name];
  for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  return parts.reduce((sum, part) => sum + (typeof part === 'string' ? codePointLength(part) : 0), 0);
}

/** The 6000-limited text of a message: {@link embedTextLength} summed over all its embeds. */
export function messageTextLength(message: { embeds?: readonly Partial<Embed>[] | null }): number {
  return (message.embeds ?? []).reduce((sum, embed) => sum + embedTextLength(embed), 0);
}
