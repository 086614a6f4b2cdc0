import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type DiscordEmulator } from './api';
import { type EmulatorContext } from './context';
import { EmulatorInputError, WebhookConflictError } from './errors';
import { type EmulatorResponse, json, parseJson, readBody, writeResponse } from './http-io';
import {
  type CreateWebhookOptions,
  type FaultInput,
  parseInput,
  type RateLimitsUpdate,
  RequestsQuerySchema,
} from './schemas';

/** Control bodies are small; anything bigger is a mistake. */
const MAX_CONTROL_BODY_BYTES = 1024 * 1024;
/** Comment lines keep idle proxies and browsers from closing an event stream. */
const HEARTBEAT_MS = 15_000;

/** A control route's handler: the parsed JSON body and the query without empty values (`?webhookId=`). */
type ControlHandler = (body: unknown, query: Record<string, string>) => EmulatorResponse;

const error = (status: number, message: string, headers?: Record<string, string>) =>
  json(status, { error: message }, headers);

/**
 * The control API under `/_emulator/`: JSON in and out, 400 with `{"error": "..."}` naming the bad field, 409 for a
 * webhook id that exists. `GET /_emulator/events` is a Server-Sent Events stream.
 */
export async function handleControlRoute(
  ctx: EmulatorContext,
  emulator: DiscordEmulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const path = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  if (path === '/_emulator/events' && method === 'GET') return openEventStream(ctx, req, res);
  const { buffer, tooLarge } = await readBody(req, MAX_CONTROL_BODY_BYTES);
  const route = controlRoutes(ctx, emulator)[path];
  const handler = route?.[method];
  const body = buffer.length > 0 ? parseJson(buffer.toString('utf8')) : { ok: true, value: {} };
  const query = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''));
  let response: EmulatorResponse;
  if (!route) response = error(404, `no control route ${path}; see GET /_emulator/health`);
  else if (!handler)
    response = error(405, `${method} is not allowed on ${path}`, { Allow: Object.keys(route).join(', ') });
  else if (tooLarge) response = error(413, `body over ${MAX_CONTROL_BODY_BYTES} bytes`);
  else if (!body.ok) response = error(400, 'invalid body: not valid JSON');
  else {
    try {
      response = handler(body.value, query);
    } catch (cause) {
      if (!(cause instanceof EmulatorInputError || cause instanceof WebhookConflictError)) throw cause;
      response = error(cause instanceof WebhookConflictError ? 409 : 400, cause.message);
    }
  }
  writeResponse(res, response);
}

// Bodies are cast to the API's input types: the emulator's own methods validate them and name every bad field.
function controlRoutes(
  ctx: EmulatorContext,
  emulator: DiscordEmulator,
): Record<string, Record<string, ControlHandler>> {
  return {
    '/_emulator/health': { GET: () => json(200, { ok: true, url: emulator.url, ...ctx.store.counts }) },
    '/_emulator/webhooks': {
      GET: () => json(200, emulator.webhooks()),
      POST: (body) => json(201, emulator.createWebhook(body as CreateWebhookOptions)),
    },
    '/_emulator/requests': {
      GET: (_body, query) => json(200, emulator.requests(parseInput(RequestsQuerySchema, query, 'query'))),
      DELETE: () => (emulator.reset(), json(204, null)),
    },
    '/_emulator/messages': { GET: (_body, query) => json(200, emulator.messages(query.webhookId)) },
    '/_emulator/faults': {
      GET: () => json(200, emulator.pendingFaults()),
      POST: (body) => (
        emulator.injectFault(body as FaultInput),
        json(201, { pending: emulator.pendingFaults().length })
      ),
      DELETE: () => (ctx.faults.clear(), json(204, null)),
    },
    '/_emulator/rate-limits': {
      GET: () => json(200, emulator.rateLimits()),
      PUT: (body) => json(200, emulator.setRateLimits(body as RateLimitsUpdate)),
    },
  };
}

/**
 * A Server-Sent Events stream of message events (`message-created`, `message-updated`, `message-deleted`); each
 * `data:` line is the stored message as JSON, `id:` its event sequence number.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
function openEventStream(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.write('retry: 1000\n: connected\n\n');
  const unsubscribe = ctx.store.events.add((event) => {
    res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS).unref();
  ctx.streams.add(res);
  res.once('close', () => {
    unsubscribe();
    clearInterval(heartbeat);
    ctx.streams.delete(res);
  });
}
