import { type DiscordEmulator, type EmulatorWebhook, startEmulator } from '../../src/emulator';
import { leaf, send } from './helpers';

let emulator: DiscordEmulator;
let webhook: EmulatorWebhook;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimit: null, globalRateLimit: null });
  webhook = emulator.createWebhook();
});
afterAll(() => emulator.close());

const maxLength = (n: number) => leaf('BASE_TYPE_MAX_LENGTH', `Must be ${n} or fewer in length.`);
const required = leaf('BASE_TYPE_REQUIRED', 'This field is required');
/** A string of `n` code points that is 2n UTF-16 units long, padded with whitespace that must not count. */
const astral = (n: number) => `  ${'😀'.repeat(n)}\n`;
const field = (name = 'n', value = 'v') => ({ name, value });

async function expectAccepted(body: unknown): Promise<void> {
  const response = await send(webhook.url, { json: body });
  expect([response.status, response.text]).toEqual([204, '']);
}

async function expectErrors(body: unknown, errors: unknown, url = webhook.url): Promise<void> {
  const response = await send(url, { json: body });
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ message: 'Invalid Form Body', code: 50035, errors });
}

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
    await expectAccepted(body(astral(limit)));
    await expectAccepted(body('x'.repeat(limit)));
    await expectErrors(body(astral(limit + 1)), tree(maxLength(limit)));
  });

  test('embeds: 10 accepted, 11 rejected', async () => {
    const embeds = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `E${i}` }));
    await expectAccepted({ embeds: embeds(10) });
    await expectErrors({ embeds: embeds(11) }, { embeds: maxLength(10) });
  });

  test('fields: 25 accepted, 26 rejected', async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => field(`F${i}`));
    await expectAccepted({ embeds: [{ fields: fields(25) }] });
    await expectErrors({ embeds: [{ fields: fields(26) }] }, { embeds: { 0: { fields: maxLength(25) } } });
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
    await expectAccepted({ embeds: [first, second(6000 - 5228)] });
    await expectErrors(
      { embeds: [first, second(6001 - 5228)] },
      { embeds: leaf('MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000') },
    );
  });
});

describe('field rules', () => {
  test.each([
    ['empty', '', leaf('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 80 in length.')],
    ['81 characters', 'u'.repeat(81), leaf('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 80 in length.')],
    ['Our Discord Bot', 'Our Discord Bot', leaf('USERNAME_INVALID_CONTAINS', 'Username cannot contain "discord"')],
    ['clyde', 'clyde', leaf('USERNAME_INVALID_CONTAINS', 'Username cannot contain "clyde"')],
    ['here', 'here', leaf('USERNAME_INVALID', 'Username cannot be "here"')],
    ['everyone', 'everyone', leaf('USERNAME_INVALID', 'Username cannot be "everyone"')],
  ])('username %s is rejected', async (_label, username, error) => {
    await expectErrors({ content: 'x', username }, { username: error });
  });

  test('username of 80 code points and "everyone else" are accepted', async () => {
    await expectAccepted({ content: 'x', username: '😀'.repeat(80) });
    await expectAccepted({ content: 'x', username: 'everyone else' });
  });

  test.each([
    [16777216, leaf('NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.')],
    [-1, leaf('NUMBER_TYPE_MIN', 'int value should be greater than or equal to 0.')],
    ['#ff0000', leaf('NUMBER_TYPE_COERCE', 'Value "#ff0000" is not int.')],
    [1.5, leaf('NUMBER_TYPE_COERCE', 'Value "1.5" is not int.')],
  ])('color %j is rejected', async (color, error) => {
    await expectErrors({ embeds: [{ color }] }, { embeds: { 0: { color: error } } });
  });

  test('color 0 and 16777215 are accepted', async () => {
    await expectAccepted({ embeds: [{ color: 0 }, { color: 16777215 }] });
  });

  test.each(['yesterday', '2024-02-30T10:00:00Z', '2024-13-01', '1700000000'])(
    'timestamp %j is rejected',
    async (timestamp) => {
      await expectErrors(
        { embeds: [{ timestamp }] },
        { embeds: { 0: { timestamp: leaf('DATE_TYPE_PARSE', `Could not parse ${timestamp}. Should be ISO8601.`) } } },
      );
    },
  );

  test.each(['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.123+02:00', '2024-05-01'])(
    'timestamp %j is accepted',
    async (timestamp) => {
      await expectAccepted({ embeds: [{ timestamp }] });
    },
  );

  test('required fields: field name/value, footer text, author name, image url', async () => {
    await expectErrors(
      { embeds: [{ fields: [{ name: 'only name' }, { value: 'only value' }, { name: '  ', value: 'x' }] }] },
      { embeds: { 0: { fields: { 0: { value: required }, 1: { name: required }, 2: { name: required } } } } },
    );
    await expectErrors(
      { embeds: [{ footer: {}, author: { url: 'https://example.com' }, image: {} }] },
      { embeds: { 0: { footer: { text: required }, author: { name: required }, image: { url: required } } } },
    );
  });

  test('URLs must be well formed http(s); media may use attachment://', async () => {
    await expectErrors(
      {
        embeds: [{ url: 'ftp://example.com/x', thumbnail: { url: 'not a url' }, image: { url: 'attachment://a.png' } }],
      },
      {
        embeds: {
          0: {
            url: leaf(
              'URL_TYPE_INVALID_SCHEME',
              `Scheme "ftp" is not supported. Scheme must be one of ('http', 'https').`,
            ),
            thumbnail: { url: leaf('URL_TYPE_INVALID_URL', 'Not a well formed URL.') },
          },
        },
      },
    );
  });

  test('allowed_mentions: parse and a list of the same type are mutually exclusive', async () => {
    await expectErrors(
      { content: 'x', allowed_mentions: { parse: ['users', 'roles'], users: ['111111111111111111'] } },
      {
        allowed_mentions: leaf(
          'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
          'parse:["users"] and users: [ids...] are mutually exclusive.',
        ),
      },
    );
    await expectAccepted({ content: 'x', allowed_mentions: { parse: ['users', 'roles'], users: [] } });
  });

  test('allowed_mentions: unknown parse values and non-snowflake ids are named by index', async () => {
    await expectErrors(
      { content: 'x', allowed_mentions: { parse: ['channels'], roles: ['123', 'abc'] } },
      {
        allowed_mentions: {
          parse: { 0: leaf('BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').") },
          roles: { 1: leaf('NUMBER_TYPE_COERCE', 'Value "abc" is not snowflake.') },
        },
      },
    );
  });

  test('flags: SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS accepted, anything else rejected', async () => {
    await expectAccepted({ content: 'x', flags: 4 | 4096 });
    await expectErrors(
      { content: 'x', flags: 64 },
      {
        flags: leaf(
          'MESSAGE_FLAGS_INVALID',
          'Only these flags can be set: SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2.',
        ),
      },
    );
  });

  test('IS_COMPONENTS_V2 forbids content and embeds', async () => {
    await expectErrors(
      { content: 'x', embeds: [{ title: 't' }], flags: 32768 },
      {
        content: leaf(
          'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
          "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
        ),
        embeds: leaf(
          'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
          "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
        ),
      },
    );
  });

  test('wrong types are reported per field', async () => {
    await expectErrors(
      { content: 42, tts: 'yes', embeds: { title: 'not a list' }, allowed_mentions: [] },
      {
        content: leaf('STRING_TYPE_CONVERT', 'Could not interpret "42" as string.'),
        tts: leaf('BOOLEAN_TYPE_CONVERT', 'Must be either true or false.'),
        embeds: leaf('LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType'),
        allowed_mentions: leaf('DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType'),
      },
    );
    await expectErrors(['content'], leaf('DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType'));
  });

  test('a poll is a message on its own; its limits are checked', async () => {
    const poll = (question: string) => ({ question: { text: question }, answers: [{ poll_media: { text: 'Yes' } }] });
    const response = await send(`${webhook.url}?wait=true`, { json: { poll: { ...poll('Ship it?'), duration: 2 } } });
    expect(response.status).toBe(200);
    expect(response.body.poll).toMatchObject({
      question: { text: 'Ship it?' },
      answers: [{ answer_id: 1, poll_media: { text: 'Yes' } }],
    });
    await expectErrors({ poll: poll('q'.repeat(301)) }, { poll: { question: { text: maxLength(300) } } });
  });

  test('components count only with ?with_components=true, at most 5 action rows', async () => {
    const rows = (n: number) => Array.from({ length: n }, () => ({ type: 1, components: [] }));
    const ok = await send(`${webhook.url}?wait=true&with_components=true`, { json: { components: rows(1) } });
    expect([ok.status, ok.body.components]).toEqual([200, rows(1)]);
    await expectErrors({ components: rows(6) }, { components: maxLength(5) }, `${webhook.url}?with_components=1`);
  });
});

describe('error reporting', () => {
  test('every violation of one request is reported together in one tree', async () => {
    await expectErrors(
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
    const legacyUrl = webhook.url.replace('/api/v10/', '/api/');
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
    await expectErrors(
      { content: 'c'.repeat(2001) },
      { content: maxLength(2000) },
      webhook.url.replace('/v10/', '/v8/'),
    );
  });

  test('nothing is stored for a rejected request', async () => {
    const fresh = emulator.createWebhook();
    await send(fresh.url, { json: { content: 'c'.repeat(2001) } });
    expect(emulator.messages(fresh.id)).toEqual([]);
  });
});
