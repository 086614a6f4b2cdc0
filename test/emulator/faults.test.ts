import { EmulatorInputError, type EmulatorWebhook } from '../../src/emulator';
import { rateLimitHeaders, send, useEmulator } from './helpers';

const discord = useEmulator({ rateLimit: { limit: 50, windowMs: 1_000 } });

/**
 * The error a failed fetch rejects with, as `name` or `name/cause code`. Duck-typed: fetch errors come from
 * Node's realm, not Jest's, so `instanceof Error` is false for them.
 */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const { name, cause } = error as { name?: string; cause?: { code?: string } };
    return cause?.code ? `${name}/${cause.code}` : String(name);
  }
  return 'no error';
}

describe('status faults', () => {
  test('500 answers Discord-style JSON once, then the webhook works again', async () => {
    discord.emulator.injectFault({ action: { type: 'status', status: 500 } });
    const failed = await send(discord.webhook.url, { json: { content: 'x' } });
    expect([failed.status, failed.text]).toEqual([500, '{"message": "500: Internal Server Error", "code": 0}']);
    expect(discord.emulator.messages(discord.webhook.id)).toEqual([]);
    expect((await send(discord.webhook.url, { json: { content: 'x' } })).status).toBe(204);
    expect(discord.emulator.requests().map((r) => [r.status, r.fault])).toEqual([
      [500, 'status'],
      [204, undefined],
    ]);
  });

  test('502 defaults to a Cloudflare HTML page', async () => {
    discord.emulator.injectFault({ action: { type: 'status', status: 502 } });
    const response = await send(discord.webhook.url, { json: { content: 'x' } });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(response.text).toContain('<center><h1>502 Bad Gateway</h1></center>');
    expect(response.text).toContain('cloudflare');
  });

  test('503 with a custom body and headers', async () => {
    discord.emulator.injectFault({
      action: { type: 'status', status: 503, body: 'upstream connect error', headers: { 'Retry-After': '3' } },
    });
    const response = await send(discord.webhook.url, { json: { content: 'x' } });
    expect([response.status, response.text, response.headers.get('retry-after')]).toEqual([
      503,
      'upstream connect error',
      '3',
    ]);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
  });
});

describe('rate-limit faults', () => {
  test('answer 429 with retry_after in seconds (v10) and the bucket headers', async () => {
    discord.emulator.injectFault({ action: { type: 'rate-limit', retryAfterS: 1.5 } });
    const response = await send(discord.webhook.url, { json: { content: 'x' } });
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ message: 'You are being rate limited.', retry_after: 1.5, global: false });
    expect(rateLimitHeaders(response.headers)).toMatchObject({
      'retry-after': '2',
      'x-ratelimit-scope': 'user',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': '1.500',
    });
  });

  test('global rate-limit faults set global:true and X-RateLimit-Global; legacy URLs get milliseconds', async () => {
    discord.emulator.injectFault({ times: 2, action: { type: 'rate-limit', retryAfterS: 0.25, global: true } });
    const v10 = await send(discord.webhook.url, { json: { content: 'x' } });
    expect(v10.body).toEqual({ message: 'You are being rate limited.', retry_after: 0.25, global: true });
    expect(rateLimitHeaders(v10.headers)).toEqual({
      'retry-after': '1',
      'x-ratelimit-global': 'true',
      'x-ratelimit-scope': 'global',
    });
    const legacy = await send(discord.webhook.url.replace('/api/v10/', '/api/'), { json: { content: 'x' } });
    expect(legacy.body).toEqual({ message: 'You are being rate limited.', retry_after: 250, global: true });
  });
});

describe('connection faults', () => {
  test('hang without ms never answers; the client gives up and nothing is created', async () => {
    discord.emulator.injectFault({ action: { type: 'hang' } });
    const started = Date.now();
    const outcome = await failure(
      send(discord.webhook.url, { json: { content: 'x' }, signal: AbortSignal.timeout(300) }),
    );
    expect(outcome).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(discord.emulator.messages(discord.webhook.id)).toEqual([]);
    expect(discord.emulator.requests()).toMatchObject([{ fault: 'hang', status: null }]);
  });

  test('hang with ms delays the answer, then processes the request normally', async () => {
    discord.emulator.injectFault({ action: { type: 'hang', ms: 250 } });
    const started = Date.now();
    const response = await send(`${discord.webhook.url}?wait=true`, { json: { content: 'slow' } });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(245);
    expect(discord.emulator.messages(discord.webhook.id).map((m) => m.message.content)).toEqual(['slow']);
  });

  test('reset destroys the connection before processing: the client sees a network error, nothing is created', async () => {
    discord.emulator.injectFault({ action: { type: 'reset' } });
    expect(await failure(send(discord.webhook.url, { json: { content: 'x' } }))).toBe('TypeError/UND_ERR_SOCKET');
    expect(discord.emulator.messages(discord.webhook.id)).toEqual([]);
    expect(discord.emulator.requests()).toMatchObject([{ fault: 'reset', status: null, responseBody: null }]);
  });

  test('drop-response creates the message but loses the answer, so a retry duplicates it', async () => {
    discord.emulator.injectFault({ action: { type: 'drop-response' } });
    expect(await failure(send(`${discord.webhook.url}?wait=true`, { json: { content: 'lead #42' } }))).toBe(
      'TypeError/UND_ERR_SOCKET',
    );
    expect(discord.emulator.messages(discord.webhook.id).map((m) => m.message.content)).toEqual(['lead #42']);
    const retry = await send(`${discord.webhook.url}?wait=true`, { json: { content: 'lead #42' } });
    expect(retry.status).toBe(200);
    expect(discord.emulator.messages(discord.webhook.id).map((m) => m.message.content)).toEqual([
      'lead #42',
      'lead #42',
    ]);
    const [lost] = discord.emulator.requests();
    expect(lost).toMatchObject({ fault: 'drop-response', status: 200 });
    expect(lost?.responseBody).toMatchObject({ content: 'lead #42' });
  });
});

describe('matching and order', () => {
  test('faults are consumed first-in first-out by matching webhook and method, `times` times', async () => {
    const other = discord.emulator.createWebhook();
    discord.emulator.injectFault({
      webhookId: discord.webhook.id,
      method: 'POST',
      times: 2,
      action: { type: 'status', status: 500 },
    });
    discord.emulator.injectFault({ action: { type: 'status', status: 503 } });
    discord.emulator.injectFault({ method: 'PATCH', action: { type: 'status', status: 502 } });
    expect(discord.emulator.pendingFaults().map((f) => [f.action.type, f.remaining])).toEqual([
      ['status', 2],
      ['status', 1],
      ['status', 1],
    ]);
    const statuses: [string, number][] = [];
    const post = async (target: EmulatorWebhook) =>
      statuses.push([
        target === discord.webhook ? 'A' : 'B',
        (await send(target.url, { json: { content: 'x' } })).status,
      ]);
    await post(other);
    await post(discord.webhook);
    await post(discord.webhook);
    await post(discord.webhook);
    await post(other);
    expect(statuses).toEqual([
      ['B', 503],
      ['A', 500],
      ['A', 500],
      ['A', 204],
      ['B', 204],
    ]);
    expect(discord.emulator.pendingFaults()).toMatchObject([{ method: 'PATCH', remaining: 1 }]);
  });

  test('invalid faults are rejected with the field named', () => {
    expect(() => discord.emulator.injectFault({ action: { type: 'status', status: 99 } })).toThrow(EmulatorInputError);
    expect(() => discord.emulator.injectFault({ action: { type: 'status', status: 99 } })).toThrow(/action\.status/);
    expect(() => discord.emulator.injectFault({ times: 0, action: { type: 'reset' } })).toThrow(/times/);
    expect(() => discord.emulator.injectFault({ webhookId: 'abc', action: { type: 'reset' } })).toThrow(
      /webhookId: must be a snowflake/,
    );
  });
});
