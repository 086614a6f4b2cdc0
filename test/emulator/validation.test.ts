import { expectAccepted, expectFormErrors, leaf, required, send, useEmulator } from './helpers';

const discord = useEmulator();

const accepted = (body: unknown) => expectAccepted(discord.webhook.url, body);
const rejected = (body: unknown, errors: unknown, url = discord.webhook.url) => expectFormErrors(url, body, errors);

describe('field rules', () => {
  test.each([
    ['empty', '', leaf('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 80 in length.')],
    ['81 characters', 'u'.repeat(81), leaf('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 80 in length.')],
    ['Our Discord Bot', 'Our Discord Bot', leaf('USERNAME_INVALID_CONTAINS', 'Username cannot contain "discord"')],
    ['clyde', 'clyde', leaf('USERNAME_INVALID_CONTAINS', 'Username cannot contain "clyde"')],
    ['here', 'here', leaf('USERNAME_INVALID', 'Username cannot be "here"')],
    ['everyone', 'everyone', leaf('USERNAME_INVALID', 'Username cannot be "everyone"')],
  ])('username %s is rejected', async (_label, username, error) => {
    await rejected({ content: 'x', username }, { username: error });
  });

  test('username of 80 code points and "everyone else" are accepted', async () => {
    await accepted({ content: 'x', username: '😀'.repeat(80) });
    await accepted({ content: 'x', username: 'everyone else' });
  });

  test.each([
    [16777216, leaf('NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.')],
    [-1, leaf('NUMBER_TYPE_MIN', 'int value should be greater than or equal to 0.')],
    ['#ff0000', leaf('NUMBER_TYPE_COERCE', 'Value "#ff0000" is not int.')],
    [1.5, leaf('NUMBER_TYPE_COERCE', 'Value "1.5" is not int.')],
  ])('color %j is rejected', async (color, error) => {
    await rejected({ embeds: [{ color }] }, { embeds: { 0: { color: error } } });
  });

  test('color 0 and 16777215 are accepted', async () => {
    await accepted({ embeds: [{ color: 0 }, { color: 16777215 }] });
  });

  test.each(['yesterday', '2024-02-30T10:00:00Z', '2024-13-01', '1700000000'])(
    'timestamp %j is rejected',
    async (timestamp) => {
      await rejected(
        { embeds: [{ timestamp }] },
        { embeds: { 0: { timestamp: leaf('DATE_TYPE_PARSE', `Could not parse ${timestamp}. Should be ISO8601.`) } } },
      );
    },
  );

  test.each(['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.123+02:00', '2024-05-01'])(
    'timestamp %j is accepted',
    async (timestamp) => {
      await accepted({ embeds: [{ timestamp }] });
    },
  );

  test('required fields: field name/value, footer text, author name, image url', async () => {
    await rejected(
      { embeds: [{ fields: [{ name: 'only name' }, { value: 'only value' }, { name: '  ', value: 'x' }] }] },
      { embeds: { 0: { fields: { 0: { value: required }, 1: { name: required }, 2: { name: required } } } } },
    );
    await rejected(
      { embeds: [{ footer: {}, author: { url: 'https://example.com' }, image: {} }] },
      { embeds: { 0: { footer: { text: required }, author: { name: required }, image: { url: required } } } },
    );
  });

  test('URLs must be well formed http(s); media may use attachment://', async () => {
    await rejected(
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
    await rejected(
      { content: 'x', allowed_mentions: { parse: ['users', 'roles'], users: ['111111111111111111'] } },
      {
        allowed_mentions: leaf(
          'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
          'parse:["users"] and users: [ids...] are mutually exclusive.',
        ),
      },
    );
    await accepted({ content: 'x', allowed_mentions: { parse: ['users', 'roles'], users: [] } });
  });

  test('allowed_mentions: unknown parse values and non-snowflake ids are named by index', async () => {
    await rejected(
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
    await accepted({ content: 'x', flags: 4 | 4096 });
    await rejected(
      { content: 'x', flags: 64 },
      {
        flags: leaf(
          'MESSAGE_FLAGS_INVALID',
          'Only these flags can be set: SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2.',
        ),
      },
    );
  });

  test('wrong types are reported per field', async () => {
    await rejected(
      { content: 42, tts: 'yes', embeds: { title: 'not a list' }, allowed_mentions: [] },
      {
        content: leaf('STRING_TYPE_CONVERT', 'Could not interpret "42" as string.'),
        tts: leaf('BOOLEAN_TYPE_CONVERT', 'Must be either true or false.'),
        embeds: leaf('LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType'),
        allowed_mentions: leaf('DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType'),
      },
    );
    await rejected(['content'], leaf('DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType'));
  });

  test('polls, attachments, forum tags, components v2 and (with ?with_components) components are refused as not modelled', async () => {
    const notModelled = (what: string, field: string) =>
      leaf('EMULATOR_NOT_MODELLED', `The emulator does not model ${what}; send JSON without "${field}".`);
    await rejected(
      {
        content: 'x',
        poll: { question: { text: 'Ship it?' }, answers: [{ poll_media: { text: 'Yes' } }] },
        attachments: [{ id: '0', description: 'CSV' }],
        applied_tags: ['1400000000000000000'],
        components: [{ type: 1, components: [] }],
        flags: 32768,
      },
      {
        attachments: notModelled('attachments (file uploads)', 'attachments'),
        poll: notModelled('polls', 'poll'),
        components: notModelled('message components', 'components'),
        applied_tags: notModelled('forum tags', 'applied_tags'),
        flags: leaf('EMULATOR_NOT_MODELLED', 'The emulator does not model IS_COMPONENTS_V2 (components v2 messages).'),
      },
      `${discord.webhook.url}?with_components=true`,
    );
  });

  test('without ?with_components, components are ignored as on Discord', async () => {
    const response = await send(`${discord.webhook.url}?wait=true`, {
      json: { content: 'x', components: [{ type: 1 }] },
    });
    expect([response.status, response.body.components]).toEqual([200, []]);
  });
});
