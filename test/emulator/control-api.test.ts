import { type EmulatorEvent, type RecordedRequest, type StoredMessage } from '../../src/emulator';
import { send, useEmulator } from './helpers';

const discord = useEmulator();
let control: string;
beforeAll(() => (control = `${discord.emulator.url}/_emulator`));

describe('control API', () => {
  test('GET /_emulator/health reports the counts', async () => {
    const response = await send(`${control}/health`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ok: true,
      url: discord.emulator.url,
      webhooks: expect.any(Number),
      messages: 0,
      requests: 0,
    });
  });

  test('POST /_emulator/webhooks creates a webhook with its full execute URL; GET lists it', async () => {
    const token = 'T'.repeat(68);
    const created = await send(`${control}/webhooks`, {
      json: { id: '1600000000000000001', token, channelId: '1600000000000000002', name: 'Publishing' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: '1600000000000000001',
      token,
      channelId: '1600000000000000002',
      guildId: expect.any(String),
      name: 'Publishing',
      url: `${discord.emulator.url}/api/v10/webhooks/1600000000000000001/${token}`,
      deleted: false,
    });
    expect((await send(created.body.url, { json: { content: 'x' } })).status).toBe(204);
    const listed = await send(`${control}/webhooks`);
    expect(listed.body).toContainEqual(created.body);
    const duplicate = await send(`${control}/webhooks`, { json: { id: '1600000000000000001' } });
    expect([duplicate.status, duplicate.body]).toEqual([
      409,
      { error: 'a webhook with id 1600000000000000001 already exists' },
    ]);
  });

  test('POST /_emulator/webhooks with an empty body generates everything', async () => {
    const created = await send(`${control}/webhooks`, { method: 'POST' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{68}$/);
    expect(created.body.name).toBe('Captain Hook');
  });

  test('invalid control bodies answer 400 naming each field', async () => {
    const webhook = await send(`${control}/webhooks`, { json: { id: 'abc', name: 'discord', colour: 1 } });
    expect(webhook.status).toBe(400);
    expect(webhook.body.error).toMatch(/^invalid webhook: /);
    expect(webhook.body.error).toContain('id: must be a snowflake');
    expect(webhook.body.error).toContain('name: Username cannot contain "discord"');
    expect(webhook.body.error).toContain('colour');

    const limits = await send(`${control}/rate-limits`, {
      method: 'PUT',
      json: { rateLimit: { limit: 0, windowMs: 1 } },
    });
    expect(limits.status).toBe(400);
    expect(limits.body.error).toMatch(/^invalid rate limits: rateLimit\.limit: /);

    const fault = await send(`${control}/faults`, { json: { action: { type: 'explode' } } });
    expect(fault.status).toBe(400);
    expect(fault.body.error).toMatch(/^invalid fault: action\.type: /);

    const notJson = await send(`${control}/faults`, { raw: '{', contentType: 'application/json' });
    expect([notJson.status, notJson.body]).toEqual([400, { error: 'invalid body: not valid JSON' }]);

    const since = await send(`${control}/requests?since=yesterday`);
    expect(since.status).toBe(400);
    expect(since.body.error).toMatch(/since: must be a non-negative integer/);
  });

  test('unknown control routes answer 404, wrong methods 405', async () => {
    expect((await send(`${control}/nope`)).status).toBe(404);
    const wrong = await send(`${control}/health`, { method: 'DELETE' });
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET']);
  });

  test('GET /_emulator/requests filters by webhookId and since; DELETE clears requests, messages and faults', async () => {
    const a = discord.emulator.createWebhook();
    const b = discord.emulator.createWebhook();
    await send(a.url, { json: { content: 'a1' } });
    await send(b.url, { json: { content: 'b1' } });
    await send(a.url, { json: { content: 'a2' } });
    const all = (await send(`${control}/requests`)).body as RecordedRequest[];
    expect(all.map((r) => r.webhookId)).toEqual([a.id, b.id, a.id]);
    const onlyA = (await send(`${control}/requests?webhookId=${a.id}`)).body as RecordedRequest[];
    expect(onlyA.map((r) => r.body)).toEqual([{ content: 'a1' }, { content: 'a2' }]);
    const firstSeq = all[0]!.seq;
    const since = (await send(`${control}/requests?since=${firstSeq}`)).body as RecordedRequest[];
    expect(since.map((r) => r.seq)).toEqual([firstSeq + 1, firstSeq + 2]);
    const blanks = (await send(`${control}/requests?webhookId=&since=&method=POST`)).body as RecordedRequest[];
    expect(blanks).toHaveLength(3);
    expect((await send(`${control}/requests?method=GET`)).body).toEqual([]);
    expect(all[0]).toEqual({
      seq: firstSeq,
      at: expect.any(Number),
      method: 'POST',
      route: 'POST /webhooks/:id/:token',
      path: `/api/v10/webhooks/${a.id}/:token`,
      apiVersion: 10,
      webhookId: a.id,
      query: {},
      headers: { 'user-agent': expect.stringMatching(/^DiscordBot/), 'content-type': 'application/json' },
      body: { content: 'a1' },
      status: 204,
      responseBody: null,
      endedAt: expect.any(Number),
    });
    expect(all[0]!.endedAt).toBeGreaterThanOrEqual(all[0]!.at);

    discord.emulator.injectFault({ action: { type: 'status', status: 500 } });
    const messages = (await send(`${control}/messages?webhookId=${a.id}`)).body as StoredMessage[];
    expect(messages.map((m) => m.message.content)).toEqual(['a1', 'a2']);
    expect((await send(`${control}/requests`, { method: 'DELETE' })).status).toBe(204);
    expect([discord.emulator.requests(), discord.emulator.messages(), discord.emulator.pendingFaults()]).toEqual([
      [],
      [],
      [],
    ]);
  });

  test('faults and rate limits can be driven over HTTP', async () => {
    const webhook = discord.emulator.createWebhook();
    const queued = await send(`${control}/faults`, {
      json: { webhookId: webhook.id, action: { type: 'status', status: 503 } },
    });
    expect([queued.status, queued.body]).toEqual([201, { pending: 1 }]);
    expect((await send(`${control}/faults`)).body).toEqual([
      { webhookId: webhook.id, times: 1, remaining: 1, action: { type: 'status', status: 503 } },
    ]);
    expect((await send(webhook.url, { json: { content: 'x' } })).status).toBe(503);

    const limits = await send(`${control}/rate-limits`, {
      method: 'PUT',
      json: { rateLimit: { limit: 1, windowMs: 60_000 }, globalRateLimit: null, channelRateLimit: null },
    });
    expect(limits.body).toEqual({
      rateLimit: { limit: 1, windowMs: 60_000 },
      channelRateLimit: null,
      globalRateLimit: null,
    });
    expect((await send(webhook.url, { json: { content: 'x' } })).status).toBe(204);
    expect((await send(webhook.url, { json: { content: 'x' } })).status).toBe(429);
    await send(`${control}/rate-limits`, { method: 'PUT', json: { rateLimit: { limit: 5, windowMs: 2_000 } } });
    expect((await send(`${control}/rate-limits`)).body.rateLimit).toEqual({ limit: 5, windowMs: 2_000 });
  });

  test('recorded requests never contain the webhook token', async () => {
    const webhook = discord.emulator.createWebhook();
    const created = await send(`${webhook.url}?wait=true`, { json: { content: 'x' } });
    // The token echoed in a query and a body comes back in the answer too; neither may reach the log.
    await send(`${webhook.url}?wait=true&note=${webhook.token}`, { json: { content: `leaked ${webhook.token}` } });
    await send(webhook.url.replace('/api/v10/', '/api/'), { json: {} });
    await send(`${webhook.url}/messages/${created.body.id}`, { method: 'DELETE' });
    discord.emulator.injectFault({ action: { type: 'reset' } });
    await send(webhook.url, { json: { content: 'x' } }).catch(() => undefined);
    const recorded = discord.emulator.requests({ webhookId: webhook.id });
    expect(recorded).toHaveLength(5);
    expect(JSON.stringify(recorded)).not.toContain(webhook.token);
    expect((await send(`${control}/requests`)).text).not.toContain(webhook.token);
    expect(recorded[1]).toMatchObject({
      query: { wait: 'true', note: '[token]' },
      body: { content: 'leaked [token]' },
    });
    expect(recorded[1]?.responseBody).toMatchObject({ content: 'leaked [token]' });
    expect(recorded[2]?.path).toBe(`/api/webhooks/${webhook.id}/:token`);
  });

  test('GET /_emulator/events streams message-created, -updated and -deleted', async () => {
    const webhook = discord.emulator.createWebhook();
    const abort = new AbortController();
    const stream = await fetch(`${control}/events`, { signal: abort.signal });
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const events: { event: string; data: EmulatorEvent }[] = [];
    const readEvents = async (count: number) => {
      while (events.length < count) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as EmulatorEvent });
        }
      }
    };
    const created = await send(`${webhook.url}?wait=true`, { json: { content: 'live' } });
    await send(`${webhook.url}/messages/${created.body.id}`, { method: 'PATCH', json: { content: 'edited' } });
    await send(`${webhook.url}/messages/${created.body.id}`, { method: 'DELETE' });
    await readEvents(3);
    abort.abort();
    expect(events.map((e) => [e.event, e.data.message.content, e.data.editCount, e.data.deleted])).toEqual([
      ['message-created', 'live', 0, false],
      ['message-updated', 'edited', 1, false],
      ['message-deleted', 'edited', 1, true],
    ]);
    expect(events[0]!.data).toMatchObject({ webhookId: webhook.id, message: { id: created.body.id } });
  });

  test('onEvent delivers events in-process', async () => {
    const webhook = discord.emulator.createWebhook();
    const seen: string[] = [];
    const stop = discord.emulator.onEvent((event) => seen.push(`${event.type}:${event.message.content}`));
    await send(webhook.url, { json: { content: 'hi' } });
    stop();
    await send(webhook.url, { json: { content: 'unseen' } });
    expect(seen).toEqual(['message-created:hi']);
  });
});
