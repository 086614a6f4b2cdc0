import {
  FailureType,
  NON_RETRYABLE_FAILURE_TYPES,
  USERNAME_RULES,
  formatIssues,
  isRecord,
  isSnowflake,
} from '../../src/vocabulary';

describe('the shared vocabulary', () => {
  test('the non-retryable failure types are FailureType values, the permanent ones only', () => {
    expect(NON_RETRYABLE_FAILURE_TYPES).toEqual([
      'DiscordRejected',
      'InvalidMessage',
      'InvalidInput',
      'InvalidReportSource',
      'WebhookNotConfigured',
    ]);
    const types: readonly string[] = Object.values(FailureType);
    for (const type of NON_RETRYABLE_FAILURE_TYPES) expect(types).toContain(type);
    expect(NON_RETRYABLE_FAILURE_TYPES).not.toContain(FailureType.RateLimited);
  });

  test('a snowflake has 17-20 digits, no leading zero, and fits in 64 bits', () => {
    expect(isSnowflake('12345678901234567')).toBe(true);
    expect(isSnowflake('18446744073709551615')).toBe(true);
    expect(isSnowflake('18446744073709551616')).toBe(false);
    expect(isSnowflake('1234567890123456')).toBe(false);
    expect(isSnowflake('01234567890123456')).toBe(false);
    expect(isSnowflake('1234567890123456a')).toBe(false);
  });

  test('the username rules refuse discord, clyde, everyone and here, whatever the case', () => {
    const problems = (name: string) => USERNAME_RULES.filter((rule) => !rule.test(name)).map((rule) => rule.message);
    expect(problems('Marketing Bot')).toEqual([]);
    expect(problems('My Discord Bot')).toEqual(['Username cannot contain "discord" or "clyde".']);
    expect(problems('CLYDE')).toEqual(['Username cannot contain "discord" or "clyde".']);
    expect(problems(' Everyone ')).toEqual(['Username cannot be "everyone" or "here".']);
    expect(problems('here and there')).toEqual([]);
  });

  test('issues are written as dotted paths, the root named by the caller', () => {
    const issues = [
      { path: ['embeds', 0, 'title'], message: 'Too long' },
      { path: [], message: 'Unknown key' },
    ];
    expect(formatIssues(issues)).toEqual(['embeds.0.title: Too long', '(root): Unknown key']);
    expect(formatIssues(issues, '(input)')[1]).toBe('(input): Unknown key');
  });

  test('isRecord accepts plain objects only', () => {
    expect([{}, { a: 1 }, [], null, 'x', 1].map(isRecord)).toEqual([true, true, false, false, false, false]);
  });
});
