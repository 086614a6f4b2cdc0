import { type ServerResponse } from 'node:http';
import { type FaultQueue } from './faults';
import { type RateLimiter } from './rate-limits';
import { type ResolvedEmulatorOptions } from './schemas';
import { type SnowflakeGenerator } from './snowflake';
import { type EmulatorStore } from './store';

/** The state shared by every route of one emulator instance. */
export interface EmulatorContext {
  readonly store: EmulatorStore;
  readonly limiter: RateLimiter;
  readonly faults: FaultQueue;
  readonly snowflakes: SnowflakeGenerator;
  readonly options: ResolvedEmulatorOptions;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** `http://host:port`, known once listening. */
  baseUrl: string;
  /** Open Server-Sent Event streams, ended (not cut) on close. */
  readonly streams: Set<ServerResponse>;
}
