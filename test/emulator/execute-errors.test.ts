import { request } from 'node:http';
import { leaf, send, useEmulator } from './helpers';

const discord = useEmulator();

describe('Execute Webhook errors', () => {
  test('an unknown webhook id answers 404/10015', async () => {
    const response = await send(
      `${discord.emulator.url}/api/v10/webhooks/1234567890123456789/${discord.webhook.token}`,
      {
        json: { content: 'x' },
      },
    );
    expect(response.status).toBe(404);
    expect(response.text).toBe('{"message": "Unknown Webhook", "code": 10015}');
  });

  test('the right id with a wrong token answers 401/50027', async () => {
    const response = await send(discord.webhook.url.replace(discord.webhook.token, 'not-the-token'), {
      json: { content: 'x' },
    });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Invalid Webhook Token', code: 50027 });
  });

  test('a deleted webhook answers 404/10015 from then on', async () => {
    expect((await send(discord.webhook.url, { method: 'DELETE' })).status).toBe(204);
    for (const [method, url] of [
      ['POST', discord.webhook.url],
      ['DELETE', discord.webhook.url],
      ['GET', `${discord.webhook.url}/messages/1`],
    ] as const) {
      const response = await send(url, { method, ...(method === 'POST' ? { json: { content: 'x' } } : {}) });
      expect([method, response.status, response.body]).toEqual([
        method,
        404,
        { message: 'Unknown Webhook', code: 10015 },
      ]);
    }
    expect(discord.emulator.webhooks().find((w) => w.id === discord.webhook.id)?.deleted).toBe(true);
  });

  test.each([
    ['no fields', {}],
    ['blank content', { content: ' \n\t ' }],
    ['empty embeds', { content: '', embeds: [] }],
    ['components without with_components', { components: [{ type: 1, components: [] }] }],
  ])('an empty message (%s) answers 400/50006', async (_name, body) => {
    const response = await send(discord.webhook.url, { json: body });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: 'Cannot send an empty message', code: 50006 });
  });

  test('an empty body answers 400/50006', async () => {
    const response = await send(discord.webhook.url, { method: 'POST', contentType: 'application/json', raw: '' });
    expect(response.body).toEqual({ message: 'Cannot send an empty message', code: 50006 });
  });

  test('invalid JSON answers 400/50109', async () => {
    const response = await send(discord.webhook.url, { raw: '{"content": "x",', contentType: 'application/json' });
    expect(response.status).toBe(400);
    expect(response.text).toBe('{"message": "The request body contains invalid JSON.", "code": 50109}');
  });

  test('an unsupported Content-Type answers 400/50035 with a request-level error', async () => {
    const response = await send(discord.webhook.url, { raw: 'content=x', contentType: 'text/plain' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        _errors: [
          {
            code: 'CONTENT_TYPE_INVALID',
            message:
              "Expected \"Content-Type\" header to be one of {'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'}.",
          },
        ],
      },
    });
  });

  test('a body over 25 MiB answers 413/40005 and nothing is stored', async () => {
    const big = JSON.stringify({ content: 'x', padding: 'p'.repeat(25 * 1024 * 1024) });
    const response = await send(discord.webhook.url, { raw: big, contentType: 'application/json' });
    expect(response.status).toBe(413);
    expect(response.text).toBe('{"message": "Request entity too large", "code": 40005}');
    expect(discord.emulator.messages(discord.webhook.id)).toEqual([]);
  });

  test('a request without User-Agent answers 403/40333', async () => {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        discord.webhook.url,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end('{"content": "x"}');
    });
    expect(status).toBe(403);
    expect(text).toBe('{"message": "internal network error", "code": 40333}');
    expect(discord.emulator.requests({ webhookId: discord.webhook.id }).at(-1)?.headers).toEqual({
      'content-type': 'application/json',
    });
  });

  test.each([3, 4, 5])('API v%i is discontinued: 400/50041', async (version) => {
    const response = await send(discord.webhook.url.replace('/v10/', `/v${version}/`), { json: { content: 'x' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: 'Invalid API version provided', code: 50041 });
  });

  test.each([6, 7, 8, 9])('API v%i is served', async (version) => {
    const response = await send(discord.webhook.url.replace('/v10/', `/v${version}/`), { json: { content: 'x' } });
    expect(response.status).toBe(204);
  });

  test('query booleans other than true/false/1/0 and a non-snowflake thread_id answer 400/50035 naming each', async () => {
    const response = await send(`${discord.webhook.url}?wait=yes&thread_id=general&with_components=2`, {
      json: { content: 'x' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({
      wait: leaf('BOOLEAN_TYPE_CONVERT', 'Must be either true or false.'),
      thread_id: leaf('NUMBER_TYPE_COERCE', 'Value "general" is not snowflake.'),
      with_components: leaf('BOOLEAN_TYPE_CONVERT', 'Must be either true or false.'),
    });
    expect(discord.emulator.messages(discord.webhook.id)).toEqual([]);
  });

  test('a non-snowflake webhook id answers 400/50035 naming webhook_id', async () => {
    const response = await send(`${discord.emulator.url}/api/v10/webhooks/abc/${discord.webhook.token}`, {
      json: { content: 'x' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({
      webhook_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value "abc" is not snowflake.' }] },
    });
  });

  test('unknown routes answer 404 "404: Not Found" and PUT answers 405', async () => {
    expect((await send(`${discord.emulator.url}/api/v10/channels/1`)).body).toEqual({
      message: '404: Not Found',
      code: 0,
    });
    const put = await send(discord.webhook.url, { method: 'PUT', json: { content: 'x' } });
    expect([put.status, put.body]).toEqual([405, { message: '405: Method Not Allowed', code: 0 }]);
  });
});
