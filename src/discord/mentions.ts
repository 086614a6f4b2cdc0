/**
 * Pings come only from a notification's `mentions`: text never pings by itself, because every message carries an
 * explicit `allowed_mentions` (Discord's webhook default would let user mentions in the text ping).
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
import type { AllowedMentions, Mentions } from './schemas';

function uniqueIds(ids: readonly string[] | undefined): string[] {
  return [...new Set(ids ?? [])];
}

/**
 * The `allowed_mentions` that lets exactly `mentions` ping: users and roles as explicit id lists (never
 * `parse: ['users']`, which would let any id in the text ping), `@everyone`/`@here` via `parse: ['everyone']`.
 * Duplicate ids are dropped (Discord requires unique items).
 * @default `{ parse: [] }` when `mentions` is absent or empty
 */
export function allowedMentionsFor(mentions?: Mentions): AllowedMentions {
  const users = uniqueIds(mentions?.users);
  const roles = uniqueIds(mentions?.roles);
  return {
    parse: mentions?.everyone ? ['everyone'] : [],
    ...(users.length > 0 && { users }),
    ...(roles.length > 0 && { roles }),
  };
}

/**
 * The mention syntax to put in front of the content so the pings in {@link allowedMentionsFor} happen (Discord pings
 * only ids that also appear in the text): roles, then users, then `@everyone`, separated by spaces.
 * @default '' when `mentions` is absent or empty
 * @see https://discord.com/developers/docs/reference#message-formatting
 */
export function mentionPrefix(mentions?: Mentions): string {
  return [
    ...uniqueIds(mentions?.roles).map((id) => `<@&${id}>`),
    ...uniqueIds(mentions?.users).map((id) => `<@${id}>`),
    ...(mentions?.everyone ? ['@everyone'] : []),
  ].join(' ');
}
