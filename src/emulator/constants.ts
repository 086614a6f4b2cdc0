/**
 * Numbers and codes the emulator enforces. They are written down here on purpose instead of being imported from
 * src/discord: the emulator must stay an independent second opinion so it can catch the client's mistakes.
 */

/**
 * Discord's message, embed and request limits. Lengths are Unicode code points after trimming whitespace.
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
export const LIMITS = {
  contentLength: 2_000,
  embedsPerMessage: 10,
  embedTitle: 256,
  /** Raised from 2048 in 2021. */
  embedDescription: 4_096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footerText: 2_048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer text and author name over ALL embeds. */
  embedTotal: 6_000,
  /** Webhook name and `username` override (SPEC IncomingWebhookRequestPartial.username). */
  usernameMax: 80,
  /** SPEC: `thread_name`. */
  threadName: 100,
  /** SPEC: every url / icon_url / avatar_url. */
  urlLength: 2_048,
  /** SPEC: embed color is 0..0xFFFFFF. */
  colorMax: 0xff_ff_ff,
  /** allowed_mentions.users / roles. */
  mentionIds: 100,
  /** Whole request (Create Message documents 25 MiB). */
  requestBytes: 25 * 1024 * 1024,
} as const satisfies Record<string, number>;

/**
 * Message flags a webhook may set (IS_COMPONENTS_V2 is refused as not modelled).
 * @see https://discord.com/developers/docs/resources/message#message-object-message-flags
 */
export const MESSAGE_FLAGS = {
  SUPPRESS_EMBEDS: 1 << 2,
  SUPPRESS_NOTIFICATIONS: 1 << 12,
  IS_COMPONENTS_V2: 1 << 15,
} as const satisfies Record<string, number>;

/** Per-webhook bucket: "5/2" per a Discord staff member (discord-api-docs#367). */
export const DEFAULT_RATE_LIMIT = { limit: 5, windowMs: 2_000 } as const;
/** Hidden per-channel limit shared by every webhook of a channel (~30/60 s, discord-api-docs#367). */
export const DEFAULT_CHANNEL_RATE_LIMIT = { limit: 30, windowMs: 60_000 } as const;
/**
 * Global limit; unauthenticated webhook traffic is counted per IP address.
 * @see https://discord.com/developers/docs/topics/rate-limits#global-rate-limit
 */
export const DEFAULT_GLOBAL_RATE_LIMIT = { limit: 50, windowMs: 1_000 } as const;

/** Port `npm run emulator` listens on unless EMULATOR_PORT says otherwise. */
export const DEFAULT_EMULATOR_PORT = 8787;
/** Id of the webhook `npm run emulator` creates, fixed so the printed URL is stable between runs. */
export const DEFAULT_WEBHOOK_ID = '1300000000000000001';
/** Token of that webhook: 68 characters of `[A-Za-z0-9_-]`, the shape discord.js expects. Not a secret. */
export const DEFAULT_WEBHOOK_TOKEN = 'EmulatorWebhookToken_not-a-secret_0123456789abcdefghijklmnopqrstuvwx';
/** Channel of the default webhook. */
export const DEFAULT_CHANNEL_ID = '1300000000000000002';
/** The one guild every emulated webhook belongs to. */
export const EMULATOR_GUILD_ID = '1300000000000000000';
/** Discord's default name for new webhooks. */
export const DEFAULT_WEBHOOK_NAME = 'Captain Hook';

/** API versions Discord still serves (v3-v5 are discontinued and answer 400); unversioned URLs run on v6. */
export const SUPPORTED_API_VERSIONS: readonly number[] = [6, 7, 8, 9, 10];
/** v6 and v7 answer `retry_after` in milliseconds and flat form errors. */
export const LEGACY_API_VERSIONS: readonly number[] = [6, 7];
