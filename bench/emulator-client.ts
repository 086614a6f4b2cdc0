/** Starts the emulator child and drives it through its HTTP control API (`/_emulator/`). */
import { join } from 'node:path';
import { request } from 'undici';
import type { EmulatorOptions, EmulatorWebhook, RecordedRequest, StoredMessage } from '../src/emulator';
import { spawnNode, type Child } from './processes';

/** A running emulator child. */
export interface BenchEmulator {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** `DISCORD_ALLOWED_HOSTS` for a worker that posts to it. */
  readonly allowedHosts: string;
  createWebhook(name: string): Promise<EmulatorWebhook>;
  /** Recorded webhook requests, oldest first (optionally one webhook's, or after `since`). */
  requests(filter?: { webhookId?: string; since?: number }): Promise<RecordedRequest[]>;
  /** How many webhook requests are recorded. */
  requestCount(): Promise<number>;
  /** Messages as Discord would show them now (edits applied), oldest first. */
  messages(webhookId?: string): Promise<StoredMessage[]>;
  /** Answers the next `times` requests to the webhook with `status` (a Discord outage). */
  failRequests(webhookId: string, status: number, times: number): Promise<void>;
  /** Drops every pending fault: Discord is back. */
  clearFaults(): Promise<void>;
  /** Forgets requests, messages and bucket state (webhooks stay). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function call<T>(url: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<T> {
  const response = await request(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Starts `lib-bench/bench/emulator-process.js` with these options and waits until it listens. */
export async function startBenchEmulator(
  options: EmulatorOptions,
  logDir: string,
  name = 'emulator',
): Promise<BenchEmulator> {
  const child: Child = spawnNode(
    name,
    join(__dirname, 'emulator-process.js'),
    { BENCH_EMULATOR_OPTIONS: JSON.stringify(options) },
    join(logDir, `${name}.log`),
  );
  const ready = JSON.parse(await child.waitForLine(/"ready":true/, 60_000)) as { url: string; port: number };
  const control = `${ready.url}/_emulator`;
  return {
    url: ready.url,
    port: ready.port,
    pid: child.pid,
    allowedHosts: `127.0.0.1:${ready.port}`,
    createWebhook: (webhookName) => call<EmulatorWebhook>(`${control}/webhooks`, 'POST', { name: webhookName }),
    requests: (filter = {}) => {
      const query = new URLSearchParams();
      if (filter.webhookId) query.set('webhookId', filter.webhookId);
      if (filter.since !== undefined) query.set('since', String(filter.since));
      return call<RecordedRequest[]>(`${control}/requests?${query.toString()}`, 'GET');
    },
    requestCount: async () => (await call<{ requests: number }>(`${control}/health`, 'GET')).requests,
    messages: (webhookId) =>
      call<StoredMessage[]>(
        `${control}/messages${webhookId ? `?webhookId=${encodeURIComponent(webhookId)}` : ''}`,
        'GET',
      ),
    failRequests: async (webhookId, status, times) => {
      await call(`${control}/faults`, 'POST', { webhookId, times, action: { type: 'status', status } });
    },
    clearFaults: () => call<undefined>(`${control}/faults`, 'DELETE'),
    reset: () => call<undefined>(`${control}/requests`, 'DELETE'),
    stop: () => child.stop(),
  };
}
