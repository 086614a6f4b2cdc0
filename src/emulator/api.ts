import { randomBytes } from 'node:crypto';
import { type Server } from 'node:http';
import { DEFAULT_WEBHOOK_NAME, EMULATOR_GUILD_ID } from './constants';
import { type EmulatorContext } from './context';
import {
  type CreateWebhookOptions,
  type FaultInput,
  FaultSchema,
  CreateWebhookSchema,
  parseInput,
  type RateLimitsUpdate,
  RateLimitsUpdateSchema,
} from './schemas';
import { type EmulatorEvent, type RecordedRequest, type RequestFilter, type WebhookRecord } from './store';

/** A webhook as the emulator hands it out, with its full execute URL (`http://127.0.0.1:8787/api/v10/webhooks/ID/TOKEN`). */
export type EmulatorWebhook = Readonly<WebhookRecord> & { readonly url: string };

/**
 * A running Discord webhook emulator. Everything here is also reachable over HTTP under `/_emulator/`, so other
 * processes (benchmarks, the CLI, browser tests) can drive it the same way.
 */
export type DiscordEmulator = ReturnType<typeof createEmulator>;

/** The emulator's in-process API over its shared state; `server` is the listening HTTP server. */
export function createEmulator(ctx: EmulatorContext, server: Server, port: number) {
  let closing: Promise<void> | undefined;
  const info = (record: WebhookRecord): EmulatorWebhook => ({
    ...record,
    url: `${ctx.baseUrl}/api/v10/webhooks/${record.id}/${record.token}`,
  });
  return {
    /** `http://127.0.0.1:PORT`, without a trailing slash. */
    url: ctx.baseUrl,
    port,
    host: ctx.options.host,
    /**
     * Creates a webhook; missing fields get a snowflake id, a 68-character token, a channel of its own and Discord's
     * default name.
     * @throws {EmulatorInputError} for an invalid id, token, channel id or name.
     * @throws {WebhookConflictError} when the id exists.
     */
    createWebhook: (input: CreateWebhookOptions = {}) => info(addWebhook(ctx, input)),
    /** Every webhook, deleted ones included. */
    webhooks: () => ctx.store.webhooks().map(info),
    /** Recorded webhook-route requests (never with the token), oldest first. */
    requests: (filter?: RequestFilter) => ctx.store.requests(filter),
    /** Stored messages with their edit count and deleted flag, oldest first. */
    messages: (webhookId?: string) => ctx.store.messages(webhookId),
    /**
     * Queues a fault for the next matching request(s); faults are consumed first-in first-out.
     * @throws {EmulatorInputError} when the fault is invalid.
     */
    injectFault: (fault: FaultInput) => ctx.faults.add(parseInput(FaultSchema, fault, 'fault')),
    /** Faults not yet used up. */
    pendingFaults: () => ctx.faults.list(),
    /**
     * Changes limits (`null` disables one, absent keeps it) and starts every bucket afresh.
     * @throws {EmulatorInputError} when a limit is invalid.
     */
    setRateLimits: (limits: RateLimitsUpdate) =>
      ctx.limiter.update(parseInput(RateLimitsUpdateSchema, limits, 'rate limits')),
    /** The limits in force. */
    rateLimits: () => ctx.limiter.settings,
    /** Forgets requests, messages, faults and bucket state; webhooks (and their deleted flag) stay. */
    reset(): void {
      ctx.store.clearActivity();
      ctx.faults.clear();
      ctx.limiter.reset();
    },
    /** Calls `listener` on every message-created / -updated / -deleted event; returns the unsubscribe function. */
    onEvent: (listener: (event: EmulatorEvent) => void) => ctx.store.events.add(listener),
    /** Calls `listener` with every webhook-route request once it is answered or dropped; returns the unsubscribe function. */
    onRequest: (listener: (request: RecordedRequest) => void) => ctx.store.answered.add(listener),
    /** Stops listening and drops every connection, hung requests included; event streams are ended. */
    close: (): Promise<void> => (closing ??= closeServer(ctx, server)),
  };
}

function addWebhook(ctx: EmulatorContext, input: CreateWebhookOptions): WebhookRecord {
  const options = parseInput(CreateWebhookSchema, input, 'webhook');
  const record: WebhookRecord = {
    id: options.id ?? ctx.snowflakes.next(ctx.clock()),
    token: options.token ?? randomBytes(51).toString('base64url'),
    channelId: options.channelId ?? ctx.snowflakes.next(ctx.clock()),
    guildId: EMULATOR_GUILD_ID,
    name: options.name ?? DEFAULT_WEBHOOK_NAME,
    deleted: false,
  };
  ctx.store.addWebhook(record);
  return record;
}

function closeServer(ctx: EmulatorContext, server: Server): Promise<void> {
  return new Promise((resolve) => {
    for (const stream of ctx.streams) stream.end();
    server.close(() => resolve());
    // Also cuts hung requests (a `hang` fault) and the delays of slowed ones.
    server.closeAllConnections();
  });
}
