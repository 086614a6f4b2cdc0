import { discordTimestamp, parseIso8601 } from '../../src/emulator/field-checks';
import { FormErrors } from '../../src/emulator/discord-errors';
import { toDiscordJson } from '../../src/emulator/http-io';
import { DISCORD_EPOCH_MS, isSnowflake, SnowflakeGenerator, snowflakeTimestampMs } from '../../src/emulator/snowflake';

describe('snowflakes', () => {
  test('encode the creation time as (ms - Discord epoch) << 22', () => {
    const id = new SnowflakeGenerator().next(DISCORD_EPOCH_MS + 1_000);
    expect(id).toBe(String(1_000n << 22n));
    expect(snowflakeTimestampMs(id)).toBe(DISCORD_EPOCH_MS + 1_000);
  });

  test('stay unique past 4096 ids in one millisecond and never go backwards', () => {
    const generator = new SnowflakeGenerator();
    const now = Date.UTC(2025, 0, 1);
    const ids = Array.from({ length: 5_000 }, () => BigInt(generator.next(now)));
    ids.push(BigInt(generator.next(now - 10_000)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });

  test.each([
    ['0', true],
    ['1300000000000000001', true],
    ['18446744073709551615', true],
    ['18446744073709551616', false],
    ['0123', false],
    ['12ab', false],
    ['', false],
  ])('isSnowflake(%j) is %s', (value, expected) => {
    expect(isSnowflake(value)).toBe(expected);
  });
});

describe('timestamps', () => {
  test('parse ISO 8601 with offsets into UTC and reject impossible dates', () => {
    expect(parseIso8601('2024-05-01T14:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIso8601('2024-05-01T12:00:00.5Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 500));
    expect(parseIso8601('2024-05-01 12:00')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIso8601('2023-02-29')).toBeUndefined();
    expect(parseIso8601('2024-05-01T25:00:00Z')).toBeUndefined();
  });

  test("format like Python's isoformat(): microseconds only when non-zero", () => {
    expect(discordTimestamp(Date.UTC(2024, 4, 1, 12))).toBe('2024-05-01T12:00:00+00:00');
    expect(discordTimestamp(Date.UTC(2024, 4, 1, 12, 0, 0, 42))).toBe('2024-05-01T12:00:00.042000+00:00');
  });
});

describe('form errors', () => {
  test('render the v8 tree and the legacy flat form, request-level errors under _misc', () => {
    const errors = new FormErrors();
    errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    errors.add(['embeds', 2, 'title'], 'BASE_TYPE_MAX_LENGTH', 'Must be 256 or fewer in length.');
    errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    expect(errors.size).toBe(3);
    expect(errors.toTree()).toEqual({
      _errors: [{ code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }],
      embeds: {
        _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }],
        2: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } },
      },
    });
    expect(errors.toLegacy()).toEqual({
      _misc: ['Only dictionaries may be used in a DictType'],
      embeds: ['Embed size exceeds maximum size of 6000', '2'],
    });
  });
});

describe('Discord JSON serialisation', () => {
  test('uses ", " and ": " and drops undefined members', () => {
    expect(toDiscordJson({ a: [1, 'x', null], b: undefined, c: { d: true } })).toBe(
      '{"a": [1, "x", null], "c": {"d": true}}',
    );
  });
});
