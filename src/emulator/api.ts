import { type PendingFault } from './faults';
import { type CreateWebhookOptions, type FaultInput, type RateLimitSettings, type RateLimitsUpdate } from './schemas';
import {
  type EmulatorEvent,
  type RecordedRequest,
  type RequestFilter,
  type StoredMessage,
  type WebhookRecord,
} from './store';

/** A webhook as the emulator hands it out: everything needed to call it, including the execute URL. */
export type EmulatorWebhook = Readonly<WebhookRecord> & {
  /** Full execute URL, e.g. `http://127.0.0.1:8787/api/v10/webhooks/ID/TOKEN`. */
  readonly url: string;
};

/**
 * A running Discord webhook emulator. Everything here is also reachable over HTTP under `/_emulator/`, so other
 * processes (benchmarks, the CLI, browser tests) can drive it the same way.
 */
export interface DiscordEmulator {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /**
   * Creates a webhook; missing fields are generated (a snowflake id, a 68-character token, a channel of its own,
   * Discord's default name).
   * @throws {EmulatorInputError} for an invalid id, token, channel id or name.
   * @throws {WebhookConflictError} when the id exists.
   */
  createWebhook(options?: CreateWebhookOptions): EmulatorWebhook;
  /** Every webhook, deleted ones included. */
  webhooks(): EmulatorWebhook[];
  /** Recorded webhook-route requests (never with the token), oldest first. */
  requests(filter?: RequestFilter): RecordedRequest[];
  /** Stored messages with their edit count and deleted flag, oldest first. */
  messages(webhookId?: string): StoredMessage[];
  /**
   * Queues a fault for the next matching request(s); faults are consumed first-in first-out.
   * @throws {EmulatorInputError} when the fault is invalid.
   */
  injectFault(fault: FaultInput): void;
  /** Faults not yet used up. */
  pendingFaults(): PendingFault[];
  /**
   * Changes limits (`null` disables one, absent keeps it) and starts every bucket afresh.
   * @throws {EmulatorInputError} when a limit is invalid.
   */
  setRateLimits(limits: RateLimitsUpdate): RateLimitSettings;
  /** The limits in force. */
  rateLimits(): RateLimitSettings;
  /** Forgets requests, messages, faults and bucket state; webhooks (and their deleted flag) stay. */
  reset(): void;
  /** Calls `listener` on every message-created / -updated / -deleted event; returns the unsubscribe function. */
  onEvent(listener: (event: EmulatorEvent) => void): () => void;
  /** Calls `listener` with every webhook-route request once it is answered or dropped; returns the unsubscribe function. */
  onRequest(listener: (request: RecordedRequest) => void): () => void;
  /** Stops listening and drops every connection, including hung requests; event streams are ended. */
  close(): Promise<void>;
}
