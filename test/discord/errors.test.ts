import {
  DiscordApiError,
  DiscordRateLimitError,
  DiscordServerError,
  DiscordTransportError,
  flattenFormErrors,
  parseErrorBody,
} from '../../src/discord/errors';
import { refusedPost } from '../helpers/discord-errors';

const TOKEN = 'SecretToken_abcdefghijklmnopqrstuvwxyz-0123456789';
const ROUTE = '/webhooks/:id/:token' as const;

describe('flattenFormErrors', () => {
  test('flattens the nested v8+ tree into dotted paths', () => {
    const errors = {
      embeds: {
        '0': {
          description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] },
          fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] },
        },
      },
      username: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 80 in length.' }] },
    };
    expect(flattenFormErrors(errors)).toEqual([
      { path: 'embeds.0.description', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' },
      { path: 'embeds.0.fields', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' },
      { path: 'username', code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 80 in length.' },
    ]);
  });

  test('gives request-level errors the path ""', () => {
    expect(
      flattenFormErrors({
        _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }],
      }),
    ).toEqual([{ path: '', code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }]);
  });

  test('keeps an _errors list on an array field (the 6000 total)', () => {
    expect(flattenFormErrors({ embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'x' }] } })).toEqual([
      { path: 'embeds', code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'x' },
    ]);
  });

  test('reads the legacy v6 flat form: an index or a message per field', () => {
    expect(flattenFormErrors({ embeds: ['0'] })).toEqual([{ path: 'embeds.0', code: '', message: 'Invalid value' }]);
    expect(flattenFormErrors({ embeds: ['Embed size exceeds maximum size of 6000'] })).toEqual([
      { path: 'embeds', code: '', message: 'Embed size exceeds maximum size of 6000' },
    ]);
    expect(flattenFormErrors({ embeds: { '0': { description: ['Must be 2048 or fewer in length.'] } } })).toEqual([
      { path: 'embeds.0.description', code: '', message: 'Must be 2048 or fewer in length.' },
    ]);
  });

  test('tolerates garbage', () => {
    expect(flattenFormErrors(undefined)).toEqual([]);
    expect(flattenFormErrors('nope')).toEqual([]);
    expect(flattenFormErrors({ a: { _errors: 'x' }, b: [1, null] })).toEqual([]);
  });
});

describe('parseErrorBody', () => {
  test('reads code, message and errors from Discord JSON', () => {
    expect(parseErrorBody('{"message": "Unknown Webhook", "code": 10015}')).toEqual({
      message: 'Unknown Webhook',
      code: 10015,
    });
  });

  test('gives undefined for HTML, empty and non-object bodies', () => {
    expect(parseErrorBody('<html>')).toBeUndefined();
    expect(parseErrorBody('')).toBeUndefined();
    expect(parseErrorBody('[1]')).toBeUndefined();
  });
});

describe('error classes', () => {
  test('DiscordApiError writes the one message format, with every field error', () => {
    const error = new DiscordApiError({
      status: 400,
      code: 50035,
      discordMessage: 'Invalid Form Body',
      fieldErrors: [
        { path: 'embeds.0.description', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' },
        { path: '', code: '', message: 'Bad' },
      ],
      method: 'POST',
      route: ROUTE,
    });
    expect(error.message).toBe(
      '[POST /webhooks/:id/:token] 400 Invalid Form Body (50035): embeds.0.description: Must be 4096 or fewer in ' +
        'length. (BASE_TYPE_MAX_LENGTH); (request): Bad',
    );
    expect(error).toMatchObject({
      name: 'DiscordApiError',
      status: 400,
      code: 50035,
      discordMessage: 'Invalid Form Body',
    });
    expect(error).toBeInstanceOf(Error);
  });

  test('DiscordApiError without a Discord code or field errors', () => {
    const error = new DiscordApiError({
      status: 404,
      code: undefined,
      discordMessage: 'Not Found',
      fieldErrors: [],
      method: 'PATCH',
      route: '/webhooks/:id/:token/messages/:messageId',
    });
    expect(error.message).toBe('[PATCH /webhooks/:id/:token/messages/:messageId] 404 Not Found');
  });

  test('DiscordRateLimitError carries the delay, global flag and scope', () => {
    const error = new DiscordRateLimitError(
      { global: true, scope: 'global', retryAfterMs: 1500 },
      'POST',
      ROUTE,
      'You are being rate limited.',
    );
    expect(error.message).toBe(
      '[POST /webhooks/:id/:token] 429 rate limited (global, scope global) "You are being rate limited.": retry after 1500 ms',
    );
    expect(error).toMatchObject({ name: 'DiscordRateLimitError', retryAfterMs: 1500, global: true, scope: 'global' });
  });

  test('DiscordServerError keeps a short single-line snippet of the body', () => {
    const error = new DiscordServerError(502, `<html>\n  <body>${'x'.repeat(500)}</body></html>`, 'POST', ROUTE);
    expect(error.bodySnippet).toHaveLength(201);
    expect(error.message.startsWith('[POST /webhooks/:id/:token] 502: <html> <body>xxx')).toBe(true);
    expect(error.name).toBe('DiscordServerError');
  });

  test('DiscordTransportError names the kind and keeps a redacted cause', () => {
    const cause = Object.assign(new Error(`connect ECONNREFUSED for /api/webhooks/1234567890123456789/${TOKEN}`), {
      code: 'ECONNREFUSED',
    });
    const error = new DiscordTransportError('network', cause.message, 'POST', ROUTE, cause);
    expect(error.message).toBe(
      '[POST /webhooks/:id/:token] network: connect ECONNREFUSED for /api/webhooks/1234567890123456789/***',
    );
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED', name: 'Error' });
    expect(String((error.cause as Error).stack)).not.toContain(TOKEN);
    expect(error.kind).toBe('network');
  });

  test('no error message contains a token, even when Discord echoes one', () => {
    const echoed = `Unknown Webhook https://discord.com/api/webhooks/1234567890123456789/${TOKEN}`;
    const errors = [
      refusedPost(404, 10015, echoed),
      new DiscordRateLimitError({ global: false, retryAfterMs: 1 }, 'POST', ROUTE, echoed),
      new DiscordServerError(500, echoed, 'POST', ROUTE),
      new DiscordTransportError('timeout', echoed, 'POST', ROUTE),
    ];
    for (const error of errors) {
      expect(error.message).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });
});
