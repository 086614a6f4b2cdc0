import { buildMessages, validateMessage } from '../../src/discord/builder';
import { InvalidNotificationError, type Notification } from '../../src/discord/notification';
import { SUPPRESS_NOTIFICATIONS } from '../../src/discord/limits';
import { messageTextLength } from '../../src/discord/schemas';
import { codePointLength, ZERO_WIDTH_SPACE } from '../../src/discord/text';

const ROLE = '123456789012345678';
const USER = '234567890123456789';
const x = (n: number, ch = 'x') => ch.repeat(n);
const fields = (n: number, inline = true) =>
  Array.from({ length: n }, (_, i) => ({ name: `n${i}`, value: `v${i}`, inline }));

describe('buildMessages', () => {
  test('builds one message for a small notification, with nothing allowed to ping', () => {
    const messages = buildMessages({
      content: 'Hot lead',
      embeds: [{ title: 'Ana', color: 0xff0000, fields: [{ name: 'Score', value: '92', inline: true }] }],
    });
    expect(messages).toEqual([
      {
        content: 'Hot lead',
        embeds: [{ title: 'Ana', color: 0xff0000, fields: [{ name: 'Score', value: '92', inline: true }] }],
        allowed_mentions: { parse: [] },
      },
    ]);
  });

  test('maps camelCase drafts to the snake_case wire format', () => {
    // Keys that are the same in both formats, and each camelCase draft key beside the wire key it becomes.
    const same = { title: 't', url: 'https://example.com/t', timestamp: '2024-05-01T12:00:00.000Z' };
    const [message] = buildMessages({
      username: 'Marketing Bot',
      avatarUrl: 'https://example.com/a.png',
      flags: SUPPRESS_NOTIFICATIONS,
      embeds: [
        {
          ...same,
          footer: { text: 'f', iconUrl: 'https://example.com/f.png' },
          author: { name: 'a', url: 'https://example.com/a', iconUrl: 'https://example.com/ai.png' },
          imageUrl: 'https://example.com/i.png',
          thumbnailUrl: 'https://example.com/th.png',
        },
      ],
    });
    expect(message).toEqual({
      username: 'Marketing Bot',
      avatar_url: 'https://example.com/a.png',
      flags: SUPPRESS_NOTIFICATIONS,
      allowed_mentions: { parse: [] },
      embeds: [
        {
          ...same,
          footer: { text: 'f', icon_url: 'https://example.com/f.png' },
          author: { name: 'a', url: 'https://example.com/a', icon_url: 'https://example.com/ai.png' },
          image: { url: 'https://example.com/i.png' },
          thumbnail: { url: 'https://example.com/th.png' },
        },
      ],
    });
  });

  test('prepends the mention prefix and lets only those mentions ping', () => {
    const [message] = buildMessages({
      content: 'New lead',
      mentions: { roles: [ROLE], users: [USER], everyone: true },
    });
    expect(message).toEqual({
      content: `<@&${ROLE}> <@${USER}> @everyone New lead`,
      allowed_mentions: { parse: ['everyone'], users: [USER], roles: [ROLE] },
    });
  });

  test('puts the prefix on its own line before block markdown', () => {
    expect(buildMessages({ content: '# Report', mentions: { roles: [ROLE] } })[0]?.content).toBe(
      `<@&${ROLE}>\n# Report`,
    );
  });

  test('sends the mention prefix alone as content when there is only an embed', () => {
    const [message] = buildMessages({ embeds: [{ title: 't' }], mentions: { roles: [ROLE] } });
    expect(message).toMatchObject({ content: `<@&${ROLE}>`, allowed_mentions: { parse: [], roles: [ROLE] } });
  });

  test('does not let @everyone or a user id in the text ping without mentions', () => {
    const [message] = buildMessages({ content: `@everyone <@${USER}> <@&${ROLE}>` });
    expect(message?.allowed_mentions).toEqual({ parse: [] });
  });

  test('splits long content; the last chunk carries the embeds and only the first may ping', () => {
    const content = Array.from({ length: 90 }, (_, i) => `line ${i} ${x(40)}`).join('\n');
    const messages = buildMessages({ content, mentions: { users: [USER] }, username: 'Bot', embeds: [{ title: 't' }] });
    expect(messages).toHaveLength(3);
    expect(messages.map((m) => m.allowed_mentions)).toEqual([
      { parse: [], users: [USER] },
      { parse: [] },
      { parse: [] },
    ]);
    expect(messages.map((m) => m.username)).toEqual(['Bot', 'Bot', 'Bot']);
    expect(messages.map((m) => m.embeds)).toEqual([undefined, undefined, [{ title: 't' }]]);
    expect(messages[0]?.content?.startsWith(`<@${USER}> line 0 `)).toBe(true);
    const joined = messages.map((m) => m.content).join('\n');
    expect(joined).toBe(`<@${USER}> ${content}`);
  });

  test('cuts each string to its own limit with an ellipsis, after trimming', () => {
    const [message] = buildMessages({
      embeds: [
        {
          title: `  ${x(300)}  `,
          description: x(5000),
          footer: { text: x(100) },
          author: { name: x(300) },
          fields: [{ name: x(300), value: x(2000) }],
        },
      ],
    });
    const embed = message?.embeds?.[0];
    expect(embed?.title).toBe(`${x(255)}…`);
    expect(embed?.description).toBe(`${x(4095)}…`);
    expect(embed?.author?.name).toBe(`${x(255)}…`);
    expect(embed?.fields?.[0]).toEqual({ name: `${x(255)}…`, value: `${x(1023)}…` });
    expect(embed?.footer?.text).toBe(x(100));
  });

  test('keeps strings exactly at their limit whole', () => {
    const [message] = buildMessages({ content: x(2000), embeds: [{ title: x(256), description: x(4096) }] });
    expect(message).toMatchObject({ content: x(2000), embeds: [{ title: x(256), description: x(4096) }] });
  });

  test('replaces a blank field name or value with a zero-width space', () => {
    const [message] = buildMessages({ embeds: [{ fields: [{ name: '', value: '  ' }] }] });
    expect(message?.embeds?.[0]?.fields).toEqual([{ name: ZERO_WIDTH_SPACE, value: ZERO_WIDTH_SPACE }]);
  });

  test('continues more than 25 fields in a "(continued)" embed with the same color and no url', () => {
    const [message] = buildMessages({
      embeds: [{ title: 'Audiences', url: 'https://example.com/r', color: 0x0099ff, fields: fields(26) }],
    });
    expect(message?.embeds).toHaveLength(2);
    expect(message?.embeds?.[0]).toMatchObject({ title: 'Audiences', url: 'https://example.com/r' });
    expect(message?.embeds?.[0]?.fields).toHaveLength(25);
    expect(message?.embeds?.[1]).toEqual({
      title: 'Audiences (continued)',
      color: 0x0099ff,
      fields: [{ name: 'n25', value: 'v25', inline: true }],
    });
  });

  test('cuts a long title so the continuation title still fits 256', () => {
    const [message] = buildMessages({ embeds: [{ title: x(256), fields: fields(26) }] });
    const title = message?.embeds?.[1]?.title ?? '';
    expect(codePointLength(title)).toBe(256);
    expect(title.endsWith('… (continued)')).toBe(true);
  });

  test('moves embeds beyond 10 to a follow-up message, in order', () => {
    const embeds = Array.from({ length: 11 }, (_, i) => ({ title: `e${i}` }));
    const messages = buildMessages({ embeds });
    expect(messages.map((m) => m.embeds?.map((e) => e.title))).toEqual([
      ['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9'],
      ['e10'],
    ]);
  });

  test('moves embeds beyond the 6000 total to a follow-up message', () => {
    const embeds = [{ description: x(4000) }, { description: x(2000) }, { description: x(1) }];
    const messages = buildMessages({ embeds });
    expect(messages.map((m) => m.embeds?.length)).toEqual([2, 1]);
    expect(messages.map(messageTextLength)).toEqual([6000, 1]);
  });

  test('moves fields of an embed over 6000 on its own to a continuation embed in the next message', () => {
    const manyFields = Array.from({ length: 6 }, (_, i) => ({ name: `n${i}`, value: x(1000) }));
    const messages = buildMessages({ embeds: [{ title: 'T', description: x(1000), fields: manyFields }] });
    expect(messages).toHaveLength(2);
    expect(messages[0]?.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(['n0', 'n1', 'n2', 'n3']);
    expect(messages[1]?.embeds?.[0]).toMatchObject({ title: 'T (continued)' });
    expect(messages[1]?.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(['n4', 'n5']);
  });

  test('cuts the footer when title, description, author and footer alone exceed 6000', () => {
    const [message] = buildMessages({
      embeds: [{ title: x(256), description: x(4096), author: { name: x(256) }, footer: { text: x(2048) } }],
    });
    expect(message?.embeds?.[0]?.footer?.text).toBe(`${x(1391)}…`);
    expect(messageTextLength(message ?? {})).toBe(6000);
  });

  test('percent-encodes URLs built from user data', () => {
    const [message] = buildMessages({ embeds: [{ title: 't', url: 'https://notion.so/Ana Lima|ü' }] });
    expect(message?.embeds?.[0]?.url).toBe('https://notion.so/Ana%20Lima%7C%C3%BC');
  });

  test('replaces unpaired surrogates, which are not text', () => {
    expect(buildMessages({ content: 'a\ud800b' })[0]?.content).toBe('a\ufffdb');
  });

  test('cuts a long username to 80 and omits a blank one', () => {
    expect(buildMessages({ content: 'c', username: x(100) })[0]?.username).toBe(`${x(79)}…`);
    expect(buildMessages({ content: 'c', username: '  ' })[0]).not.toHaveProperty('username');
  });

  test('is deterministic', () => {
    const notification: Notification = { content: x(5000, 'ab '), embeds: [{ title: 't', fields: fields(60) }] };
    expect(buildMessages(notification)).toEqual(buildMessages(notification));
  });

  test('every message passes validateMessage', () => {
    const messages = buildMessages({
      content: x(9000, 'y '),
      embeds: Array.from({ length: 13 }, () => ({ fields: fields(30) })),
    });
    for (const message of messages) expect(validateMessage(message).success).toBe(true);
  });

  describe('refuses what cutting cannot fix', () => {
    const refused = (notification: Notification) => {
      try {
        buildMessages(notification);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidNotificationError);
        return (error as InvalidNotificationError).issues;
      }
      throw new Error('expected InvalidNotificationError');
    };

    test('a notification with neither content nor embeds', () => {
      expect(refused({})).toEqual(['(notification): Cannot send an empty message: no content and no embeds']);
      expect(refused({ content: ' \n ', embeds: [{ color: 1 }] })).toHaveLength(1);
    });

    test('a URL that is not http(s), with its path', () => {
      expect(refused({ embeds: [{ title: 't', url: 'javascript:alert(1)' }] })).toEqual([
        'embeds.0.url: Must be an absolute http(s) URL of at most 2048 characters.',
      ]);
    });

    test('a username with "discord" in it, a bad color, timestamp, mention id or flag', () => {
      expect(refused({ content: 'c', username: 'Discord Alerts' })).toEqual([
        'username: Username cannot contain "discord" or "clyde".',
      ]);
      expect(refused({ embeds: [{ title: 't', color: 0x1000000 }] })[0]).toMatch(/^embeds\.0\.color: /);
      expect(refused({ embeds: [{ title: 't', timestamp: '2024-05-01' }] })[0]).toMatch(/^embeds\.0\.timestamp: /);
      expect(refused({ content: 'c', mentions: { users: ['me'] } })[0]).toMatch(/^mentions\.users\.0: /);
      expect(refused({ content: 'c', flags: 1 << 15 })[0]).toMatch(/^flags: /);
    });
  });
});
