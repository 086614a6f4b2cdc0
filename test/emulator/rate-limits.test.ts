import { DEFAULT_RATE_LIMIT, WEBHOOK_BUCKET_HASH } from '../../src/emulator';
import { rateLimitHeaders, send, sleep, useEmulator, withEmulator } from './helpers';

// Discord's per-webhook limit (5 per 2 s); the global limit is exercised on its own emulator below.
const discord = useEmulator({ rateLimit: { ...DEFAULT_RATE_LIMIT } });

describe('per-webhook bucket (5 per 2 s)', () => {
  test('successes carry the bucket headers, on 200 and on 204 alike', async () => {
    const webhook = discord.emulator.createWebhook();
    const before = Date.now() / 1000;
    const first = await send(`${webhook.url}?wait=true`, { json: { content: 'a' } });
    const second = await send(webhook.url, { json: { content: 'b' } });
    expect([first.status, second.status]).toEqual([200, 204]);
    const a = rateLimitHeaders(first.headers);
    const b = rateLimitHeaders(second.headers);
    expect(a).toEqual({
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset': expect.stringMatching(/^\d{10}\.\d{3}$/),
      'x-ratelimit-reset-after': '2.000',
      'x-ratelimit-bucket': WEBHOOK_BUCKET_HASH,
    });
    expect(b['x-ratelimit-remaining']).toBe('3');
    expect(Number(a['x-ratelimit-reset'])).toBeGreaterThanOrEqual(before + 2);
    expect(Number(a['x-ratelimit-reset'])).toBeLessThanOrEqual(Date.now() / 1000 + 2);
    // Same window: the reset moment does not move.
    expect(b['x-ratelimit-reset']).toBe(a['x-ratelimit-reset']);
    expect(Number(b['x-ratelimit-reset-after'])).toBeLessThanOrEqual(2);
  });

  test('the bucket hash is the same for every webhook, the counts are not', async () => {
    const one = discord.emulator.createWebhook();
    const two = discord.emulator.createWebhook();
    await send(one.url, { json: { content: 'a' } });
    const fromOne = await send(one.url, { json: { content: 'a' } });
    const fromTwo = await send(two.url, { json: { content: 'a' } });
    expect(fromOne.headers.get('x-ratelimit-bucket')).toBe(fromTwo.headers.get('x-ratelimit-bucket'));
    expect([fromOne.headers.get('x-ratelimit-remaining'), fromTwo.headers.get('x-ratelimit-remaining')]).toEqual([
      '3',
      '4',
    ]);
  });

  test('the 6th request within 2 s answers 429 with the exact body and headers, then succeeds after the reset', async () => {
    const webhook = discord.emulator.createWebhook();
    for (let i = 0; i < 5; i += 1) expect((await send(webhook.url, { json: { content: `m${i}` } })).status).toBe(204);
    const limited = await send(webhook.url, { json: { content: 'm5' } });
    expect(limited.status).toBe(429);
    expect(Object.keys(limited.body)).toEqual(['message', 'retry_after', 'global']);
    expect(limited.body).toEqual({
      message: 'You are being rate limited.',
      retry_after: expect.any(Number),
      global: false,
    });
    const retryAfter = limited.body.retry_after as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(limited.text).toMatch(
      /^\{"message": "You are being rate limited\.", "retry_after": [\d.]+, "global": false\}$/,
    );
    const headers = rateLimitHeaders(limited.headers);
    expect(headers).toEqual({
      'retry-after': String(Math.ceil(retryAfter)),
      'x-ratelimit-scope': 'user',
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': expect.stringMatching(/^\d{10}\.\d{3}$/),
      'x-ratelimit-reset-after': expect.stringMatching(/^\d\.\d{3}$/),
      'x-ratelimit-bucket': WEBHOOK_BUCKET_HASH,
    });
    expect(limited.headers.get('x-ratelimit-global')).toBeNull();
    expect(discord.emulator.messages(webhook.id)).toHaveLength(5);
    expect(discord.emulator.requests({ webhookId: webhook.id }).map((r) => r.status)).toEqual([
      204, 204, 204, 204, 204, 429,
    ]);

    await sleep(Number(headers['x-ratelimit-reset-after']) * 1000 + 20);
    const after = await send(webhook.url, { json: { content: 'again' } });
    expect(after.status).toBe(204);
    // A fresh window opens at the first request after the reset.
    expect(rateLimitHeaders(after.headers)).toMatchObject({
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset-after': '2.000',
    });
  });

  test('failed requests count against the bucket too', async () => {
    const webhook = discord.emulator.createWebhook();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await send(webhook.url, { json: {} })).status);
    statuses.push((await send(webhook.url.replace(webhook.token, 'wrong'), { json: { content: 'x' } })).status);
    statuses.push((await send(`${webhook.url}/messages/1`, { method: 'GET' })).status);
    statuses.push((await send(webhook.url, { json: { content: 'valid' } })).status);
    expect(statuses).toEqual([400, 400, 400, 401, 404, 429]);
  });

  test('unversioned (v6) URLs answer retry_after in milliseconds', async () => {
    const webhook = discord.emulator.createWebhook();
    const legacyUrl = webhook.url.replace('/api/v10/', '/api/');
    for (let i = 0; i < 5; i += 1) await send(legacyUrl, { json: { content: 'x' } });
    const limited = await send(legacyUrl, { json: { content: 'x' } });
    expect(limited.status).toBe(429);
    const retryAfterMs = limited.body.retry_after as number;
    expect(Number.isInteger(retryAfterMs)).toBe(true);
    expect(retryAfterMs).toBeGreaterThan(2);
    expect(retryAfterMs).toBeLessThanOrEqual(2000);
    expect(limited.headers.get('retry-after')).toBe(String(Math.ceil(retryAfterMs / 1000)));
  });

  test('setRateLimits changes the bucket; null disables it and its headers', async () => {
    const webhook = discord.emulator.createWebhook();
    expect(discord.emulator.setRateLimits({ rateLimit: { limit: 2, windowMs: 60_000 } }).rateLimit).toEqual({
      limit: 2,
      windowMs: 60_000,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await send(webhook.url, { json: { content: 'x' } })).status);
    expect(statuses).toEqual([204, 204, 429]);
    discord.emulator.setRateLimits({ rateLimit: null });
    for (let i = 0; i < 8; i += 1) {
      const response = await send(webhook.url, { json: { content: 'x' } });
      expect([response.status, rateLimitHeaders(response.headers)]).toEqual([204, {}]);
    }
    discord.emulator.setRateLimits({ rateLimit: { limit: 5, windowMs: 2_000 } });
  });
});

describe('hidden per-channel limit', () => {
  test('is shared by the webhooks of one channel and answers 429 scope shared while Remaining is still > 0', async () => {
    await withEmulator({ globalRateLimit: null, channelRateLimit: { limit: 3, windowMs: 60_000 } }, async (channel) => {
      const a = channel.createWebhook({ channelId: '1500000000000000000' });
      const b = channel.createWebhook({ channelId: '1500000000000000000' });
      const elsewhere = channel.createWebhook({ channelId: '1500000000000000001' });
      for (const url of [a.url, a.url, b.url]) expect((await send(url, { json: { content: 'x' } })).status).toBe(204);
      const limited = await send(b.url, { json: { content: 'x' } });
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({
        message: 'The resource is being rate limited.',
        retry_after: expect.any(Number),
        global: false,
        code: 20028,
      });
      expect(limited.body.retry_after).toBeGreaterThan(59);
      expect(rateLimitHeaders(limited.headers)).toMatchObject({
        'x-ratelimit-scope': 'shared',
        'x-ratelimit-remaining': '3',
        'x-ratelimit-limit': '5',
        'retry-after': '60',
      });
      expect(channel.messages(b.id)).toHaveLength(1);
      expect((await send(elsewhere.url, { json: { content: 'x' } })).status).toBe(204);
    });
  });
});

describe('global limit per client IP', () => {
  test('answers 429 global:true with X-RateLimit-Global and scope global across webhooks', async () => {
    await withEmulator({ globalRateLimit: { limit: 3, windowMs: 5_000 } }, async (global) => {
      const webhooks = [global.createWebhook(), global.createWebhook(), global.createWebhook(), global.createWebhook()];
      for (const webhook of webhooks.slice(0, 3)) {
        expect((await send(webhook.url, { json: { content: 'x' } })).status).toBe(204);
      }
      const limited = await send(webhooks[3]!.url, { json: { content: 'x' } });
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({
        message: 'You are being rate limited.',
        retry_after: expect.any(Number),
        global: true,
      });
      expect(limited.body.retry_after).toBeGreaterThan(4);
      expect(rateLimitHeaders(limited.headers)).toEqual({
        'retry-after': '5',
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
      });
      expect(global.messages(webhooks[3]!.id)).toEqual([]);
    });
  });
});
