import {
  formatDiscordTimestamp,
  formatMessageTime,
  plainText,
  renderMarkdown,
  safeHttpUrl,
} from '../../src/emulator/preview/markdown';
import { layoutFields } from '../../src/emulator/preview/view-model';

/** 2023-11-14T22:13:20Z, a Tuesday. */
const UNIX = 1_700_000_000;
const time = { nowMs: UNIX * 1000 + 3_600_000, timeZone: 'UTC' };
const md = (text: string) => renderMarkdown(text, time);

describe('renderMarkdown', () => {
  test('bold, italic, underline, strike, spoiler and inline code become their nodes', () => {
    expect(md('**b** *i* __u__ ~~s~~ ||p|| `c`')).toEqual([
      { type: 'bold', children: [{ type: 'text', text: 'b' }] },
      { type: 'text', text: ' ' },
      { type: 'italic', children: [{ type: 'text', text: 'i' }] },
      { type: 'text', text: ' ' },
      { type: 'underline', children: [{ type: 'text', text: 'u' }] },
      { type: 'text', text: ' ' },
      { type: 'strike', children: [{ type: 'text', text: 's' }] },
      { type: 'text', text: ' ' },
      { type: 'spoiler', children: [{ type: 'text', text: 'p' }] },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'c' },
    ]);
  });

  test('the seed alert content: an emoji and bold text', () => {
    expect(md('🔥 **HOT LEAD ALERT**')).toEqual([
      { type: 'text', text: '🔥 ' },
      { type: 'bold', children: [{ type: 'text', text: 'HOT LEAD ALERT' }] },
    ]);
  });

  test('backslash escapes render as the plain character and adjacent text merges into one node', () => {
    expect(md('Min\\-Ji - Score: 85')).toEqual([{ type: 'text', text: 'Min-Ji - Score: 85' }]);
    expect(md('\\*not italic\\*')).toEqual([{ type: 'text', text: '*not italic*' }]);
  });

  test('code blocks keep their language and text verbatim, markup included', () => {
    expect(md('```js\nif (a < b && c) **x**\n```')).toEqual([
      { type: 'codeBlock', language: 'js', text: 'if (a < b && c) **x**' },
    ]);
    expect(md('```\nplain\n```')).toEqual([{ type: 'codeBlock', language: null, text: 'plain' }]);
  });

  test('block quotes, headings, subtext and line breaks', () => {
    expect(md('# Title\n> quoted\nafter')).toEqual([
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Title' }] },
      { type: 'quote', children: [{ type: 'text', text: 'quoted' }, { type: 'br' }] },
      { type: 'text', text: 'after' },
    ]);
    expect(md('### small')).toEqual([{ type: 'heading', level: 3, children: [{ type: 'text', text: 'small' }] }]);
    expect(md('-# fine print')).toEqual([{ type: 'subtext', children: [{ type: 'text', text: 'fine print' }] }]);
    expect(md('a\nb')).toEqual([{ type: 'text', text: 'a' }, { type: 'br' }, { type: 'text', text: 'b' }]);
  });

  test('user, role and channel mentions keep their ids; @everyone and @here become mentions', () => {
    expect(md('<@123456789012345678> <@&223456789012345678> <#323456789012345678> @everyone @here')).toEqual([
      { type: 'mention', kind: 'user', id: '123456789012345678', label: '123456789012345678' },
      { type: 'text', text: ' ' },
      { type: 'mention', kind: 'role', id: '223456789012345678', label: '223456789012345678' },
      { type: 'text', text: ' ' },
      { type: 'mention', kind: 'channel', id: '323456789012345678', label: '323456789012345678' },
      { type: 'text', text: ' ' },
      { type: 'mention', kind: 'everyone', id: null, label: 'everyone' },
      { type: 'text', text: ' ' },
      { type: 'mention', kind: 'here', id: null, label: 'here' },
    ]);
  });

  test('an escaped mention stays text', () => {
    expect(md('\\<@123456789012345678>')).toEqual([{ type: 'text', text: '<@123456789012345678>' }]);
  });

  test('<t:unix:style> becomes a formatted date; the default style is f', () => {
    expect(md(`<t:${UNIX}:F>`)).toEqual([
      {
        type: 'timestamp',
        iso: '2023-11-14T22:13:20.000Z',
        style: 'F',
        text: 'Tuesday, November 14, 2023 at 10:13 PM',
      },
    ]);
    expect(md(`<t:${UNIX}>`)).toEqual([
      { type: 'timestamp', iso: '2023-11-14T22:13:20.000Z', style: 'f', text: 'November 14, 2023 at 10:13 PM' },
    ]);
  });

  test('a timestamp out of the date range stays as written', () => {
    expect(md('<t:99999999999999999:F>')).toEqual([{ type: 'text', text: '<t:99999999999999999:F>' }]);
  });

  test('masked links and bare URLs become links only for http(s)', () => {
    expect(md('[Open in Notion](https://notion.so/a1b2c3d4e5f6)')).toEqual([
      { type: 'link', href: 'https://notion.so/a1b2c3d4e5f6', children: [{ type: 'text', text: 'Open in Notion' }] },
    ]);
    expect(md('see https://example.com/a_b')).toEqual([
      { type: 'text', text: 'see ' },
      { type: 'link', href: 'https://example.com/a_b', children: [{ type: 'text', text: 'https://example.com/a_b' }] },
    ]);
    expect(md('[x](javascript:alert(1))')).toEqual([{ type: 'text', text: 'x' }]);
    expect(md('[y](data:text/html,hi)')).toEqual([{ type: 'text', text: 'y' }]);
  });

  test('HTML is text, never markup', () => {
    expect(md('<img src=x onerror=alert(1)> <script>alert(2)</script>')).toEqual([
      { type: 'text', text: '<img src=x onerror=alert(1)> <script>alert(2)</script>' },
    ]);
  });

  test('custom emoji show their name (their images are on the CDN); empty text gives no nodes', () => {
    expect(md('<:party:123456789012345678>')).toEqual([{ type: 'text', text: ':party:' }]);
    expect(md('')).toEqual([]);
  });
});

describe('plainText', () => {
  test('drops formatting and spells mentions as Discord shows them', () => {
    expect(plainText(md('**Min\\-Ji** <@&223456789012345678> <#323456789012345678> @here'))).toBe(
      'Min-Ji @223456789012345678 #323456789012345678 @here',
    );
  });
});

describe('safeHttpUrl', () => {
  test.each([
    ['https://notion.so/x', 'https://notion.so/x'],
    [' http://example.com ', 'http://example.com/'],
    ['javascript:alert(1)', undefined],
    ['JAVASCRIPT:alert(1)', undefined],
    ['data:text/html,x', undefined],
    ['/relative', undefined],
    [42, undefined],
  ])('%p -> %p', (input, expected) => {
    expect(safeHttpUrl(input)).toBe(expected);
  });
});

describe('timestamps', () => {
  test.each([
    ['t', '10:13 PM'],
    ['T', '10:13:20 PM'],
    ['d', '11/14/2023'],
    ['D', 'November 14, 2023'],
    ['f', 'November 14, 2023 at 10:13 PM'],
    ['F', 'Tuesday, November 14, 2023 at 10:13 PM'],
    ['R', '1 hour ago'],
  ] as const)('style %s -> %s', (style, text) => {
    expect(formatDiscordTimestamp(UNIX, style, time)).toBe(text);
  });

  test('relative times in the future', () => {
    expect(formatDiscordTimestamp(UNIX + 3 * 86_400, 'R', { nowMs: UNIX * 1000, timeZone: 'UTC' })).toBe('in 3 days');
  });

  test('message times read Today / Yesterday / a date, in the given zone', () => {
    const now = Date.parse('2026-11-28T15:00:00Z');
    const at = (iso: string, timeZone = 'UTC') => formatMessageTime(iso, { nowMs: now, timeZone })?.text;
    expect(at('2026-11-28T09:05:00.000000+00:00')).toBe('Today at 9:05 AM');
    expect(at('2026-11-27T23:59:00Z')).toBe('Yesterday at 11:59 PM');
    expect(at('2026-11-20T12:00:00Z')).toBe('11/20/2026 12:00 PM');
    // 01:00 UTC on the 28th is still the 27th in New York.
    expect(at('2026-11-28T01:00:00Z', 'America/New_York')).toBe('Yesterday at 8:00 PM');
    expect(formatMessageTime('not a date', { nowMs: now })).toBeUndefined();
  });
});

describe('embed layout', () => {
  const field = (name: string, inline?: boolean) => ({ name, value: `${name} value`, inline });

  test('up to three consecutive inline fields share a row; a full-width field ends the row', () => {
    const fields = [
      field('Email', true),
      field('Score', true),
      field('Stage', true),
      field('Fourth', true),
      field('Notion Link', false),
      field('After', true),
      field('Plain'),
    ];
    expect(layoutFields(fields, time).map((f) => [f.name, f.inline, f.inlineIndex])).toEqual([
      ['Email', true, 1],
      ['Score', true, 2],
      ['Stage', true, 3],
      ['Fourth', true, 1],
      ['Notion Link', false, null],
      ['After', true, 1],
      ['Plain', false, null],
    ]);
  });

  test('field names are plain text, values keep their markdown', () => {
    const [laid] = layoutFields([{ name: '**Notion** \\- Link', value: '[Open](https://notion.so/x)' }], time);
    expect(laid!.name).toBe('Notion - Link');
    expect(laid!.value).toEqual([
      { type: 'link', href: 'https://notion.so/x', children: [{ type: 'text', text: 'Open' }] },
    ]);
  });
});
