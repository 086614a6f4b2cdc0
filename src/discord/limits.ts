/**
 * Discord's hard limits for webhook messages, as typed data.
 *
 * Every text limit is inclusive and counted in Unicode code points after trimming leading and trailing whitespace
 * (see `codePointLength` in text.ts); a payload over any of them is rejected with `400 Invalid Form Body (50035)`.
 */

/** Every numeric limit this project enforces, by name; the unit is in the name. */
export const DISCORD_LIMITS = {
  /** Message `content`. @see https://discord.com/developers/docs/resources/webhook#execute-webhook */
  contentChars: 2000,
  /** Embeds in one message. @see https://discord.com/developers/docs/resources/webhook#execute-webhook */
  embedsPerMessage: 10,
  /** `embed.title`. @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
  embedTitleChars: 256,
  /** `embed.description` (4096 since 2021). @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
  embedDescriptionChars: 4096,
  /** Items in `embed.fields`. @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
  fieldsPerEmbed: 25,
  /** `embed.fields[].name`. @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
  fieldNameChars: 256,
  /** `embed.fields[].value`. @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
  fieldValueChars: 1024,
  /** `embed.footer.text`. @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
  footerTextChars: 2048,
  /** `embed.author.name`. @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
  authorNameChars: 256,
  /**
   * Title + description + field names + field values + footer text + author name, summed over ALL embeds of one
   * message (not per embed); URLs and `inline` do not count.
   * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
   */
  embedTotalChars: 6000,
  /** A blank `username` override is rejected. @see https://discord.com/developers/docs/resources/webhook#create-webhook */
  usernameMinChars: 1,
  /** `username` follows the webhook-name rule. @see https://discord.com/developers/docs/resources/webhook#create-webhook */
  usernameMaxChars: 80,
  /** `embed.color` is a 24-bit RGB integer (OpenAPI maximum). @see https://discord.com/developers/docs/resources/message#embed-object */
  colorMax: 0xffffff,
  /** Ids in `allowed_mentions.users` and in `.roles`, each. @see https://discord.com/developers/docs/resources/message#allowed-mentions-object */
  mentionIdsMax: 100,
  /** `avatar_url`, embed `url`, image and icon URLs (OpenAPI `maxLength`). @see https://discord.com/developers/docs/resources/message#embed-object */
  urlChars: 2048,
  /** `thread_name` for forum channels (OpenAPI `maxLength`). @see https://discord.com/developers/docs/resources/webhook#execute-webhook */
  threadNameChars: 100,
} as const satisfies Readonly<Record<string, number>>;

/** Name of one limit in {@link DISCORD_LIMITS}. */
export type DiscordLimitName = keyof typeof DISCORD_LIMITS;

/**
 * Message flags a webhook may set. IS_COMPONENTS_V2 is left out because this project never sends components.
 * @see https://discord.com/developers/docs/resources/message#message-object-message-flags
 */
export const MESSAGE_FLAGS = {
  /** Do not render link previews or embeds for this message. */
  SUPPRESS_EMBEDS: 4, // 1 << 2
  /** Deliver silently: no push or desktop notification (what `@silent` does). */
  SUPPRESS_NOTIFICATIONS: 4096, // 1 << 12
} as const satisfies Readonly<Record<string, number>>;

/** `1 << 2` (4). @see https://discord.com/developers/docs/resources/message#message-object-message-flags */
export const SUPPRESS_EMBEDS = MESSAGE_FLAGS.SUPPRESS_EMBEDS;
/** `1 << 12` (4096). @see https://discord.com/developers/docs/resources/message#message-object-message-flags */
export const SUPPRESS_NOTIFICATIONS = MESSAGE_FLAGS.SUPPRESS_NOTIFICATIONS;

/** Every bit {@link MESSAGE_FLAGS} allows; Discord answers 400 to any other bit on a webhook message. */
export const ALLOWED_MESSAGE_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS;
