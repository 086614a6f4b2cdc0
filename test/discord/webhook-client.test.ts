// The webhook client against a real local HTTP server (node:http on 127.0.0.1, port 0): one attempt per call,
// every outcome classified, and the token never in an error.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import {
  DiscordApiError,
  DiscordRateLimitError,
  DiscordServerError,
  DiscordTransportError,
} from '../../src/discord/errors';
import type { WebhookMessage } from '../../src/discord/schemas';
import { createWebhookClient, DEFAULT_USER_AGENT, type WebhookClient } from '../../src/discord/webhook-client';
import { parseWebhookUrl, type WebhookTarget } from '../../src/discord/webhook-url';

const ID = '1234567890123456789';
const TOKEN = 'Tok3n_secret-value.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123';
const MESSAGE: WebhookMessage = { content: 'Hot lead', allowed_mentions: { parse: [] } };

interface Seen {
  remotePort: number | undefined;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let handler: Handler;
let seen: Seen[];
let port: number;
let client: WebhookClient;
let agent: Agent;

const target = (version = '/v10'): WebhookTarget =>
  parseWebhookUrl(`http://127.0.0.1:${port}/api${version}/webhooks/${ID}/${TOKEN}`, {
    allowedHosts: [`127.0.0.1:${port}`],
  });

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const discordMessage = (id: string) => ({
  id,
  channel_id: '2234567890123456789',
  webhook_id: ID,
  content: 'Hot lead',
  embeds: [],
  timestamp: '2024-05-01T12:00:00.000000+00:00',
  edited_timestamp: null,
  author: { id: ID, username: 'Captain Hook', bot: true },
  pinned: false,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        remotePort: req.socket.remotePort,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      });
      handler(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  seen = [];
  agent = new Agent();
  client = createWebhookClient({ timeoutMs: 2000, dispatcher: agent });
});

afterEach(async () => {
  server.closeAllConnections();
  await agent.close();
});

/** The error a call rejects with; fails the test when it resolves. */
async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

function expectNoToken(error: Error): void {
  expect(error.message).not.toContain(TOKEN);
  expect(String(error.stack)).not.toContain(TOKEN);
  expect(JSON.stringify(error)).not.toContain(TOKEN);
  if (error.cause instanceof Error) expect(String(error.cause.stack)).not.toContain(TOKEN);
}

describe('execute', () => {
  test('posts JSON with the User-Agent and returns 204 without a message when wait is false', async () => {
    handler = (_req, res) => {
      res.writeHead(204, { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4', 'x-ratelimit-reset-after': '2' });
      res.end();
    };
    const response = await client.execute(target(), MESSAGE, { wait: false });
    expect(response).toEqual({ status: 204, rateLimit: { limit: 5, remaining: 4, resetAfterMs: 2000, global: false } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: `/api/v10/webhooks/${ID}/${TOKEN}` });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(MESSAGE);
  });

  test('sends wait=true by default and returns the created message', async () => {
    handler = (_req, res) => json(res, 200, discordMessage('3234567890123456789'), { 'x-ratelimit-remaining': '0' });
    const response = await client.execute(target(), MESSAGE);
    expect(seen[0]?.url).toBe(`/api/v10/webhooks/${ID}/${TOKEN}?wait=true`);
    expect(response.status).toBe(200);
    expect(response.message).toMatchObject({
      id: '3234567890123456789',
      channel_id: '2234567890123456789',
      pinned: false,
    });
    expect(response.rateLimit.remaining).toBe(0);
  });

  test('User-Agent follows DiscordBot (url, version)', () => {
    expect(DEFAULT_USER_AGENT).toMatch(/^DiscordBot \(https?:\/\/\S+, \d+\.\d+\.\d+\S*\)$/);
  });

  test('posts into a thread with thread_id', async () => {
    handler = (_req, res) => json(res, 200, discordMessage('3234567890123456789'));
    await client.execute(target(), MESSAGE, { threadId: '4234567890123456789' });
    expect(seen[0]?.url).toBe(`/api/v10/webhooks/${ID}/${TOKEN}?wait=true&thread_id=4234567890123456789`);
  });

  test('treats a 2xx body that is not a message as a success without a message', async () => {
    handler = (_req, res) => json(res, 200, { unexpected: true });
    expect(await client.execute(target(), MESSAGE)).toEqual({ status: 200, rateLimit: { global: false } });
  });

  test('429: rate-limit error with the body retry_after (seconds), global flag and scope', async () => {
    handler = (_req, res) =>
      json(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: 1.5, global: true },
        { 'retry-after': '2', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      );
    const error = await failure(client.execute(target(), MESSAGE));
    expect(error).toBeInstanceOf(DiscordRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 1500, global: true, scope: 'global' });
    expect(error.message).toBe(
      '[POST /webhooks/:id/:token] 429 rate limited (global, scope global) "You are being rate limited.": retry after 1500 ms',
    );
    expectNoToken(error);
    expect(seen).toHaveLength(1);
  });

  test('429 on an unversioned URL reads retry_after in milliseconds', async () => {
    handler = (_req, res) =>
      json(res, 429, { message: 'You are being rate limited.', retry_after: 750, global: false });
    const error = await failure(client.execute(target(''), MESSAGE));
    expect(error).toMatchObject({ retryAfterMs: 750, global: false });
  });

  test('400: API error with Discord code, message and flattened field paths', async () => {
    handler = (_req, res) =>
      json(res, 400, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          embeds: {
            '0': {
              description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] },
            },
          },
        },
      });
    const error = await failure(client.execute(target(), MESSAGE));
    expect(error).toBeInstanceOf(DiscordApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 50035,
      discordMessage: 'Invalid Form Body',
      fieldErrors: [
        { path: 'embeds.0.description', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' },
      ],
    });
    expect(error.message).toBe(
      '[POST /webhooks/:id/:token] 400 Invalid Form Body (50035): embeds.0.description: Must be 4096 or fewer in length. (BASE_TYPE_MAX_LENGTH)',
    );
  });

  test('401 invalid token and 404 unknown webhook carry their Discord codes', async () => {
    handler = (_req, res) => json(res, 401, { message: 'Invalid Webhook Token', code: 50027 });
    const unauthorized = await failure(client.execute(target(), MESSAGE));
    expect(unauthorized).toMatchObject({ name: 'DiscordApiError', status: 401, code: 50027 });
    expectNoToken(unauthorized);
    handler = (_req, res) => json(res, 404, { message: 'Unknown Webhook', code: 10015 });
    const unknown = await failure(client.execute(target(), MESSAGE));
    expect(unknown.message).toBe('[POST /webhooks/:id/:token] 404 Unknown Webhook (10015)');
  });

  test('a 4xx with an HTML body is still an API error', async () => {
    handler = (_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html><body>Forbidden</body></html>');
    };
    const error = await failure(client.execute(target(), MESSAGE));
    expect(error).toMatchObject({
      status: 403,
      code: undefined,
      discordMessage: '<html><body>Forbidden</body></html>',
    });
  });

  test('500: server error with a body snippet', async () => {
    handler = (_req, res) => json(res, 502, { message: 'Bad Gateway', code: 0 });
    const error = await failure(client.execute(target(), MESSAGE));
    expect(error).toBeInstanceOf(DiscordServerError);
    expect(error).toMatchObject({ status: 502 });
    expect(error.message).toBe('[POST /webhooks/:id/:token] 502: {"message":"Bad Gateway","code":0}');
  });

  test('a hanging server hits the timeout: transport error of kind timeout', async () => {
    handler = () => undefined; // never answers
    client = createWebhookClient({ timeoutMs: 200, dispatcher: agent });
    const error = await failure(client.execute(target(), MESSAGE));
    expect(error).toBeInstanceOf(DiscordTransportError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toBe('[POST /webhooks/:id/:token] timeout: no answer within 200 ms');
    expectNoToken(error);
  });

  test('a reset connection is a network error', async () => {
    handler = (req) => req.socket.destroy();
    const error = await failure(client.execute(target(), MESSAGE));
    expect(error).toMatchObject({ name: 'DiscordTransportError', kind: 'network' });
    expectNoToken(error);
  });

  test('a refused connection is a network error', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const refused = parseWebhookUrl(`http://127.0.0.1:${closedPort}/api/v10/webhooks/${ID}/${TOKEN}`, {
      allowedHosts: [`127.0.0.1:${closedPort}`],
    });
    const error = await failure(client.execute(refused, MESSAGE));
    expect(error).toMatchObject({ kind: 'network' });
    expect(error.message).toContain('ECONNREFUSED');
    expectNoToken(error);
  });

  test("the caller's abort is a transport error of kind aborted", async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const call = failure(client.execute(target(), MESSAGE, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await call;
    expect(error).toMatchObject({ name: 'DiscordTransportError', kind: 'aborted' });
    expect(error.message).toBe('[POST /webhooks/:id/:token] aborted: cancelled by the caller');
  });

  test("a caller's deadline (a TimeoutError reason) is named in the aborted error", async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const call = failure(client.execute(target(), MESSAGE, { signal: controller.signal }));
    setTimeout(() => controller.abort(new DOMException('the attempt ran out of time', 'TimeoutError')), 50);
    const error = await call;
    expect(error).toMatchObject({ name: 'DiscordTransportError', kind: 'aborted' });
    expect(error.message).toBe('[POST /webhooks/:id/:token] aborted: the attempt ran out of time');
  });

  test('reads every error body to the end, so one pooled connection serves the next request', async () => {
    agent = new Agent({ connections: 1, pipelining: 1 });
    client = createWebhookClient({ timeoutMs: 1000, dispatcher: agent });
    const answers: Handler[] = [
      (_req, res) =>
        json(res, 400, { code: 50006, message: 'Cannot send an empty message', padding: 'x'.repeat(100_000) }),
      (_req, res) => json(res, 429, { message: 'slow down', retry_after: 0.1, global: false }),
      (_req, res) => json(res, 500, { message: 'x'.repeat(100_000) }),
      (_req, res) => json(res, 200, discordMessage('5234567890123456789')),
    ];
    handler = (req, res, body) => answers[seen.length - 1]?.(req, res, body);
    await expect(client.execute(target(), MESSAGE)).rejects.toBeInstanceOf(DiscordApiError);
    await expect(client.execute(target(), MESSAGE)).rejects.toBeInstanceOf(DiscordRateLimitError);
    await expect(client.execute(target(), MESSAGE)).rejects.toBeInstanceOf(DiscordServerError);
    expect((await client.execute(target(), MESSAGE)).message?.id).toBe('5234567890123456789');
    // All four went over the same socket: none was left holding an unread body.
    expect(new Set(seen.map((s) => s.remotePort)).size).toBe(1);
  });
});

describe('message operations', () => {
  test('editMessage PATCHes only the editable fields, in the thread', async () => {
    handler = (_req, res) => json(res, 200, discordMessage('3234567890123456789'));
    const full: WebhookMessage = {
      content: '50%',
      username: 'Bot',
      avatar_url: 'https://example.com/a.png',
      flags: 4100,
      allowed_mentions: { parse: [] },
    };
    const response = await client.editMessage(target(), '3234567890123456789', full, {
      threadId: '4234567890123456789',
    });
    expect(response.message?.id).toBe('3234567890123456789');
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      url: `/api/v10/webhooks/${ID}/${TOKEN}/messages/3234567890123456789?thread_id=4234567890123456789`,
    });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ content: '50%', flags: 4, allowed_mentions: { parse: [] } });
  });

  test('a missing message is an API error on the message route', async () => {
    handler = (_req, res) => json(res, 404, { message: 'Unknown Message', code: 10008 });
    const error = await failure(client.editMessage(target(), '3234567890123456789', MESSAGE));
    expect(error.message).toBe('[PATCH /webhooks/:id/:token/messages/:messageId] 404 Unknown Message (10008)');
  });

  test('getMessage GETs without a body and deleteMessage DELETEs', async () => {
    handler = (req, res) =>
      req.method === 'GET' ? json(res, 200, discordMessage('3234567890123456789')) : res.writeHead(204).end();
    expect((await client.getMessage(target(), '3234567890123456789')).message?.content).toBe('Hot lead');
    expect((await client.deleteMessage(target(), '3234567890123456789')).status).toBe(204);
    expect(seen.map((s) => [s.method, s.body, s.headers['content-type']])).toEqual([
      ['GET', '', undefined],
      ['DELETE', '', undefined],
    ]);
  });

  test('refuses a message id that is not a snowflake before sending anything', async () => {
    await expect(client.getMessage(target(), '../../evil')).rejects.toThrow('messageId must be a snowflake id');
    expect(seen).toHaveLength(0);
  });
});
