import { leaf, pluck, send, type SentResponse, useEmulator } from './helpers';

const discord = useEmulator();

async function post(body: unknown, query = 'wait=true'): Promise<SentResponse['body']> {
  const response = await send(`${discord.webhook.url}?${query}`, { json: body });
  expect(response.status).toBe(200);
  return response.body;
}

describe('Get / Edit / Delete Webhook Message', () => {
  test('GET returns the stored message', async () => {
    const created = await post({ content: 'hello', embeds: [{ title: 'T' }] });
    const response = await send(`${discord.webhook.url}/messages/${created.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(created);
  });

  test('PATCH edits content, sets edited_timestamp and leaves other fields alone', async () => {
    const created = await post({ content: 'Campaign 10% sent', embeds: [{ title: 'Progress' }], tts: false });
    const response = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { content: 'Campaign 50% sent' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...created,
      content: 'Campaign 50% sent',
      edited_timestamp: expect.stringMatching(/\+00:00$/),
    });
    expect(Date.parse(response.body.edited_timestamp)).toBeGreaterThanOrEqual(Date.parse(created.timestamp));
    expect(discord.emulator.messages(discord.webhook.id)).toMatchObject([{ editCount: 1, deleted: false }]);
  });

  test('PATCH recomputes mentions with the DEFAULT rules when the edit has no allowed_mentions', async () => {
    const created = await post({
      content: '<@&333333333333333333> please review',
      allowed_mentions: { parse: ['roles'] },
    });
    expect(created.mention_roles).toEqual(['333333333333333333']);
    const edited = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { content: '<@&333333333333333333> and <@111111111111111111> please review' },
    });
    expect(edited.body.mention_roles).toEqual([]);
    expect(pluck(edited.body.mentions, 'id')).toEqual(['111111111111111111']);
  });

  test('PATCH uses the allowed_mentions sent with the edit', async () => {
    const created = await post({ content: 'draft' });
    const edited = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { content: '@everyone launch!', allowed_mentions: { parse: ['everyone'] } },
    });
    expect(edited.body.mention_everyone).toBe(true);
  });

  test('PATCH with null clears a field; clearing everything answers 400/50006', async () => {
    const created = await post({ content: 'text', embeds: [{ title: 'T' }] });
    const cleared = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { embeds: null },
    });
    expect(cleared.body.embeds).toEqual([]);
    expect(cleared.body.content).toBe('text');
    const empty = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { content: null },
    });
    expect([empty.status, empty.body]).toEqual([400, { message: 'Cannot send an empty message', code: 50006 }]);
  });

  test('PATCH toggles SUPPRESS_EMBEDS but keeps SUPPRESS_NOTIFICATIONS', async () => {
    const created = await post({ content: 'quiet', flags: 4096 });
    const suppressed = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { flags: 4 },
    });
    expect(suppressed.body.flags).toBe(4096 | 4);
    const restored = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { flags: 0 },
    });
    expect(restored.body.flags).toBe(4096);
  });

  test('PATCH validates like Execute and reports the errors in the tree', async () => {
    const created = await post({ content: 'x' });
    const response = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { content: 'y'.repeat(2001), embeds: [{ color: -1 }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
      embeds: {
        0: {
          color: { _errors: [{ code: 'NUMBER_TYPE_MIN', message: 'int value should be greater than or equal to 0.' }] },
        },
      },
    });
  });

  test('DELETE answers 204, then the message is Unknown Message (404/10008)', async () => {
    const created = await post({ content: 'bye' });
    const deleted = await send(`${discord.webhook.url}/messages/${created.id}`, { method: 'DELETE' });
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const again = await send(`${discord.webhook.url}/messages/${created.id}`, {
        method,
        ...(method === 'PATCH' ? { json: { content: 'x' } } : {}),
      });
      expect([method, again.status, again.text]).toEqual([
        method,
        404,
        '{"message": "Unknown Message", "code": 10008}',
      ]);
    }
    expect(discord.emulator.messages(discord.webhook.id)).toMatchObject([{ deleted: true }]);
  });

  test('a message of another webhook is Unknown Message', async () => {
    const created = await post({ content: 'mine' });
    const other = discord.emulator.createWebhook();
    const response = await send(`${other.url}/messages/${created.id}`);
    expect([response.status, response.body.code]).toEqual([404, 10008]);
  });

  test('a thread message is only found with its thread_id', async () => {
    const created = await post({ content: 'in thread' }, 'wait=true&thread_id=1400000000000000000');
    expect((await send(`${discord.webhook.url}/messages/${created.id}`)).status).toBe(404);
    const found = await send(`${discord.webhook.url}/messages/${created.id}?thread_id=1400000000000000000`);
    expect([found.status, found.body.channel_id]).toEqual([200, '1400000000000000000']);
  });

  test('PATCH refuses attachments and IS_COMPONENTS_V2 as not modelled; the message is unchanged', async () => {
    const created = await post({ content: 'report' });
    const response = await send(`${discord.webhook.url}/messages/${created.id}`, {
      method: 'PATCH',
      json: { content: 'report v2', attachments: [{ id: '0' }], flags: 32768 },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({
      attachments: leaf(
        'EMULATOR_NOT_MODELLED',
        'The emulator does not model attachments (file uploads); send JSON without "attachments".',
      ),
      flags: leaf('EMULATOR_NOT_MODELLED', 'The emulator does not model IS_COMPONENTS_V2 (components v2 messages).'),
    });
    expect(discord.emulator.messages(discord.webhook.id)).toMatchObject([
      { editCount: 0, message: { content: 'report' } },
    ]);
  });

  test('a non-snowflake message id answers 400/50035 naming message_id', async () => {
    const response = await send(`${discord.webhook.url}/messages/latest`);
    expect(response.body).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        message_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value "latest" is not snowflake.' }] },
      },
    });
  });
});

describe('Webhook with token', () => {
  test('GET and PATCH on the webhook itself answer 405: reading and renaming a webhook are not modelled', async () => {
    for (const method of ['GET', 'PATCH']) {
      const response = await send(discord.webhook.url, {
        method,
        ...(method === 'PATCH' ? { json: { name: 'Renamed' } } : {}),
      });
      expect([method, response.status, response.body]).toEqual([
        method,
        405,
        { message: '405: Method Not Allowed', code: 0 },
      ]);
    }
  });
});
