import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type DiscordEmulator } from './api';
import { createContext, type EmulatorContext, webhookInfo } from './context';
import { DiscordErrors } from './discord-errors';
import { EmulatorInputError, EmulatorPortInUseError } from './errors';
import { json, writeResponse } from './http-io';
import { createWebhook, injectFault, resetActivity, setRateLimits } from './operations';
import { handlePreview, isPreviewPath } from './preview';
import { handleControlRoute } from './routes-control';
import { handleWebhookRoute, matchWebhookRoute } from './routes-webhook';
import { describeIssues, type EmulatorOptions, EmulatorOptionsSchema } from './schemas';

/** Longer than undici's 4 s keep-alive so a reused connection is never closed under a client. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Starts a Discord webhook emulator: Discord's webhook routes under `/api[/vN]/webhooks/...`, the control API under
 * `/_emulator/`, and a preview at `/` (assets under `/_preview/`).
 * @throws {EmulatorInputError} for invalid options (the message names each field).
 * @throws {EmulatorPortInUseError} when the port is taken.
 * @see https://discord.com/developers/docs/resources/webhook
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
  const parsed = EmulatorOptionsSchema.safeParse(options);
  if (!parsed.success) throw new EmulatorInputError('emulator options', describeIssues(parsed.error));
  const ctx = createContext(parsed.data);
  const server = createServer((req, res) => {
    route(ctx, emulator, req, res).catch((error: unknown) => internalError(res, error));
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const port = await listen(server, parsed.data.host, parsed.data.port);
  ctx.baseUrl = `http://${urlHost(parsed.data.host)}:${port}`;
  // Requests are only dispatched once listening, by which time `emulator` is set.
  const emulator = createEmulator(ctx, server, port);
  try {
    for (const webhook of parsed.data.webhooks) createWebhook(ctx, webhook);
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return emulator;
}

function createEmulator(ctx: EmulatorContext, server: Server, port: number): DiscordEmulator {
  let closing: Promise<void> | undefined;
  return {
    url: ctx.baseUrl,
    port,
    host: ctx.options.host,
    createWebhook: (options) => createWebhook(ctx, options),
    webhooks: () => ctx.store.webhooks().map((record) => webhookInfo(ctx, record)),
    requests: (filter) => ctx.store.requests(filter),
    messages: (webhookId) => ctx.store.messages(webhookId),
    injectFault: (fault) => injectFault(ctx, fault),
    pendingFaults: () => ctx.faults.list(),
    setRateLimits: (limits) => setRateLimits(ctx, limits),
    rateLimits: () => ctx.limiter.settings,
    reset: () => resetActivity(ctx),
    onEvent: (listener) => ctx.store.subscribe(listener),
    onRequest: (listener) => ctx.store.subscribeRequests(listener),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const cancel of [...ctx.cancellers]) cancel();
        for (const stream of ctx.streams) stream.end();
        for (const held of ctx.held) held.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function route(
  ctx: EmulatorContext,
  emulator: DiscordEmulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(`http://emulator.invalid${req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`}`);
  } catch {
    req.resume();
    return writeResponse(res, json(400, { message: '400: Bad Request', code: 0 }));
  }
  if (isPreviewPath(url.pathname)) return handlePreview(ctx, req, res, url);
  if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
    return handleControlRoute(ctx, emulator, req, res, url);
  }
  const match = matchWebhookRoute(url.pathname);
  if (match) return handleWebhookRoute(ctx, req, res, url, match);
  req.resume();
  const notFound = DiscordErrors.notFound();
  writeResponse(res, json(notFound.status, notFound.render(false)));
}

/** A bug in the emulator: answer 500 with the reason rather than leaving the client hanging. */
function internalError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const detail = error instanceof Error ? error.message : String(error);
  writeResponse(res, json(500, { message: '500: Internal Server Error', code: 0, emulator_error: detail }));
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new EmulatorPortInUseError(host, port, { cause: error }) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The host as it appears in a URL: wildcard addresses become loopback, IPv6 literals get brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
