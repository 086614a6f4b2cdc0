import {
  codePointLength,
  escapeMarkdown,
  escapeUntrusted,
  isWhitespace,
  neutralizeMentions,
  toWellFormed,
  trimWhitespace,
  truncate,
  ZERO_WIDTH_SPACE,
} from '../../src/discord/text';

describe('codePointLength', () => {
  test('counts an astral character once, like Discord (Python code points), not as two UTF-16 units', () => {
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength('a😀b')).toBe(3);
    expect('😀'.length).toBe(2);
  });

  test('does not count leading and trailing whitespace', () => {
    expect(codePointLength('  \n\t hi \r\n')).toBe(2);
    expect(codePointLength('\u3000\u2028x\u00a0\u0085')).toBe(1);
  });

  test('counts inner whitespace', () => {
    expect(codePointLength('a  b')).toBe(4);
  });

  test("trims what Python's str.strip() trims, including U+001C-U+001F, but not U+200B or U+FEFF", () => {
    expect(codePointLength('\x1c\x1d\x1e\x1fx')).toBe(1);
    expect(codePointLength(`${ZERO_WIDTH_SPACE}x`)).toBe(2);
    expect(codePointLength('\ufeffx')).toBe(2);
    expect(isWhitespace('\u200b')).toBe(false);
    expect(isWhitespace('\u2003')).toBe(true);
  });

  test('is 0 for an empty or whitespace-only string', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength(' \n\t ')).toBe(0);
  });
});

describe('truncate', () => {
  test('returns a string that already fits unchanged', () => {
    expect(truncate('  hello  ', 5)).toBe('  hello  ');
  });

  test('cuts to the limit with the ellipsis counted in', () => {
    expect(truncate('abcdefgh', 5)).toBe('abcd…');
    expect(codePointLength(truncate('abcdefgh', 5))).toBe(5);
  });

  test('never splits a surrogate pair', () => {
    const cut = truncate('😀😀😀😀', 3);
    expect(cut).toBe('😀😀…');
    expect(toWellFormed(cut)).toBe(cut);
  });

  test('counts a lone surrogate as one code point, as Discord does', () => {
    expect(truncate('a\ud800b\udc00cdef', 4)).toBe('a\ud800b…');
  });

  test('cuts a text of 200,000 surrogate pairs to three code points', () => {
    const long = '😀'.repeat(200_000);
    expect(truncate(long, 3)).toBe('😀😀…');
  });

  test('drops whitespace before the ellipsis and around the text', () => {
    expect(truncate('  ab   cdefgh  ', 5)).toBe('ab…');
  });

  test('uses a custom ellipsis', () => {
    expect(truncate('abcdefgh', 6, '...')).toBe('abc...');
  });

  test('cuts without an ellipsis when the limit leaves no room for it', () => {
    expect(truncate('abcdef', 1)).toBe('a');
    expect(truncate('abcdef', 0)).toBe('');
  });
});

describe('trimWhitespace and toWellFormed', () => {
  test('trims Python whitespace only', () => {
    expect(trimWhitespace('\u2000 a \u3000')).toBe('a');
    expect(trimWhitespace('\u200ba\u200b')).toBe('\u200ba\u200b');
  });

  test('replaces unpaired surrogates and keeps pairs', () => {
    expect(toWellFormed('a\ud800b\udc00c😀')).toBe('a\ufffdb\ufffdc😀');
  });
});

describe('escapeMarkdown', () => {
  test.each([
    [
      'escapes every markdown character',
      '*b* _i_ ~~s~~ `c` ||sp|| \\',
      '\\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\| \\\\',
    ],
    ['stops masked links from forming', '[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    [
      'neutralizes headings, quotes, subtext and lists at line starts',
      '# h\n> q\n-# small\n- item\n1. first\n+ plus',
      '\\# h\n\\> q\n\\-# small\n\\- item\n1\\. first\n\\+ plus',
    ],
    ['leaves a number followed by a dot inside a sentence alone', 'version 1.5 is out', 'version 1.5 is out'],
    [
      'leaves hyphens, hashes and parentheses inside a line alone',
      'Min-Ji (lead-sync) #1 > 2',
      'Min-Ji (lead-sync) #1 > 2',
    ],
  ])('%s', (_, text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });
});

describe('neutralizeMentions', () => {
  test.each([
    [
      'breaks @everyone and @here with a zero-width space after the @',
      'hi @everyone and @here and @Everyone',
      `hi @${ZERO_WIDTH_SPACE}everyone and @${ZERO_WIDTH_SPACE}here and @${ZERO_WIDTH_SPACE}Everyone`,
    ],
    [
      'breaks user, nickname, role and channel mentions',
      '<@123> <@!123> <@&456> <#789>',
      `<${ZERO_WIDTH_SPACE}@123> <${ZERO_WIDTH_SPACE}@!123> <${ZERO_WIDTH_SPACE}@&456> <${ZERO_WIDTH_SPACE}#789>`,
    ],
  ])('%s', (_, text, neutralized) => {
    expect(neutralizeMentions(text)).toBe(neutralized);
  });

  test('leaves no mention syntax that Discord would parse', () => {
    const out = neutralizeMentions('@everyone <@&123> <@!5> @here');
    expect(out).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>/);
  });

  test('is idempotent', () => {
    const once = neutralizeMentions('@everyone <@1>');
    expect(neutralizeMentions(once)).toBe(once);
  });

  test('leaves e-mail addresses readable', () => {
    expect(neutralizeMentions('ana@example.com')).toBe('ana@example.com');
  });

  test.each(['bob@herefordfarms.com', 'ann@everyone.example', 'x.y+tag@Here.co.uk', 'a_b@everyone-else.org'])(
    'leaves the e-mail %s unaltered, though its domain starts with everyone/here',
    (email) => {
      expect(neutralizeMentions(email)).toBe(email);
      expect(neutralizeMentions(`Contact: ${email}, thanks`)).toBe(`Contact: ${email}, thanks`);
    },
  );

  test.each([
    ['@here.', `@${ZERO_WIDTH_SPACE}here.`],
    ['team@here', `team@${ZERO_WIDTH_SPACE}here`],
    ['(@everyone.com)', `(@${ZERO_WIDTH_SPACE}everyone.com)`],
    ['mail me @everyone.example', `mail me @${ZERO_WIDTH_SPACE}everyone.example`],
  ])('still breaks %j, which is no e-mail address', (text, expected) => {
    expect(neutralizeMentions(text)).toBe(expected);
  });
});

describe('escapeUntrusted', () => {
  test('an e-mail with markdown characters is escaped but keeps its @ intact', () => {
    expect(escapeUntrusted('ann_lee@everyone.example')).toBe('ann\\_lee@everyone.example');
  });

  test('makes "@everyone <@&123>" from a lead name inert and literal', () => {
    const out = escapeUntrusted('@everyone <@&123> **boss**');
    expect(out).toBe(`@${ZERO_WIDTH_SPACE}everyone <${ZERO_WIDTH_SPACE}@&123> \\*\\*boss\\*\\*`);
    expect(out).not.toMatch(/@everyone|<@&\d+>/);
  });

  test('breaks a channel mention', () => {
    expect(escapeUntrusted('<#42>')).toBe(`<${ZERO_WIDTH_SPACE}#42>`);
  });
});
