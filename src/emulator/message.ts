import { createHash } from 'node:crypto';
import { MESSAGE_FLAGS } from './constants';
import { discordTimestamp, discordTrim } from './field-checks';
import { FormErrors } from './form-errors';
import { type JsonObject, type JsonValue } from './json';
import { computeMentions, WEBHOOK_DEFAULT_ALLOWED_MENTIONS } from './mentions';
import { type UploadedFile } from './request-body';
import { type SnowflakeGenerator } from './snowflake';
import { type EditDraft, type ExecuteDraft, forbidWithComponentsV2, isBlank } from './validate-message';
import { type AttachmentMeta, type PollDraft } from './validate-extras';

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
  poll?: JsonObject;
};

/** Everything {@link buildMessage} needs besides the validated body. */
export interface MessageContext {
  readonly webhook: { readonly id: string; readonly name: string; readonly avatar: string | null };
  readonly channelId: string;
  readonly nowMs: number;
  readonly snowflakes: SnowflakeGenerator;
  /** Base for attachment URLs, e.g. `http://127.0.0.1:8787`. */
  readonly baseUrl: string;
}

/** Builds the stored/returned message for a validated Execute Webhook request. */
export function buildMessage(
  draft: ExecuteDraft,
  files: readonly UploadedFile[],
  ctx: MessageContext,
): DiscordMessageObject {
  const content = draft.content ?? '';
  const mentions = computeMentions(content, draft.allowedMentions ?? WEBHOOK_DEFAULT_ALLOWED_MENTIONS);
  return {
    type: 0,
    content,
    mentions: mentions.mentions,
    mention_roles: mentions.mention_roles,
    attachments: buildAttachments(files, draft.attachments, draft.embeds, ctx),
    embeds: draft.embeds,
    timestamp: discordTimestamp(ctx.nowMs),
    edited_timestamp: null,
    flags: draft.flags,
    components: draft.components,
    id: ctx.snowflakes.next(ctx.nowMs),
    channel_id: ctx.channelId,
    author: {
      id: ctx.webhook.id,
      username: draft.username === undefined ? ctx.webhook.name : discordTrim(draft.username),
      avatar: draft.avatarUrl ? avatarHash(draft.avatarUrl) : ctx.webhook.avatar,
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
    poll: draft.poll ? buildPoll(draft.poll, ctx.nowMs) : undefined,
  };
}

/** The outcome of applying an edit: the new message, or the errors that stop it. */
export type EditOutcome =
  { ok: true; message: DiscordMessageObject } | { ok: false; errors: FormErrors } | { ok: 'empty' };

/**
 * Applies a validated edit. Mentions are recomputed when `content` changes, with the DEFAULT webhook rules if the
 * edit carries no `allowed_mentions` (not the original request's). SUPPRESS_EMBEDS can be set or cleared,
 * IS_COMPONENTS_V2 only set, SUPPRESS_NOTIFICATIONS is kept from the original.
 */
export function applyEdit(
  current: DiscordMessageObject,
  draft: EditDraft,
  files: readonly UploadedFile[],
  ctx: MessageContext,
): EditOutcome {
  const content = draft.content === undefined ? current.content : (draft.content ?? '');
  const embeds = draft.embeds === undefined ? current.embeds : (draft.embeds ?? []);
  const components = draft.components === undefined ? current.components : (draft.components ?? []);
  const keptBits = current.flags & (MESSAGE_FLAGS.SUPPRESS_NOTIFICATIONS | MESSAGE_FLAGS.IS_COMPONENTS_V2);
  const requested = draft.flags === undefined ? current.flags : (draft.flags ?? 0);
  const flags = keptBits | (requested & (MESSAGE_FLAGS.SUPPRESS_EMBEDS | MESSAGE_FLAGS.IS_COMPONENTS_V2));
  const keep = draft.attachments === undefined ? undefined : new Set((draft.attachments ?? []).map((meta) => meta.id));
  const attachments = [
    ...current.attachments.filter(({ id }) => keep === undefined || (typeof id === 'string' && keep.has(id))),
    ...buildAttachments(files, draft.attachments ?? [], embeds, ctx),
  ];
  if (flags & MESSAGE_FLAGS.IS_COMPONENTS_V2) {
    const errors = new FormErrors();
    forbidWithComponentsV2(errors, { content: !isBlank(content), embeds: embeds.length > 0, poll: false });
    if (errors.size > 0) return { ok: false, errors };
  }
  if (isBlank(content) && embeds.length === 0 && components.length === 0 && attachments.length === 0 && !current.poll) {
    return { ok: 'empty' };
  }
  const mentions =
    draft.content === undefined
      ? { mentions: current.mentions, mention_roles: current.mention_roles, mention_everyone: current.mention_everyone }
      : computeMentions(content, draft.allowedMentions ?? WEBHOOK_DEFAULT_ALLOWED_MENTIONS);
  return {
    ok: true,
    message: {
      ...current,
      content,
      ...mentions,
      attachments,
      embeds,
      edited_timestamp: discordTimestamp(ctx.nowMs),
      flags,
      components,
    },
  };
}

/**
 * Attachment objects for uploaded files. Files referenced from an embed as `attachment://name` are not listed,
 * as on Discord ("attachments not referenced in embeds").
 */
function buildAttachments(
  files: readonly UploadedFile[],
  metadata: readonly AttachmentMeta[],
  embeds: readonly JsonObject[],
  ctx: MessageContext,
): JsonObject[] {
  const referenced = JSON.stringify(embeds);
  return files.flatMap((file) => {
    const meta = metadata.find((item) => item.id === file.index);
    const filename = meta?.filename ?? file.filename;
    if (referenced.includes(`"attachment://${filename}"`)) return [];
    const id = ctx.snowflakes.next(ctx.nowMs);
    const url = `${ctx.baseUrl}/attachments/${ctx.channelId}/${id}/${encodeURIComponent(filename)}`;
    return [
      {
        id,
        filename,
        description: meta?.description,
        size: file.size,
        url,
        proxy_url: url,
        content_type: file.contentType,
      },
    ];
  });
}

function buildPoll(poll: PollDraft, nowMs: number): JsonObject {
  return {
    question: { text: poll.question },
    answers: poll.answers.map((answer, index) => ({
      answer_id: index + 1,
      poll_media: { text: answer.text, emoji: answer.emoji },
    })),
    expiry: discordTimestamp(nowMs + poll.durationHours * 3_600_000),
    allow_multiselect: poll.allowMultiselect,
    layout_type: 1,
    results: { is_finalized: false, answer_counts: [] },
  };
}

/** Discord answers avatars as 32-hex hashes, never URLs; derive a stable one from the override URL. */
export function avatarHash(source: string): string {
  return createHash('md5').update(source).digest('hex');
}
