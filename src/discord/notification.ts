/**
 * What templates produce: a `Notification` in camelCase with unbounded text. `buildMessages` (builder.ts) turns it
 * into valid webhook messages; this module only checks what cannot be fixed by cutting text (URLs, colors, ids...).
 */
import { z } from 'zod';
import { ColorSchema, HttpUrlSchema, MentionsSchema, MessageFlagsSchema, TimestampSchema } from './schemas';
import { toWellFormed, trimWhitespace } from './text';
import { USERNAME_RULES } from '../vocabulary';

const URL_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?]$/;

/**
 * Percent-encodes what RFC 3986 does not allow raw (spaces, non-ASCII, `|`, a second `#`, a stray `%`...), so a URL
 * built from user data (`https://notion.so/${id}`) still validates. Existing `%XX` escapes are kept.
 */
export function toWireUrl(url: string): string {
  const points = Array.from(toWellFormed(trimWhitespace(url)));
  let seenHash = false;
  return points
    .map((ch, i) => {
      if (ch === '#') {
        if (seenHash) return '%23';
        seenHash = true;
        return ch;
      }
      if (ch === '%') return /^[0-9A-Fa-f]{2}$/.test(`${points[i + 1] ?? ''}${points[i + 2] ?? ''}`) ? ch : '%25';
      return URL_SAFE.test(ch) ? ch : encodeURIComponent(ch);
    })
    .join('');
}

/** A URL that is valid once {@link toWireUrl} has encoded it: absolute http(s), at most 2048 characters. */
const DraftUrlSchema = z.string().refine((url) => HttpUrlSchema.safeParse(toWireUrl(url)).success, {
  error: 'Must be an absolute http(s) URL of at most 2048 characters.',
});

/** One embed of a notification. Text may be any length: the builder cuts or splits it to Discord's limits. */
export const EmbedDraftSchema = z.strictObject({
  title: z.string().optional(),
  description: z.string().optional(),
  url: DraftUrlSchema.optional(),
  color: ColorSchema.optional(),
  timestamp: TimestampSchema.optional(),
  footer: z.strictObject({ text: z.string(), iconUrl: DraftUrlSchema.optional() }).optional(),
  author: z
    .strictObject({ name: z.string(), url: DraftUrlSchema.optional(), iconUrl: DraftUrlSchema.optional() })
    .optional(),
  fields: z.array(z.strictObject({ name: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
  imageUrl: DraftUrlSchema.optional(),
  thumbnailUrl: DraftUrlSchema.optional(),
});
export type EmbedDraft = z.input<typeof EmbedDraftSchema>;

/**
 * A notification as templates write it. `mentions` is the ONLY source of pings; `username` may be long (it is cut
 * to 80) but must not contain "discord"/"clyde" nor be "everyone"/"here", which no cutting can fix.
 */
export const NotificationSchema = z.strictObject({
  content: z.string().optional(),
  embeds: z.array(EmbedDraftSchema).optional(),
  username: USERNAME_RULES.reduce(
    (schema, rule) => schema.refine(rule.test, { error: rule.message }),
    z.string(),
  ).optional(),
  avatarUrl: DraftUrlSchema.optional(),
  mentions: MentionsSchema.optional(),
  flags: MessageFlagsSchema.optional(),
});
export type Notification = z.input<typeof NotificationSchema>;

/** A notification that cannot become a valid message; `issues` are `path: problem` lines. Never retry it. */
export class InvalidNotificationError extends Error {
  override readonly name = 'InvalidNotificationError';

  constructor(readonly issues: readonly string[]) {
    super(`Invalid notification: ${issues.join('; ')}`);
  }
}
