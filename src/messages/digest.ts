import type { EmbedDraft, Notification } from '../discord/builder';
import type { Mentions } from '../discord/schemas';

/**
 * Packs a burst of notifications into one notification whose embeds keep arrival order; the builder then splits it
 * into messages of at most 10 embeds and 6000 characters. A notification without embeds becomes an embed holding
 * its content, so nothing is dropped. The content says how many arrived; pings of every item are kept.
 */
export function digestNotification(items: readonly Notification[]): Notification {
  const embeds: EmbedDraft[] = items.flatMap((item) =>
    item.embeds && item.embeds.length > 0 ? item.embeds : item.content ? [{ description: item.content }] : [],
  );
  const contents = new Set(items.map((item) => item.content?.trim() ?? ''));
  const [only] = contents;
  const headline =
    contents.size === 1 && only ? `${only} (×${items.length})` : `📬 **Digest: ${items.length} notifications**`;
  const mentions = mergeMentions(items.map((item) => item.mentions));
  return { content: headline, embeds, ...(mentions && { mentions }) };
}

function mergeMentions(all: readonly (Mentions | undefined)[]): Mentions | undefined {
  const users = new Set(all.flatMap((mentions) => mentions?.users ?? []));
  const roles = new Set(all.flatMap((mentions) => mentions?.roles ?? []));
  const everyone = all.some((mentions) => mentions?.everyone);
  if (users.size === 0 && roles.size === 0 && !everyone) return undefined;
  return {
    ...(users.size > 0 && { users: [...users] }),
    ...(roles.size > 0 && { roles: [...roles] }),
    ...(everyone && { everyone: true }),
  };
}
