import { type ServerResponse } from 'node:http';
import { FaultQueue } from './faults';
import { RateLimiter } from './rate-limits';
import { type ResolvedEmulatorOptions } from './schemas';
import { SnowflakeGenerator } from './snowflake';
import { EmulatorStore, type WebhookRecord } from './store';

/** A webhook as the emulator hands it out: everything needed to call it, including the execute URL. */
export interface EmulatorWebhook {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly guildId: string;
  readonly name: string;
  /** Full execute URL, e.g. `http://127.0.0.1:8787/api/v10/webhooks/ID/TOKEN`. */
  readonly url: string;
  readonly deleted: boolean;
}

/** The state shared by every route of one emulator instance. */
export interface EmulatorContext {
  readonly store: EmulatorStore;
  readonly limiter: RateLimiter;
  readonly faults: FaultQueue;
  readonly snowflakes: SnowflakeGenerator;
  readonly options: ResolvedEmulatorOptions;
  /** Epoch milliseconds; injectable for tests. */
  readonly clock: () => number;
  /** `http://host:port`, known once listening. */
  baseUrl: string;
  /** Responses held open by a `hang` fault, ended on close. */
  readonly held: Set<ServerResponse>;
  /** Cancels pending `hang` delays on close. */
  readonly cancellers: Set<() => void>;
  /** Server-Sent Event streams, ended on close. */
  readonly streams: Set<ServerResponse>;
}

/** Builds the shared state from validated options. */
export function createContext(options: ResolvedEmulatorOptions, clock: () => number = Date.now): EmulatorContext {
  return {
    store: new EmulatorStore(options.maxRecordedRequests),
    limiter: new RateLimiter({
      rateLimit: options.rateLimit,
      channelRateLimit: options.channelRateLimit,
      globalRateLimit: options.globalRateLimit,
    }),
    faults: new FaultQueue(),
    snowflakes: new SnowflakeGenerator(),
    options,
    clock,
    baseUrl: '',
    held: new Set(),
    cancellers: new Set(),
    streams: new Set(),
  };
}

/** The public view of a webhook record. */
export function webhookInfo(ctx: EmulatorContext, record: WebhookRecord): EmulatorWebhook {
  return {
    id: record.id,
    token: record.token,
    channelId: record.channelId,
    guildId: record.guildId,
    name: record.name,
    url: `${ctx.baseUrl}/api/v10/webhooks/${record.id}/${record.token}`,
    deleted: record.deleted,
  };
}
