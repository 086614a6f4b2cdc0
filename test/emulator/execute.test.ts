import { DISCORD_EPOCH_MS } from '../../src/emulator';
import { leaf, pluck, send, useEmulator } from './helpers';

const discord = useEmulator({}, { name: 'Lead Bot' });

describe('Execute Webhook', () => {
  test('answers 204 with an empty body when wait is absent, and stores the message', async () => {
    const response = await send(discord.webhook.url, { json: { content: 'hello' } });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(discord.emulator.messages(discord.webhook.id).map((stored) => stored.message.content)).toEqual(['hello']);
  });

  test.each(['true', '1', 'True'])('answers 200 with the full message object when wait=%s', async (wait) => {
    const before = Date.now();
    const response = await send(`${discord.webhook.url}?wait=${wait}`, {
      json: { content: 'Hot lead: <@123456789012345678> from <@&223456789012345678> @everyone', tts: true },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const message = response.body;
    expect(Object.keys(message).sort()).toEqual(
      [
        'attachments',
        'author',
        'channel_id',
        'components',
        'content',
        'edited_timestamp',
        'embeds',
        'flags',
        'id',
        'mention_everyone',
        'mention_roles',
        'mentions',
        'pinned',
        'timestamp',
        'tts',
        'type',
        'webhook_id',
      ].sort(),
    );
    expect(message).toMatchObject({
      type: 0,
      content: 'Hot lead: <@123456789012345678> from <@&223456789012345678> @everyone',
      channel_id: discord.webhook.channelId,
      webhook_id: discord.webhook.id,
      author: { id: discord.webhook.id, username: 'Lead Bot', avatar: null, bot: true, discriminator: '0000' },
      embeds: [],
      attachments: [],
      components: [],
      edited_timestamp: null,
      flags: 0,
      pinned: false,
      tts: true,
      // Webhook default when allowed_mentions is absent: parse users only.
      mention_roles: [],
      mention_everyone: false,
    });
    expect(pluck(message.mentions, 'id')).toEqual(['123456789012345678']);
    expect(message.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(message.id).toMatch(/^[1-9]\d{17,19}$/);
    const createdMs = Number(BigInt(message.id) >> 22n) + DISCORD_EPOCH_MS;
    expect(createdMs).toBeGreaterThanOrEqual(before);
    expect(createdMs).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(message.timestamp)).toBe(createdMs);
  });

  test('gives consecutive messages increasing snowflakes with the increment in the low 12 bits', async () => {
    const ids: bigint[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await send(`${discord.webhook.url}?wait=true`, { json: { content: `n${i}` } });
      ids.push(BigInt(response.body.id));
    }
    expect(ids[1]! > ids[0]! && ids[2]! > ids[1]!).toBe(true);
    expect((ids[1]! & 0xfffn) - (ids[0]! & 0xfffn)).toBe(1n);
    expect((ids[0]! >> 12n) & 0x3ffn).toBe(0n); // worker and process ids are 0
  });

  test('serialises JSON like Discord, with ", " and ": " separators', async () => {
    const response = await send(`${discord.webhook.url}?wait=true`, { json: { content: 'x' } });
    expect(response.text.startsWith('{"type": 0, "content": "x", "mentions": [], ')).toBe(true);
  });

  test('uses allowed_mentions to decide who is pinged', async () => {
    const content = '<@111111111111111111> <@!222222222222222222> <@&333333333333333333> @here';
    const everything = await send(`${discord.webhook.url}?wait=true`, {
      json: { content, allowed_mentions: { parse: ['users', 'roles', 'everyone'] } },
    });
    expect(pluck(everything.body.mentions, 'id')).toEqual(['111111111111111111', '222222222222222222']);
    expect(everything.body.mention_roles).toEqual(['333333333333333333']);
    expect(everything.body.mention_everyone).toBe(true);

    const listed = await send(`${discord.webhook.url}?wait=true`, {
      json: { content, allowed_mentions: { parse: [], users: ['222222222222222222', '999999999999999999'] } },
    });
    expect(pluck(listed.body.mentions, 'id')).toEqual(['222222222222222222']);
    expect(listed.body.mention_roles).toEqual([]);
    expect(listed.body.mention_everyone).toBe(false);
  });

  test('applies username and avatar overrides, flags and embeds as type rich', async () => {
    const response = await send(`${discord.webhook.url}?wait=true`, {
      json: {
        username: 'Campaign Reporter',
        avatar_url: 'https://example.com/avatar.png',
        flags: 4096,
        embeds: [{ title: 'Weekly report', type: 'article', color: 0x5865f2, timestamp: '2025-03-01T09:30:00.250Z' }],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.author.username).toBe('Campaign Reporter');
    expect(response.body.author.avatar).toMatch(/^[0-9a-f]{32}$/);
    expect(response.body.flags).toBe(4096);
    expect(response.body.embeds).toEqual([
      { type: 'rich', title: 'Weekly report', color: 0x5865f2, timestamp: '2025-03-01T09:30:00.250000+00:00' },
    ]);
    expect(discord.emulator.messages(discord.webhook.id)[0]!.avatarUrl).toBe('https://example.com/avatar.png');
  });

  test('posts into a thread when thread_id is given: channel_id is the thread', async () => {
    const response = await send(`${discord.webhook.url}?wait=true&thread_id=1400000000000000000`, {
      json: { content: 't' },
    });
    expect(response.status).toBe(200);
    expect(response.body.channel_id).toBe('1400000000000000000');
    expect(discord.emulator.messages(discord.webhook.id)[0]).toMatchObject({
      channelId: discord.webhook.channelId,
      threadId: '1400000000000000000',
    });
  });

  test('rejects thread_name on a text channel with 400/220003', async () => {
    const response = await send(discord.webhook.url, { json: { content: 'x', thread_name: 'New thread' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: 'Webhooks can only create threads in forum channels', code: 220003 });
  });

  test.each([
    ['url-encoded form fields', new URLSearchParams({ content: 'from a form' }), 'application/x-www-form-urlencoded'],
    ['multipart uploads', multipart(), 'multipart/form-data'],
  ])('refuses %s with 400/50035 naming what is not modelled; nothing is stored', async (_name, raw, type) => {
    const response = await send(`${discord.webhook.url}?wait=true`, { raw });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: leaf(
        'EMULATOR_NOT_MODELLED',
        `The emulator does not model ${type} bodies (file uploads); send application/json.`,
      ),
    });
    expect(discord.emulator.messages(discord.webhook.id)).toEqual([]);
  });
});

function multipart(): FormData {
  const form = new FormData();
  form.append('payload_json', JSON.stringify({ content: 'report attached', attachments: [{ id: '0' }] }));
  form.append('files[0]', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'report.csv');
  return form;
}
