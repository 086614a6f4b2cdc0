import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { FailureType, toApplicationFailure } from '../../src/activities/failures';
import { DiscordRateLimitError, DiscordServerError, DiscordTransportError } from '../../src/discord/errors';
import { refusedPost } from '../helpers/discord-errors';

const ROUTE = '/webhooks/:id/:token' as const;
const TOKEN = 'SecretToken_abcdefghijklmnopqrstuvwxyz-0123456789';

describe('toApplicationFailure: one failure type per way Temporal must react', () => {
  test('429 → DiscordRateLimited, retried after exactly retry_after (rounded up), benign', () => {
    const error = new DiscordRateLimitError({ global: false, scope: 'shared', retryAfterMs: 1234.2 }, 'POST', ROUTE);
    const failure = toApplicationFailure(error, 'alerts');
    expect(failure).toMatchObject({
      type: FailureType.RateLimited,
      nextRetryDelay: 1235,
      category: ApplicationFailureCategory.BENIGN,
      details: [{ channel: 'alerts', retryAfterMs: 1234.2, global: false, scope: 'shared' }],
    });
    expect(failure.nonRetryable).toBeFalsy();
    expect(failure.message).toBe(`${error.message} (channel "alerts")`);
  });

  test('a zero retry_after still waits 1 ms, and a missing scope is null', () => {
    const failure = toApplicationFailure(
      new DiscordRateLimitError({ global: true, retryAfterMs: 0 }, 'POST', ROUTE),
      'x',
    );
    expect(failure.nextRetryDelay).toBe(1);
    expect(failure.details).toEqual([{ channel: 'x', retryAfterMs: 0, global: true, scope: null }]);
  });

  test('other 4xx → DiscordRejected, non-retryable, with Discord reason and field errors as details', () => {
    const error = refusedPost(400, 50035, 'Invalid Form Body', [
      { path: 'embeds.0.title', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' },
    ]);
    const failure = toApplicationFailure(error, 'reports');
    expect(failure.type).toBe(FailureType.Rejected);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(`${error.message} (channel "reports")`);
    expect(failure.details).toEqual([
      {
        channel: 'reports',
        status: 400,
        code: 50035,
        discordMessage: 'Invalid Form Body',
        fields: [{ path: 'embeds.0.title', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }],
      },
    ]);
  });

  test('5xx → DiscordUnavailable and no answer → DiscordUnreachable, both retried with backoff', () => {
    const unavailable = toApplicationFailure(new DiscordServerError(503, 'upstream', 'POST', ROUTE), 'default');
    const unreachable = toApplicationFailure(
      new DiscordTransportError('timeout', 'no answer', 'POST', ROUTE, new Error('x')),
      'default',
    );
    expect(unavailable).toMatchObject({ type: FailureType.Unavailable, nonRetryable: false });
    expect(unreachable).toMatchObject({ type: FailureType.Unreachable, nonRetryable: false });
    expect(unavailable.nextRetryDelay).toBeUndefined();
    expect(unreachable.message).toMatch(/no answer.*\(channel "default"\)$/);
  });

  test('an ApplicationFailure passes through unchanged', () => {
    const original = ApplicationFailure.nonRetryable('bad source', FailureType.InvalidSource);
    expect(toApplicationFailure(original, 'reports')).toBe(original);
  });

  test('anything else keeps its name, is retried, and loses any webhook token', () => {
    const error = new TypeError(`boom at https://discord.com/api/webhooks/123456789012345678/${TOKEN}`);
    const failure = toApplicationFailure(error, 'alerts');
    expect(failure.type).toBe('TypeError');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toBe('boom at https://discord.com/api/webhooks/123456789012345678/*** (channel "alerts")');
    expect(toApplicationFailure('plain text', 'alerts')).toMatchObject({
      type: 'Error',
      message: 'plain text (channel "alerts")',
    });
  });
});
