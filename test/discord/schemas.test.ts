import {
  ALLOWED_MESSAGE_FLAGS,
  DISCORD_LIMITS,
  SUPPRESS_EMBEDS,
  SUPPRESS_NOTIFICATIONS,
} from '../../src/discord/limits';
import {
  AllowedMentionsSchema,
  DiscordMessageSchema,
  EmbedSchema,
  MentionsSchema,
  SnowflakeSchema,
  WebhookMessageEditSchema,
  WebhookMessageSchema,
  describeIssues,
  messageTextLength,
  type Embed,
} from '../../src/discord/schemas';

const none = { parse: [] as [] };
const x = (n: number, ch = 'x') => ch.repeat(n);

/** The dotted paths of the issues, or [] when valid. */
function problems(schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return (result.error as { issues: { path: PropertyKey[]; message: string }[] }).issues.map(
    (i) => `${i.path.map(String).join('.')}: ${i.message}`,
  );
}

describe('limits', () => {
  test('are the documented numbers', () => {
    expect(DISCORD_LIMITS).toMatchObject({
      contentChars: 2000,
      embedsPerMessage: 10,
      embedTitleChars: 256,
      embedDescriptionChars: 4096,
      fieldsPerEmbed: 25,
      fieldNameChars: 256,
      fieldValueChars: 1024,
      footerTextChars: 2048,
      authorNameChars: 256,
      embedTotalChars: 6000,
      usernameMinChars: 1,
      usernameMaxChars: 80,
      colorMax: 0xffffff,
      mentionIdsMax: 100,
      urlChars: 2048,
    });
    expect([SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, ALLOWED_MESSAGE_FLAGS]).toEqual([4, 4096, 4100]);
  });
});

describe('WebhookMessageSchema limits at their edges', () => {
  test('content: 2000 passes, 2001 fails at path content', () => {
    expect(problems(WebhookMessageSchema, { content: x(2000), allowed_mentions: none })).toEqual([]);
    expect(problems(WebhookMessageSchema, { content: x(2001), allowed_mentions: none })).toEqual([
      'content: Must be 2000 or fewer in length.',
    ]);
  });

  test('content: 2000 astral characters pass (code points, not UTF-16 units)', () => {
    expect(problems(WebhookMessageSchema, { content: x(2000, '😀'), allowed_mentions: none })).toEqual([]);
    expect(problems(WebhookMessageSchema, { content: x(2001, '😀'), allowed_mentions: none })).toHaveLength(1);
  });

  test('content: surrounding whitespace does not count', () => {
    expect(problems(WebhookMessageSchema, { content: `  \n${x(2000)}\n  `, allowed_mentions: none })).toEqual([]);
  });

  test('embeds: 10 pass, 11 fail', () => {
    const embeds = (n: number) => Array.from({ length: n }, () => ({ title: 't' }));
    expect(problems(WebhookMessageSchema, { embeds: embeds(10), allowed_mentions: none })).toEqual([]);
    expect(problems(WebhookMessageSchema, { embeds: embeds(11), allowed_mentions: none })).toEqual([
      'embeds: Must be 10 or fewer in length.',
    ]);
  });

  test('username: 80 passes, 81 fails; "Discord Bot", "clyde", "everyone" and "here" are refused', () => {
    const message = (username: string) => ({ content: 'c', username, allowed_mentions: none });
    expect(problems(WebhookMessageSchema, message(x(80)))).toEqual([]);
    expect(problems(WebhookMessageSchema, message(x(81)))).toEqual(['username: Must be 80 or fewer in length.']);
    expect(problems(WebhookMessageSchema, message('Discord Bot'))).toEqual([
      'username: Username cannot contain "discord" or "clyde".',
    ]);
    expect(problems(WebhookMessageSchema, message('clyde'))).toHaveLength(1);
    expect(problems(WebhookMessageSchema, message('My CLYDE'))).toHaveLength(1);
    expect(problems(WebhookMessageSchema, message('everyone'))).toEqual([
      'username: Username cannot be "everyone" or "here".',
    ]);
    expect(problems(WebhookMessageSchema, message('Here'))).toHaveLength(1);
    expect(problems(WebhookMessageSchema, message('Here and there'))).toEqual([]);
    expect(problems(WebhookMessageSchema, message('   '))).toEqual(['username: This field is required']);
  });

  test('allowed_mentions is required', () => {
    expect(problems(WebhookMessageSchema, { content: 'c' })).toEqual([
      'allowed_mentions: Invalid input: expected object, received undefined',
    ]);
  });

  test('an empty message is refused', () => {
    expect(problems(WebhookMessageSchema, { allowed_mentions: none })).toEqual([': Cannot send an empty message']);
    expect(problems(WebhookMessageSchema, { content: ' \n ', embeds: [], allowed_mentions: none })).toHaveLength(1);
  });

  test('flags: only SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS', () => {
    const message = (flags: number) => ({ content: 'c', flags, allowed_mentions: none });
    expect(problems(WebhookMessageSchema, message(SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS))).toEqual([]);
    expect(problems(WebhookMessageSchema, message(1 << 15))).toEqual([
      'flags: Only SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS.',
    ]);
  });

  test('unknown keys (a camelCase typo) are refused', () => {
    expect(
      problems(WebhookMessageSchema, { content: 'c', allowed_mentions: none, avatarUrl: 'https://a.b/c' }),
    ).toHaveLength(1);
  });
});

describe('EmbedSchema limits at their edges', () => {
  const at = (embed: Record<string, unknown>) => problems(EmbedSchema, embed);

  test('title 256 / 257', () => {
    expect(at({ title: x(256) })).toEqual([]);
    expect(at({ title: x(257) })).toEqual(['title: Must be 256 or fewer in length.']);
  });

  test('description 4096 / 4097', () => {
    expect(at({ description: x(4096) })).toEqual([]);
    expect(at({ description: x(4097) })).toEqual(['description: Must be 4096 or fewer in length.']);
  });

  test('fields 25 / 26', () => {
    const fields = (n: number) => Array.from({ length: n }, () => ({ name: 'n', value: 'v' }));
    expect(at({ fields: fields(25) })).toEqual([]);
    expect(at({ fields: fields(26) })).toEqual(['fields: Must be 25 or fewer in length.']);
  });

  test('field name 256 / 257 and value 1024 / 1025, with the index in the path', () => {
    expect(at({ fields: [{ name: x(256), value: x(1024) }] })).toEqual([]);
    expect(
      at({
        fields: [
          { name: 'ok', value: 'ok' },
          { name: x(257), value: x(1025) },
        ],
      }),
    ).toEqual(['fields.1.name: Must be 256 or fewer in length.', 'fields.1.value: Must be 1024 or fewer in length.']);
  });

  test('a blank field name or value is refused (Discord requires both)', () => {
    expect(at({ fields: [{ name: ' ', value: '\u200b' }] })).toEqual(['fields.0.name: This field is required']);
  });

  test('footer 2048 / 2049 and author 256 / 257', () => {
    expect(at({ footer: { text: x(2048) }, author: { name: x(256) } })).toEqual([]);
    expect(at({ footer: { text: x(2049) }, author: { name: x(257) } })).toEqual([
      'footer.text: Must be 2048 or fewer in length.',
      'author.name: Must be 256 or fewer in length.',
    ]);
  });

  test('color 0..0xFFFFFF integers only', () => {
    expect(at({ color: 0 })).toEqual([]);
    expect(at({ color: 0xffffff })).toEqual([]);
    expect(at({ color: 0x1000000 })).toHaveLength(1);
    expect(at({ color: -1 })).toHaveLength(1);
    expect(at({ color: 1.5 })).toHaveLength(1);
  });

  test('timestamp must be ISO-8601 with a zone', () => {
    expect(at({ timestamp: '2024-05-01T12:00:00.000Z' })).toEqual([]);
    expect(at({ timestamp: '2024-05-01T12:00:00+02:00' })).toEqual([]);
    expect(at({ timestamp: '2024-05-01T12:00:00' })).toHaveLength(1);
    expect(at({ timestamp: 'yesterday' })).toHaveLength(1);
  });

  test('urls must be absolute http(s), encoded, at most 2048 characters', () => {
    expect(at({ url: 'https://example.com/a?b=1#c' })).toEqual([]);
    expect(at({ url: `https://example.com/${x(2048 - 20)}` })).toEqual([]);
    expect(at({ url: `https://example.com/${x(2048 - 19)}` })).toHaveLength(1);
    expect(at({ url: 'ftp://example.com/' })).toHaveLength(1);
    expect(at({ url: 'https://example.com/a b' })).toHaveLength(1);
    expect(at({ image: { url: 'javascript:alert(1)' } })).toHaveLength(1);
  });
});

describe('the 6000 total across all embeds', () => {
  // 6 embeds of 1000 code points each = 6000; one more character anywhere makes 6001.
  const embeds = (extra: string): Embed[] =>
    Array.from({ length: 6 }, (_, i) => ({ description: `  ${x(1000, '😀')}${i === 5 ? extra : ''}\n ` }));

  test('6000 astral characters with surrounding whitespace pass', () => {
    const message = { embeds: embeds(''), allowed_mentions: none };
    expect(messageTextLength(message)).toBe(6000);
    expect(problems(WebhookMessageSchema, message)).toEqual([]);
  });

  test('6001 fail with MAX_EMBED_SIZE_EXCEEDED at path embeds', () => {
    const message = { embeds: embeds('😀'), allowed_mentions: none };
    expect(messageTextLength(message)).toBe(6001);
    expect(problems(WebhookMessageSchema, message)).toEqual(['embeds: Embed size exceeds maximum size of 6000']);
  });

  test('counts title, description, field names and values, footer text and author name, not urls', () => {
    const embed: Embed = {
      title: 'ab',
      description: 'cde',
      url: 'https://example.com/long/url/that/does/not/count',
      fields: [{ name: 'f', value: 'gh', inline: true }],
      footer: { text: 'ijkl', icon_url: 'https://example.com/i.png' },
      author: { name: 'mnopq' },
    };
    expect(messageTextLength({ embeds: [embed, embed] })).toBe(2 * (2 + 3 + 1 + 2 + 4 + 5));
  });
});

describe('AllowedMentionsSchema', () => {
  const id = (n: number) => String(100_000_000_000_000_000n + BigInt(n));

  test('parse [] is the safe default and is valid', () => {
    expect(problems(AllowedMentionsSchema, { parse: [] })).toEqual([]);
  });

  test('users and parse "users" together are refused (Discord answers 400)', () => {
    expect(problems(AllowedMentionsSchema, { parse: ['users'], users: [id(1)] })).toEqual([
      'users: Cannot list users while parse contains "users".',
    ]);
    expect(problems(AllowedMentionsSchema, { parse: ['users', 'roles'], users: [] })).toEqual([]);
  });

  test('at most 100 unique snowflakes per list', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => id(i));
    expect(problems(AllowedMentionsSchema, { parse: [], roles: ids(100) })).toEqual([]);
    expect(problems(AllowedMentionsSchema, { parse: [], roles: ids(101) })).toEqual([
      'roles: Must be 100 or fewer in length.',
    ]);
    expect(problems(AllowedMentionsSchema, { parse: [], users: [id(1), id(1)] })).toEqual([
      'users: Ids must be unique.',
    ]);
    expect(problems(AllowedMentionsSchema, { parse: ['nobody'] })).toHaveLength(1);
  });
});

describe('SnowflakeSchema and MentionsSchema', () => {
  test('accept 17-20 digit ids that fit in uint64', () => {
    expect(SnowflakeSchema.safeParse('12345678901234567').success).toBe(true);
    expect(SnowflakeSchema.safeParse('18446744073709551615').success).toBe(true);
  });

  test('refuse short, long, zero-padded, non-numeric and overflowing ids', () => {
    for (const bad of [
      '1234567890123456',
      '123456789012345678901',
      '01234567890123456',
      '1234567890123456a',
      '18446744073709551616',
    ]) {
      expect(SnowflakeSchema.safeParse(bad).success).toBe(false);
    }
  });

  test('mentions refuse unknown keys and bad ids', () => {
    expect(MentionsSchema.safeParse({ roles: ['12345678901234567'], everyone: true }).success).toBe(true);
    expect(MentionsSchema.safeParse({ role: ['12345678901234567'] }).success).toBe(false);
    expect(MentionsSchema.safeParse({ users: ['@me'] }).success).toBe(false);
  });
});

describe('WebhookMessageEditSchema and DiscordMessageSchema', () => {
  test('an edit may clear content with null and may only touch SUPPRESS_EMBEDS', () => {
    expect(problems(WebhookMessageEditSchema, { content: null, allowed_mentions: none })).toEqual([]);
    expect(problems(WebhookMessageEditSchema, { flags: SUPPRESS_NOTIFICATIONS, allowed_mentions: none })).toEqual([
      'flags: Only SUPPRESS_EMBEDS can be edited.',
    ]);
  });

  test('a returned message keeps unknown fields', () => {
    const parsed = DiscordMessageSchema.parse({ id: '1', channel_id: '2', content: 'c', embeds: [], pinned: false });
    expect(parsed).toMatchObject({ id: '1', channel_id: '2', pinned: false });
    expect(DiscordMessageSchema.safeParse({ channel_id: '2' }).success).toBe(false);
  });

  test('describeIssues writes Discord-style dotted paths', () => {
    const result = WebhookMessageSchema.safeParse({ embeds: [{ description: x(4097) }], allowed_mentions: none });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(describeIssues(result.error)).toEqual(['embeds.0.description: Must be 4096 or fewer in length.']);
  });
});
