import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createEmulator, type DiscordEmulator } from './api';
import { type EmulatorContext } from './context';
import { DiscordErrors } from './discord-errors';
import { EmulatorPortInUseError } from './errors';
import { FaultQueue } from './faults';
import { internalError, json, writeResponse } from './http-io';
import { handlePreviewRoute, isPreviewPath } from './preview/routes';
import { RateLimiter } from './rate-limits';
import { handleControlRoute } from './routes-control';
import { handleWebhookRoute, matchWebhookRoute } from './routes-webhook';
import { type EmulatorOptions, EmulatorOptionsSchema, parseInput } from './schemas';
import { SnowflakeGenerator } from './snowflake';
import { EmulatorStore } from './store';

/** Longer than undici's 4 s keep-alive so a reused connection is never closed under a client. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Starts a Discord webhook emulator: Discord's webhook routes under `/api[/vN]/webhooks/...`, the control API under
 * `/_emulator/`, and a preview at `/` (assets under `/_preview/`).
 * @throws {EmulatorInputError} for invalid options (the message names each field).
 * @throws {EmulatorPortInUseError} when the port is taken.
 * @see https://discord.com/developers/docs/resources/webhook
 */
export async function startEmulator(input: EmulatorOptions = {}): Promise<DiscordEmulator> {
  const options = parseInput(EmulatorOptionsSchema, input, 'emulator options');
  const { rateLimit, channelRateLimit, globalRateLimit } = options;
  const ctx: EmulatorContext = {
    store: new EmulatorStore(options.maxRecordedRequests),
    limiter: new RateLimiter({ rateLimit, channelRateLimit, globalRateLimit }),
    faults: new FaultQueue(),
    snowflakes: new SnowflakeGenerator(),
    options,
    clock: Date.now,
    baseUrl: '',
    streams: new Set(),
  };
  const server = createServer((req, res) => {
    route(ctx, emulator, req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else writeResponse(res, internalError(error));
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.listen(options.port, options.host);
  await once(server, 'listening').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE'
      ? new EmulatorPortInUseError(options.host, options.port, { cause: error })
      : error;
  });
  const { port } = server.address() as AddressInfo;
  ctx.baseUrl = `http://${urlHost(options.host)}:${port}`;
  // Requests are only dispatched once listening, by which time `emulator` is set.
  const emulator = createEmulator(ctx, server, port);
  try {
    for (const webhook of options.webhooks) emulator.createWebhook(webhook);
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return emulator;
}

async function route(ctx: EmulatorContext, emulator: DiscordEmulator, req: IncomingMessage, res: ServerResponse) {
  const target = `http://emulator.invalid${req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`}`;
  const url = URL.canParse(target) ? new URL(target) : undefined;
  if (url && isPreviewPath(url.pathname)) return handlePreviewRoute(ctx, req, res, url);
  if (url && /^\/_emulator(\/|$)/.test(url.pathname)) return handleControlRoute(ctx, emulator, req, res, url);
  const match = url && matchWebhookRoute(url.pathname);
  if (url && match) return handleWebhookRoute(ctx, req, res, url, match);
  req.resume();
  writeResponse(
    res,
    url ? DiscordErrors.notFound().toResponse(false) : json(400, { message: '400: Bad Request', code: 0 }),
  );
}

/** The host as it appears in a URL: wildcard addresses become loopback, IPv6 literals get brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
