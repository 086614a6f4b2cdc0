/**
 * Discord webhook emulator: Discord's webhook routes with its validation, error bodies and rate limits, plus fault
 * injection, a request log, a control API and a preview page. It never imports src/discord, so it can catch the
 * client's bugs. See README.md in this folder.
 */
export { type DiscordEmulator, type EmulatorWebhook } from './api';
export {
  DEFAULT_CHANNEL_ID,
  DEFAULT_CHANNEL_RATE_LIMIT,
  DEFAULT_EMULATOR_PORT,
  DEFAULT_GLOBAL_RATE_LIMIT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_WEBHOOK_ID,
  DEFAULT_WEBHOOK_NAME,
  DEFAULT_WEBHOOK_TOKEN,
  EMULATOR_GUILD_ID,
} from './constants';
export { EmulatorError, EmulatorInputError, EmulatorPortInUseError, WebhookConflictError } from './errors';
export { type PendingFault } from './faults';
export { type DiscordMessageObject } from './message';
export { WEBHOOK_BUCKET_HASH } from './rate-limits';
export {
  type CreateWebhookOptions,
  type EmulatorOptions,
  type FaultAction,
  type FaultInput,
  type RateLimitSettings,
  type RateLimitsUpdate,
  type WindowLimit,
} from './schemas';
export { startEmulator } from './server';
export { DISCORD_EPOCH_MS, isSnowflake, snowflakeTimestampMs } from './snowflake';
export { type EmulatorEvent, type RecordedRequest, type RequestFilter, type StoredMessage } from './store';
