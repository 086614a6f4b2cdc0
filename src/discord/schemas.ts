/**
 * zod schemas for Discord's wire format (snake_case, exactly what is POSTed or returned). A message that passes
 * {@link WebhookMessageSchema} is one Discord accepts: every text limit is counted the way Discord counts it.
 * Issue paths mirror Discord's own form-error paths, e.g. `embeds.0.description`.
 */
import { z } from 'zod';
import { ALLOWED_MESSAGE_FLAGS, DISCORD_LIMITS, SUPPRESS_EMBEDS } from './limits';
import { messageTextLength } from './message-size';
import { codePointLength, isBlank } from './text';
import { USERNAME_RULES, formatIssues, isSnowflake } from '../vocabulary';

export { embedTextLength, messageTextLength } from './message-size';

/** A string of at most `max` code points after trimming, with Discord's wording for the failure. */
function maxChars(max: number) {
  return z.string().refine((s) => codePointLength(s) <= max, { error: `Must be ${max} or fewer in length.` });
}

/** Like {@link maxChars}, for fields Discord requires to have visible text. */
function requiredChars(max: number) {
  return maxChars(max).refine((s) => !isBlank(s), { error: 'This field is required' });
}

function unique(ids: readonly string[]): boolean {
  return new Set(ids).size === ids.length;
}

/**
 * A snowflake id as we accept it: a decimal uint64 string of 17–20 digits, no leading zero (Discord's own pattern is
 * `^(0|[1-9][0-9]*)$`; current ids are 17–20 digits).
 * @see https://discord.com/developers/docs/reference#snowflakes
 */
export const SnowflakeSchema = z
  .string()
  // One check, because a failed regex does not stop later refinements and BigInt() throws on non-digits.
  .refine(isSnowflake, {
    error: 'Must be a snowflake: 17-20 digits, no leading zero, at most 2^64-1.',
  });
export type Snowflake = z.infer<typeof SnowflakeSchema>;

// RFC 3986 characters only (no spaces, no raw Unicode), no userinfo: the OpenAPI spec's `format: uri` is that strict.
const PCHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})";
const HTTP_URL = new RegExp(
  `^https?://(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+(?::\\d{1,5})?(?:/${PCHAR}*)*` +
    `(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`,
);

/**
 * An absolute http(s) URL of at most 2048 characters, already percent-encoded (see `toWireUrl` in builder.ts).
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
export const HttpUrlSchema = z
  .string()
  .max(DISCORD_LIMITS.urlChars, { error: `Must be ${DISCORD_LIMITS.urlChars} or fewer in length.` })
  .regex(HTTP_URL, { error: 'Must be an absolute http(s) URL with percent-encoded special characters.' });

/** An embed color: a 24-bit RGB integer, e.g. `0x00ff00`. */
export const ColorSchema = z.number().int().min(0).max(DISCORD_LIMITS.colorMax);

/** An ISO-8601 date-time with seconds and a zone (`Z` or `±hh:mm`), as `Date#toISOString()` writes it. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/**
 * A `username` override: 1–80 code points, must not contain "discord" or "clyde" and must not be "everyone" or
 * "here" (all case-insensitive). Discord rejects these with USERNAME_INVALID(_CONTAINS).
 * @see https://discord.com/developers/docs/resources/webhook#create-webhook
 */
export const UsernameSchema = USERNAME_RULES.reduce(
  (schema, rule) => schema.refine(rule.test, { error: rule.message }),
  requiredChars(DISCORD_LIMITS.usernameMaxChars),
);

/** Flags a webhook may set when it posts: SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS only. */
export const MessageFlagsSchema = z
  .number()
  .int()
  .min(0)
  .refine((f) => (f & ~ALLOWED_MESSAGE_FLAGS) === 0, { error: 'Only SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS.' });

/** One embed field; `name` and `value` must be non-blank (use a zero-width space for a visually empty one). */
export const EmbedFieldSchema = z.strictObject({
  name: requiredChars(DISCORD_LIMITS.fieldNameChars),
  value: requiredChars(DISCORD_LIMITS.fieldValueChars),
  inline: z.boolean().optional(),
});
export type EmbedField = z.infer<typeof EmbedFieldSchema>;

/**
 * A rich embed as a webhook may send it (no video/provider/sizes), with every per-field limit.
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
export const EmbedSchema = z.strictObject({
  type: z.literal('rich').optional(),
  title: requiredChars(DISCORD_LIMITS.embedTitleChars).optional(),
  description: requiredChars(DISCORD_LIMITS.embedDescriptionChars).optional(),
  url: HttpUrlSchema.optional(),
  timestamp: TimestampSchema.optional(),
  color: ColorSchema.optional(),
  footer: z
    .strictObject({ text: requiredChars(DISCORD_LIMITS.footerTextChars), icon_url: HttpUrlSchema.optional() })
    .optional(),
  image: z.strictObject({ url: HttpUrlSchema }).optional(),
  thumbnail: z.strictObject({ url: HttpUrlSchema }).optional(),
  author: z
    .strictObject({
      name: requiredChars(DISCORD_LIMITS.authorNameChars),
      url: HttpUrlSchema.optional(),
      icon_url: HttpUrlSchema.optional(),
    })
    .optional(),
  fields: z
    .array(EmbedFieldSchema)
    .max(DISCORD_LIMITS.fieldsPerEmbed, { error: 'Must be 25 or fewer in length.' })
    .optional(),
});
export type Embed = z.infer<typeof EmbedSchema>;

const idList = z
  .array(SnowflakeSchema)
  .max(DISCORD_LIMITS.mentionIdsMax, { error: `Must be ${DISCORD_LIMITS.mentionIdsMax} or fewer in length.` })
  .refine(unique, { error: 'Ids must be unique.' });

/**
 * Which mentions may ping. `parse` and an explicit list of the same type are mutually exclusive (Discord answers 400).
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
export const AllowedMentionsSchema = z
  .strictObject({
    parse: z.array(z.enum(['users', 'roles', 'everyone'])).refine(unique, { error: 'Types must be unique.' }),
    users: idList.optional(),
    roles: idList.optional(),
    replied_user: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    for (const type of ['users', 'roles'] as const) {
      if (value.parse.includes(type) && (value[type]?.length ?? 0) > 0) {
        ctx.addIssue({ code: 'custom', path: [type], message: `Cannot list ${type} while parse contains "${type}".` });
      }
    }
  });
export type AllowedMentions = z.infer<typeof AllowedMentionsSchema>;

/** Who a notification pings: the ONLY source of pings (text never pings on its own). */
export const MentionsSchema = z.strictObject({
  users: z.array(SnowflakeSchema).max(DISCORD_LIMITS.mentionIdsMax).optional(),
  roles: z.array(SnowflakeSchema).max(DISCORD_LIMITS.mentionIdsMax).optional(),
  everyone: z.boolean().optional(),
});
export type Mentions = z.infer<typeof MentionsSchema>;

const embedList = z
  .array(EmbedSchema)
  .max(DISCORD_LIMITS.embedsPerMessage, { error: `Must be ${DISCORD_LIMITS.embedsPerMessage} or fewer in length.` });

function checkEmbedTotal(value: { embeds?: readonly Partial<Embed>[] | null }, ctx: z.RefinementCtx): void {
  if (messageTextLength(value) > DISCORD_LIMITS.embedTotalChars) {
    ctx.addIssue({ code: 'custom', path: ['embeds'], message: 'Embed size exceeds maximum size of 6000' });
  }
}

/**
 * The body of Execute Webhook. `allowed_mentions` is required so that nothing pings by Discord's default rules.
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
export const WebhookMessageSchema = z
  .strictObject({
    content: maxChars(DISCORD_LIMITS.contentChars).optional(),
    username: UsernameSchema.optional(),
    avatar_url: HttpUrlSchema.optional(),
    tts: z.boolean().optional(),
    flags: MessageFlagsSchema.optional(),
    embeds: embedList.optional(),
    allowed_mentions: AllowedMentionsSchema,
    thread_name: requiredChars(DISCORD_LIMITS.threadNameChars).optional(),
  })
  .superRefine((value, ctx) => {
    checkEmbedTotal(value, ctx);
    if ((value.content === undefined || isBlank(value.content)) && (value.embeds?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Cannot send an empty message' });
    }
  });
export type WebhookMessage = z.infer<typeof WebhookMessageSchema>;

/**
 * The body of Edit Webhook Message. `null` clears a field; `allowed_mentions` is required because an edit without it
 * falls back to Discord's default (user pings), not to the original message's rules.
 * @see https://discord.com/developers/docs/resources/webhook#edit-webhook-message
 */
export const WebhookMessageEditSchema = z
  .strictObject({
    content: maxChars(DISCORD_LIMITS.contentChars).nullable().optional(),
    embeds: embedList.nullable().optional(),
    flags: z
      .number()
      .int()
      .refine((f) => (f & ~SUPPRESS_EMBEDS) === 0, { error: 'Only SUPPRESS_EMBEDS can be edited.' })
      .nullable()
      .optional(),
    allowed_mentions: AllowedMentionsSchema,
  })
  .superRefine(checkEmbedTotal);
export type WebhookMessageEdit = z.infer<typeof WebhookMessageEditSchema>;

/**
 * The message object Discord returns for `?wait=true`, GET and PATCH. Loose: unknown fields are kept, and only
 * what this project reads is required.
 * @see https://discord.com/developers/docs/resources/message#message-object
 */
export const DiscordMessageSchema = z.looseObject({
  id: z.string().regex(/^\d+$/),
  channel_id: z.string().regex(/^\d+$/),
  webhook_id: z.string().optional(),
  content: z.string().optional(),
  embeds: z.array(z.looseObject({})).optional(),
  timestamp: z.string().optional(),
  edited_timestamp: z.string().nullable().optional(),
  flags: z.number().optional(),
  author: z.looseObject({ id: z.string(), username: z.string().optional() }).optional(),
});
export type DiscordMessage = z.infer<typeof DiscordMessageSchema>;

/** One zod issue as `path: message`, the path dotted like Discord's (`embeds.0.description`). */
export function describeIssues(error: z.ZodError): string[] {
  return formatIssues(error.issues, '(message)');
}
