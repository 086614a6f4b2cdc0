import { expectAccepted, expectFormErrors, field, leaf, maxLength, required, send, useEmulator } from './helpers';

const discord = useEmulator();

const accepted = (body: unknown) => expectAccepted(discord.webhook.url, body);
const rejected = (body: unknown, errors: unknown, url = discord.webhook.url) => expectFormErrors(url, body, errors);
/** A string of `n` code points that is 2n UTF-16 units long, padded with whitespace that must not count. */
const astral = (n: number) => `  ${'😀'.repeat(n)}\n`;

describe('limits at their edges (code points after trimming)', () => {
  test.each([
    ['content', 2000, (s: string) => ({ content: s }), (e: unknown) => ({ content: e })],
    ['title', 256, (s: string) => ({ embeds: [{ title: s }] }), (e: unknown) => ({ embeds: { 0: { title: e } } })],
    [
      'description',
      4096,
      (s: string) => ({ embeds: [{ description: s }] }),
      (e: unknown) => ({ embeds: { 0: { description: e } } }),
    ],
    [
      'field name',
      256,
      (s: string) => ({ embeds: [{ fields: [field(s)] }] }),
      (e: unknown) => ({ embeds: { 0: { fields: { 0: { name: e } } } } }),
    ],
    [
      'field value',
      1024,
      (s: string) => ({ embeds: [{ fields: [field('n', s)] }] }),
      (e: unknown) => ({ embeds: { 0: { fields: { 0: { value: e } } } } }),
    ],
    [
      'footer text',
      2048,
      (s: string) => ({ embeds: [{ footer: { text: s } }] }),
      (e: unknown) => ({ embeds: { 0: { footer: { text: e } } } }),
    ],
    [
      'author name',
      256,
      (s: string) => ({ embeds: [{ author: { name: s } }] }),
      (e: unknown) => ({ embeds: { 0: { author: { name: e } } } }),
    ],
  ])('%s: %i accepted, one more rejected', async (_name, limit, body, tree) => {
    await accepted(body(astral(limit)));
    await accepted(body('x'.repeat(limit)));
    await rejected(body(astral(limit + 1)), tree(maxLength(limit)));
  });

  test('embeds: 10 accepted, 11 rejected', async () => {
    const embeds = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `E${i}` }));
    await accepted({ embeds: embeds(10) });
    await rejected({ embeds: embeds(11) }, { embeds: maxLength(10) });
  });

  test('fields: 25 accepted, 26 rejected', async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => field(`F${i}`));
    await accepted({ embeds: [{ fields: fields(25) }] });
    await rejected({ embeds: [{ fields: fields(26) }] }, { embeds: { 0: { fields: maxLength(25) } } });
  });

  test('total embed text: 6000 code points across embeds accepted, 6001 rejected at embeds._errors', async () => {
    // 256 + 4096 + (field 10 + 10) + footer 600 + author 256 = 5228 in the first embed, the rest in the second.
    const first = {
      title: astral(256),
      description: astral(4096),
      fields: [field('n'.repeat(10), 'v'.repeat(10))],
      footer: { text: ' '.repeat(5) + 'f'.repeat(600) },
      author: { name: 'a'.repeat(256) },
      url: 'https://example.com/'.padEnd(500, 'u'), // URLs do not count
    };
    const second = (n: number) => ({ description: `\t${'d'.repeat(n)} ` });
    await accepted({ embeds: [first, second(6000 - 5228)] });
    await rejected(
      { embeds: [first, second(6001 - 5228)] },
      { embeds: leaf('MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000') },
    );
  });
});

describe('error reporting', () => {
  test('every violation of one request is reported together in one tree', async () => {
    await rejected(
      {
        content: 'c'.repeat(2001),
        username: 'discord fan',
        embeds: [
          { title: 't'.repeat(257), fields: Array.from({ length: 26 }, () => field()) },
          { color: 0x1000000, timestamp: 'soon', footer: { text: '' } },
        ],
        allowed_mentions: { parse: ['roles'], roles: ['222222222222222222'] },
      },
      {
        content: maxLength(2000),
        username: leaf('USERNAME_INVALID_CONTAINS', 'Username cannot contain "discord"'),
        embeds: {
          0: { title: maxLength(256), fields: maxLength(25) },
          1: {
            color: leaf('NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.'),
            timestamp: leaf('DATE_TYPE_PARSE', 'Could not parse soon. Should be ISO8601.'),
            footer: { text: required },
          },
        },
        allowed_mentions: leaf(
          'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
          'parse:["roles"] and roles: [ids...] are mutually exclusive.',
        ),
      },
    );
  });

  test('unversioned URLs (v6) answer flat legacy form errors without code or message', async () => {
    const legacyUrl = discord.webhook.url.replace('/api/v10/', '/api/');
    const response = await send(legacyUrl, {
      json: { content: 'c'.repeat(2001), embeds: [{ title: 't'.repeat(257) }], allowed_mentions: { parse: ['x'] } },
    });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      '{"content": ["Must be 2000 or fewer in length."], "embeds": ["0"], "allowed_mentions": ["0"]}',
    );
    const total = await send(legacyUrl.replace('/api/', '/api/v7/'), {
      json: { embeds: [{ description: 'd'.repeat(4096) }, { description: 'd'.repeat(2000) }] },
    });
    expect(total.body).toEqual({ embeds: ['Embed size exceeds maximum size of 6000'] });
  });

  test('v8 answers the nested tree', async () => {
    await rejected(
      { content: 'c'.repeat(2001) },
      { content: maxLength(2000) },
      discord.webhook.url.replace('/v10/', '/v8/'),
    );
  });

  test('nothing is stored for a rejected request', async () => {
    const fresh = discord.emulator.createWebhook();
    await send(fresh.url, { json: { content: 'c'.repeat(2001) } });
    expect(discord.emulator.messages(fresh.id)).toEqual([]);
  });
});
