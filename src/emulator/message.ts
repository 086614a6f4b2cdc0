import { createHash } from 'node:crypto';
import { MESSAGE_FLAGS } from './constants';
import { discordTimestamp, discordTrim } from './field-checks';
import { type JsonObject, type JsonValue } from './json';
import { computeMentions, WEBHOOK_DEFAULT_ALLOWED_MENTIONS } from './mentions';
import { type SnowflakeGenerator } from './snowflake';
import { type EditDraft, type ExecuteDraft, isBlank } from './validate-message';

/** The `author` of a webhook message: not a real user, it carries the webhook's id, name and avatar. */
export type MessageAuthor = {
  id: string;
  username: string;
  avatar: string | null;
  discriminator: '0000';
  public_flags: 0;
  flags: 0;
  bot: true;
  global_name: null;
};

/**
 * A message object as Discord returns it for webhook messages (SPEC `MessageResponse`), keys in Discord's order.
 * @see https://discord.com/developers/docs/resources/message#message-object
 */
export type DiscordMessageObject = {
  type: 0;
  content: string;
  mentions: JsonObject[];
  mention_roles: string[];
  attachments: JsonObject[];
  embeds: JsonObject[];
  timestamp: string;
  edited_timestamp: string | null;
  flags: number;
  components: JsonValue[];
  id: string;
  channel_id: string;
  author: MessageAuthor;
  pinned: false;
  mention_everyone: boolean;
  tts: boolean;
  webhook_id: string;
};

/** Everything {@link buildMessage} needs besides the validated body. */
export interface MessageContext {
  readonly webhook: { readonly id: string; readonly name: string };
  readonly channelId: string;
  readonly nowMs: number;
  readonly snowflakes: SnowflakeGenerator;
}

/** Builds the stored/returned message for a validated Execute Webhook request. */
export function buildMessage(draft: ExecuteDraft, ctx: MessageContext): DiscordMessageObject {
  const content = draft.content ?? '';
  const mentions = computeMentions(content, draft.allowedMentions ?? WEBHOOK_DEFAULT_ALLOWED_MENTIONS);
  return {
    type: 0,
    content,
    mentions: mentions.mentions,
    mention_roles: mentions.mention_roles,
    attachments: [],
    embeds: draft.embeds,
    timestamp: discordTimestamp(ctx.nowMs),
    edited_timestamp: null,
    flags: draft.flags,
    components: [],
    id: ctx.snowflakes.next(ctx.nowMs),
    channel_id: ctx.channelId,
    author: {
      id: ctx.webhook.id,
      username: draft.username === undefined ? ctx.webhook.name : discordTrim(draft.username),
      avatar: draft.avatarUrl ? avatarHash(draft.avatarUrl) : null,
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
  const mentions =
    draft.content === undefined
      ? { mentions: current.mentions, mention_roles: current.mention_roles, mention_everyone: current.mention_everyone }
      : computeMentions(content, draft.allowedMentions ?? WEBHOOK_DEFAULT_ALLOWED_MENTIONS);
  return { ...current, content, ...mentions, embeds, edited_timestamp: discordTimestamp(nowMs), flags };
}

/** Discord answers avatars as 32-hex hashes, never URLs; derive a stable one from the override URL. */
export function avatarHash(source: string): string {
  return createHash('md5').update(source).digest('hex');
}
