/**
 * Discord's epoch, the first second of 2015, in Unix milliseconds.
 * @see https://discord.com/developers/docs/reference#snowflakes
 */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

const MAX_SNOWFLAKE = (1n << 64n) - 1n;
const INCREMENT_SHIFT = 22n;
const INCREMENT_MASK = (1 << 12) - 1;

/** True for a decimal uint64 string without leading zeros (SPEC `SnowflakeType`). */
export function isSnowflake(value: string): boolean {
  return /^(0|[1-9][0-9]{0,19})$/.test(value) && BigInt(value) <= MAX_SNOWFLAKE;
}

/** The creation time encoded in a snowflake: `(id >> 22) + DISCORD_EPOCH_MS`. */
export function snowflakeTimestampMs(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH_MS;
}

/**
 * Generates ids with Discord's layout: `(ms - epoch) << 22 | worker(5) | process(5) | increment(12)`.
 * Worker and process are 0; the increment wraps at 4096 like Discord's. Ids never go backwards, even if the clock does.
 */
export class SnowflakeGenerator {
  private increment = 0;
  private lastMs = 0;
  private issuedInLastMs = 0;

  /** A new id for a resource created at `nowMs`; unique even for more than 4096 ids in one millisecond. */
  next(nowMs: number = Date.now()): string {
    let ms = Math.max(nowMs, this.lastMs);
    if (ms === this.lastMs && this.issuedInLastMs > INCREMENT_MASK) ms += 1;
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.issuedInLastMs = 0;
    }
    this.issuedInLastMs += 1;
    const increment = BigInt(this.increment);
    this.increment = (this.increment + 1) & INCREMENT_MASK;
    return ((BigInt(ms - DISCORD_EPOCH_MS) << INCREMENT_SHIFT) | increment).toString();
  }
}
