import { createHash } from 'node:crypto';
import { MESSAGE_FLAGS } from './constants';
import { discordTimestamp, discordTrim } from './field-checks';
import { type JsonObject } from './http-io';
import { type SnowflakeGenerator } from './snowflake';
import { type AllowedMentions, type EditDraft, type ExecuteDraft, isBlank } from './validate-message';

/**
 * A message object as Discord returns it for webhook messages (SPEC `MessageResponse`), keys in Discord's order;
 * `author` is not a real user but the webhook's id, the name and an avatar hash. `attachments` and `components` are
 * always empty: the emulator does not model them.
 * @see https://discord.com/developers/docs/resources/message#message-object
 */
export type DiscordMessageObject = ReturnType<typeof buildMessage>;

/** Everything {@link buildMessage} needs besides the validated body. */
export interface MessageContext {
  readonly webhook: { readonly id: string; readonly name: string };
  /** The thread when `thread_id` was given, else the webhook's channel. */
  readonly channelId: string;
  readonly nowMs: number;
  readonly snowflakes: SnowflakeGenerator;
}

/**
 * What webhooks use when `allowed_mentions` is absent: only user mentions ping.
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
const WEBHOOK_DEFAULT_ALLOWED_MENTIONS: AllowedMentions = { parse: ['users'], users: [], roles: [] };

/** Builds the stored and returned message for a validated Execute Webhook request. */
export function buildMessage(draft: ExecuteDraft, ctx: MessageContext) {
  const content = draft.content ?? '';
  const mentions = computeMentions(content, draft.allowedMentions);
  return {
    type: 0,
    content,
    mentions: mentions.mentions,
    mention_roles: mentions.mention_roles,
    attachments: [] as JsonObject[],
    embeds: draft.embeds,
    timestamp: discordTimestamp(ctx.nowMs),
    edited_timestamp: null as string | null,
    flags: draft.flags,
    components: [] as JsonObject[],
    id: ctx.snowflakes.next(ctx.nowMs),
    channel_id: ctx.channelId,
    author: {
      id: ctx.webhook.id,
      username: draft.username === undefined ? ctx.webhook.name : discordTrim(draft.username),
      // Discord answers avatars as 32-hex hashes, never URLs; a stable one is derived from the override URL.
      avatar: draft.avatarUrl ? createHash('md5').update(draft.avatarUrl).digest('hex') : null,
      discriminator: '0000',
      public_flags: 0,
      flags: 0,
      bot: true,
      global_name: null,
    },
    pinned: false,
    mention_everyone: mentions.mention_everyone,
    tts: draft.tts,
    webhook_id: ctx.webhook.id,
  };
}

/**
 * Applies a validated edit; `undefined` when it would leave the message empty. Mentions are recomputed when `content`
 * changes, with the DEFAULT webhook rules if the edit carries no `allowed_mentions` (not the original request's).
 * SUPPRESS_EMBEDS can be set or cleared; SUPPRESS_NOTIFICATIONS is kept from the original.
 * @see https://discord.com/developers/docs/resources/webhook#edit-webhook-message
 */
export function applyEdit(
  current: DiscordMessageObject,
  draft: EditDraft,
  nowMs: number,
): DiscordMessageObject | undefined {
  const content = draft.content === undefined ? current.content : (draft.content ?? '');
  const embeds = draft.embeds === undefined ? current.embeds : (draft.embeds ?? []);
  if (isBlank(content) && embeds.length === 0) return undefined;
  const requested = draft.flags === undefined ? current.flags : (draft.flags ?? 0);
  const flags = (current.flags & MESSAGE_FLAGS.SUPPRESS_NOTIFICATIONS) | (requested & MESSAGE_FLAGS.SUPPRESS_EMBEDS);
  const mentions = draft.content === undefined ? {} : computeMentions(content, draft.allowedMentions);
  return { ...current, content, ...mentions, embeds, edited_timestamp: discordTimestamp(nowMs), flags };
}

/**
 * Who a message pings from its content: `<@id>` / `<@!id>` users, `<@&id>` roles, `@everyone` / `@here`, filtered
 * by the allowed mentions (listed ids that are not in the content are ignored, as on Discord). Mentioned users are
 * placeholders: the emulator has no member list.
 */
function computeMentions(content: string, allowed = WEBHOOK_DEFAULT_ALLOWED_MENTIONS) {
  const ids = (pattern: RegExp) => [...new Set([...content.matchAll(pattern)].map((match) => match[1] ?? ''))];
  const pinged = (type: 'users' | 'roles', found: string[]) =>
    allowed.parse.includes(type) ? found : found.filter((id) => allowed[type].includes(id));
  return {
    mentions: pinged('users', ids(/<@!?(\d+)>/g)).map((id) => ({
      id,
      username: `user${id.slice(-4)}`,
      avatar: null,
      discriminator: '0',
      public_flags: 0,
      flags: 0,
      global_name: null,
    })),
    mention_roles: pinged('roles', ids(/<@&(\d+)>/g)),
    mention_everyone: allowed.parse.includes('everyone') && /@(everyone|here)\b/.test(content),
  };
}
