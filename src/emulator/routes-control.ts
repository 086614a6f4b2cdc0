import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type DiscordEmulator } from './api';
import { type EmulatorContext } from './context';
import { EmulatorInputError, WebhookConflictError } from './errors';
import { type EmulatorResponse, json, readBody, writeResponse } from './http-io';
import { parseJson } from './json';
import { createWebhook, injectFault, setRateLimits } from './operations';
import { describeIssues, RequestsQuerySchema } from './schemas';
import { openEventStream } from './sse';

/** Control bodies are small; anything bigger is a mistake. */
const MAX_CONTROL_BODY_BYTES = 1024 * 1024;

type ControlHandler = (input: { body: unknown; query: URLSearchParams }) => EmulatorResponse;

/**
 * The control API under `/_emulator/`: JSON in and out, 400 with `{"error": "..."}` naming the bad field.
 * `GET /_emulator/events` is a Server-Sent Events stream.
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
  if (path === '/_emulator/events' && method === 'GET') {
    openEventStream(ctx, req, res);
    return;
  }
  const routes = controlRoutes(ctx, emulator);
  const route = routes[path];
  const { buffer, tooLarge } = await readBody(req, MAX_CONTROL_BODY_BYTES);
  if (!route) return writeResponse(res, error(404, `no control route ${path}; see GET /_emulator/health`));
  const handler = route[method];
  if (!handler) {
    const allowed = Object.keys(route).join(', ');
    return writeResponse(res, { ...error(405, `${method} is not allowed on ${path}`), headers: { Allow: allowed } });
  }
  if (tooLarge) return writeResponse(res, error(413, `body over ${MAX_CONTROL_BODY_BYTES} bytes`));
  let body: unknown = {};
  if (buffer.length > 0) {
    const parsed = parseJson(buffer.toString('utf8'));
    if (!parsed.ok) return writeResponse(res, error(400, 'invalid body: not valid JSON'));
    body = parsed.value;
  }
  try {
    writeResponse(res, handler({ body, query: url.searchParams }));
  } catch (cause) {
    if (cause instanceof EmulatorInputError) writeResponse(res, error(400, cause.message));
    else if (cause instanceof WebhookConflictError) writeResponse(res, error(409, cause.message));
    else throw cause;
  }
}

function controlRoutes(
  ctx: EmulatorContext,
  emulator: DiscordEmulator,
): Record<string, Record<string, ControlHandler | undefined> | undefined> {
  const noContent: EmulatorResponse = { status: 204, body: null, headers: {} };
  return {
    '/_emulator/health': {
      GET: () => json(200, { ok: true, url: emulator.url, ...ctx.store.counts }),
    },
    '/_emulator/webhooks': {
      GET: () =>
        json(
          200,
          emulator.webhooks().map((webhook) => ({ ...webhook })),
        ),
      POST: ({ body }) => json(201, { ...createWebhook(ctx, body) }),
    },
    '/_emulator/requests': {
      GET: ({ query }) => {
        const parsed = RequestsQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) throw new EmulatorInputError('query', describeIssues(parsed.error));
        return json(200, emulator.requests(parsed.data));
      },
      DELETE: () => {
        emulator.reset();
        return noContent;
      },
    },
    '/_emulator/messages': {
      GET: ({ query }) => json(200, emulator.messages(query.get('webhookId') || undefined)),
    },
    '/_emulator/faults': {
      GET: () =>
        json(
          200,
          ctx.faults.list().map((fault) => ({ ...fault })),
        ),
      POST: ({ body }) => {
        injectFault(ctx, body);
        return json(201, { pending: ctx.faults.list().length });
      },
      DELETE: () => {
        ctx.faults.clear();
        return noContent;
      },
    },
    '/_emulator/rate-limits': {
      GET: () => json(200, { ...emulator.rateLimits() }),
      PUT: ({ body }) => json(200, { ...setRateLimits(ctx, body) }),
    },
  };
}

function error(status: number, message: string): EmulatorResponse {
  return json(status, { error: message });
}
