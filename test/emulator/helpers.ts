/** Shared helpers for the emulator tests: plain fetch, never the project's Discord client. */
import {
  type CreateWebhookOptions,
  type DiscordEmulator,
  type EmulatorOptions,
  type EmulatorWebhook,
  startEmulator,
} from '../../src/emulator';

/** The emulator of a test file and the webhook of the running test; read them inside tests. */
export interface TestEmulator {
  emulator: DiscordEmulator;
  webhook: EmulatorWebhook;
}

/**
 * One emulator on port 0 for the test file, with the per-webhook and global limits off unless `options` sets them
 * (the hidden channel limit stays on, as on Discord). Before each test it forgets requests, messages, faults and
 * buckets, and creates a fresh webhook from `webhook`.
 */
export function useEmulator(options: EmulatorOptions = {}, webhook: CreateWebhookOptions = {}): TestEmulator {
  const state = {} as TestEmulator;
  beforeAll(async () => {
    state.emulator = await startEmulator({ port: 0, rateLimit: null, globalRateLimit: null, ...options });
  });
  afterAll(() => state.emulator.close());
  beforeEach(() => {
    state.emulator.reset();
    state.webhook = state.emulator.createWebhook(webhook);
  });
  return state;
}

/** A User-Agent in the shape Discord asks for. */
export const USER_AGENT = 'DiscordBot (https://example.invalid/temporal-discord-notifications, 0.1.0)';

export interface SendOptions {
  method?: string;
  /** Sent as JSON unless `raw` is given. */
  json?: unknown;
  raw?: string | Buffer | FormData | URLSearchParams;
  contentType?: string | null;
  /** `null` sends no User-Agent at all. */
  userAgent?: string | null;
  signal?: AbortSignal;
}

export interface SentResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. Loosely typed: tests assert on arbitrary shapes. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One HTTP request with the emulator-relevant defaults (JSON, a Discord-style User-Agent). */
export async function send(url: string, options: SendOptions = {}): Promise<SentResponse> {
  const headers: Record<string, string> = {};
  const userAgent = options.userAgent === undefined ? USER_AGENT : options.userAgent;
  // undici adds its own User-Agent when none is set; an empty value is how a client "sends none".
  headers['user-agent'] = userAgent ?? '';
  let body: string | Buffer | FormData | URLSearchParams | undefined = options.raw;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  if (options.contentType !== undefined) {
    if (options.contentType === null) delete headers['content-type'];
    else headers['content-type'] = options.contentType;
  }
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  const response = await fetch(url, { method, headers, body, signal: options.signal });
  const text = await response.text();
  let parsed: unknown;
  if ((response.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** The X-RateLimit-* and Retry-After headers of a response, lower-cased. */
export function rateLimitHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (key.startsWith('x-ratelimit-') || key === 'retry-after') picked[key] = value;
  });
  return picked;
}

/** A form-error leaf as Discord writes it. */
export const leaf = (code: string, message: string) => ({ _errors: [{ code, message }] });

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `items.map((item) => item[key])` for a loosely typed JSON array. */
export function pluck(items: unknown, key: string): unknown[] {
  return (items as Record<string, unknown>[]).map((item) => item[key]);
}

/** `BASE_TYPE_MAX_LENGTH` at a leaf. */
export const maxLength = (n: number) => leaf('BASE_TYPE_MAX_LENGTH', `Must be ${n} or fewer in length.`);
/** `BASE_TYPE_REQUIRED` at a leaf. */
export const required = leaf('BASE_TYPE_REQUIRED', 'This field is required');
/** An embed field. */
export const field = (name = 'n', value = 'v') => ({ name, value });

/** Expects Execute Webhook to accept `body` (204, empty). */
export async function expectAccepted(url: string, body: unknown): Promise<void> {
  const response = await send(url, { json: body });
  expect([response.status, response.text]).toEqual([204, '']);
}

/** Expects 400/50035 "Invalid Form Body" with exactly this `errors` tree. */
export async function expectFormErrors(url: string, body: unknown, errors: unknown): Promise<void> {
  const response = await send(url, { json: body });
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ message: 'Invalid Form Body', code: 50035, errors });
}

/** Runs `use` against an emulator of its own (options the file's emulator does not have), closed afterwards. */
export async function withEmulator<T>(
  options: EmulatorOptions,
  use: (emulator: DiscordEmulator) => T | Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ port: 0, ...options });
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}
