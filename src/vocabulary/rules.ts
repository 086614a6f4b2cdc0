// Rules Discord states once and several parts of the package check (pure: safe inside workflows).

/** The largest snowflake: Discord ids are unsigned 64-bit integers. */
const UINT64_MAX = 18_446_744_073_709_551_615n;

/**
 * A snowflake id as we accept it: a decimal uint64 string of 17–20 digits, no leading zero (Discord's own pattern is
 * `^(0|[1-9][0-9]*)$`; current ids are 17–20 digits).
 * @see https://discord.com/developers/docs/reference#snowflakes
 */
export const SNOWFLAKE_PATTERN = /^[1-9][0-9]{16,19}$/;

/** Whether `value` is a snowflake id: {@link SNOWFLAKE_PATTERN} and at most 2^64-1. */
export const isSnowflake = (value: string): boolean => SNOWFLAKE_PATTERN.test(value) && BigInt(value) <= UINT64_MAX;

/**
 * Why Discord would refuse `name` as a webhook username whatever its length, or undefined: it must not contain
 * "discord" or "clyde" and must not be "everyone" or "here" (case-insensitive, surrounding whitespace ignored).
 * @see https://discord.com/developers/docs/resources/webhook#create-webhook
 */
export const USERNAME_RULES = [
  { test: (name: string) => !/discord|clyde/i.test(name), message: 'Username cannot contain "discord" or "clyde".' },
  {
    test: (name: string) => !/^\s*(everyone|here)\s*$/i.test(name),
    message: 'Username cannot be "everyone" or "here".',
  },
] as const;

/** Whether `value` is a plain object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
