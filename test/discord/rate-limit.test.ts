import {
  parseRateLimitHeaders,
  parseRetryAfter,
  type HeaderSource,
  type RateLimitInfo,
} from '../../src/discord/rate-limit';
import { BAN_RETRY_AFTER_MS, DEFAULT_RETRY_AFTER_MS } from '../../src/vocabulary';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const v10 = { apiVersion: 10, nowMs: NOW };

describe('parseRateLimitHeaders', () => {
  test.each<[string, HeaderSource, RateLimitInfo]>([
    [
      'reads every header of a successful response, with decimals',
      {
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '4',
        'x-ratelimit-reset': '1470173023.123',
        'x-ratelimit-reset-after': '1.234',
        'x-ratelimit-bucket': 'abcd1234',
      },
      { limit: 5, remaining: 4, resetAtMs: 1_470_173_023_123, resetAfterMs: 1234, bucket: 'abcd1234', global: false },
    ],
    [
      'reads a fetch Headers object',
      new Headers({ 'X-RateLimit-Remaining': '2', 'X-RateLimit-Reset-After': '0.5' }),
      { remaining: 2, resetAfterMs: 500, global: false },
    ],
    ['is empty but valid when headers are missing', {}, { global: false }],
    [
      'ignores garbage values',
      {
        'x-ratelimit-limit': 'lots',
        'x-ratelimit-remaining': '-1',
        'x-ratelimit-reset-after': 'NaN',
        'retry-after': '',
      },
      { global: false },
    ],
  ])('%s', (_, headers, info) => {
    expect(parseRateLimitHeaders(headers, v10)).toEqual(info);
  });

  test('matches header names case-insensitively and takes the first of repeated values', () => {
    expect(parseRateLimitHeaders({ 'X-RateLimit-Remaining': ['0', '3'] }, v10).remaining).toBe(0);
  });

  test('prefers the precise body retry_after (seconds on v8+) over the rounded Retry-After header', () => {
    const info = parseRateLimitHeaders(
      { 'retry-after': '65', 'x-ratelimit-scope': 'user' },
      {
        ...v10,
        status: 429,
        body: '{"message": "You are being rate limited.", "retry_after": 64.57, "global": false}',
      },
    );
    expect(info).toEqual({ global: false, scope: 'user', retryAfterMs: 64_570 });
  });

  test('uses Retry-After when the body has none', () => {
    expect(parseRateLimitHeaders({ 'retry-after': '3' }, { ...v10, status: 429, body: '' }).retryAfterMs).toBe(3000);
  });

  test('reads retry_after as milliseconds on unversioned, v6 and v7 URLs', () => {
    const body = { message: 'You are being rate limited.', retry_after: 1500, global: false };
    for (const apiVersion of [undefined, 6, 7]) {
      expect(parseRateLimitHeaders({}, { apiVersion, nowMs: NOW, status: 429, body }).retryAfterMs).toBe(1500);
    }
    expect(parseRateLimitHeaders({}, { apiVersion: 8, nowMs: NOW, status: 429, body }).retryAfterMs).toBe(1_500_000);
  });

  test('marks a global 429 from the header or from the body', () => {
    expect(parseRateLimitHeaders({ 'x-ratelimit-global': 'true' }, { ...v10, status: 429 }).global).toBe(true);
    const body = { message: 'You are being rate limited.', retry_after: 0.25, global: true };
    expect(parseRateLimitHeaders({ 'x-ratelimit-scope': 'global' }, { ...v10, status: 429, body })).toEqual({
      global: true,
      scope: 'global',
      retryAfterMs: 250,
    });
  });

  test('keeps the shared scope, which does not count toward the invalid-request ban', () => {
    const info = parseRateLimitHeaders({ 'x-ratelimit-scope': 'shared', 'retry-after': '1' }, { ...v10, status: 429 });
    expect(info).toEqual({ global: false, scope: 'shared', retryAfterMs: 1000 });
  });

  test('gives a Cloudflare 1015 HTML page without headers a long global pause', () => {
    const html =
      '<!DOCTYPE html><html><head><title>Access denied | discord.com used Cloudflare</title></head>' +
      '<body><span>Error</span><span>1015</span> error code: 1015 You are being rate limited</body></html>';
    expect(parseRateLimitHeaders({ 'content-type': 'text/html' }, { ...v10, status: 429, body: html })).toEqual({
      global: true,
      retryAfterMs: BAN_RETRY_AFTER_MS,
    });
  });

  test('treats the JSON temporary block (code 0) as a ban too', () => {
    const body =
      '{"code": 0, "message": "You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently."}';
    expect(parseRateLimitHeaders({}, { ...v10, status: 429, body }).retryAfterMs).toBe(60_000);
  });

  test('gives any other 429 with nothing usable the documented default', () => {
    expect(parseRateLimitHeaders({}, { ...v10, status: 429, body: 'Too Many Requests' }).retryAfterMs).toBe(
      DEFAULT_RETRY_AFTER_MS,
    );
    expect(DEFAULT_RETRY_AFTER_MS).toBe(5000);
  });

  test('sets no retry delay on a success without Retry-After', () => {
    expect(parseRateLimitHeaders({ 'x-ratelimit-remaining': '0' }, { ...v10, status: 204 })).not.toHaveProperty(
      'retryAfterMs',
    );
  });
});

describe('parseRetryAfter', () => {
  test('reads seconds, decimals and HTTP dates', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter('0.3', NOW)).toBe(300);
    expect(parseRetryAfter(new Date(NOW + 7000).toUTCString(), NOW)).toBe(7000);
    expect(parseRetryAfter(new Date(NOW - 7000).toUTCString(), NOW)).toBe(0);
  });

  test('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});
