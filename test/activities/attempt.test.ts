import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { attemptBudgetMs, withinBudget } from '../../src/activities/attempt';
import { ATTEMPT_SAFETY_MARGIN_MS } from '../../src/vocabulary';
import { FailureType } from '../../src/activities/failures';
import { DiscordTransportError } from '../../src/discord/errors';
import { refusedPost } from '../helpers/discord-errors';
import type { WebhookTarget } from '../../src/discord/webhook-url';

const TOKEN = 'SecretToken_abcdefghijklmnopqrstuvwxyz-0123456789';
const target: WebhookTarget = {
  id: '123456789012345678',
  token: TOKEN,
  apiBase: 'http://127.0.0.1/api',
  apiVersion: 10,
};

describe('attemptBudgetMs: the HTTP attempt ends before Temporal times the activity out', () => {
  test('start-to-close alone: its deadline less the safety margin', () => {
    const info = { startToCloseTimeoutMs: 10_000, scheduleToCloseTimeoutMs: 0, scheduledTimestampMs: 0 };
    expect(attemptBudgetMs(info, 1_000, 1_000)).toBe(10_000 - ATTEMPT_SAFETY_MARGIN_MS);
    expect(attemptBudgetMs(info, 1_000, 4_000)).toBe(7_000 - ATTEMPT_SAFETY_MARGIN_MS);
  });

  test('an earlier schedule-to-close deadline wins', () => {
    const info = { startToCloseTimeoutMs: 10_000, scheduleToCloseTimeoutMs: 30_000, scheduledTimestampMs: 0 };
    // Started at 25 s: start-to-close ends at 35 s, schedule-to-close at 30 s.
    expect(attemptBudgetMs(info, 25_000, 25_000)).toBe(5_000 - ATTEMPT_SAFETY_MARGIN_MS);
    // Started at 5 s: start-to-close (15 s) comes first.
    expect(attemptBudgetMs(info, 5_000, 5_000)).toBe(10_000 - ATTEMPT_SAFETY_MARGIN_MS);
  });

  test('a budget already spent is zero or less', () => {
    const info = { startToCloseTimeoutMs: 3_000, scheduleToCloseTimeoutMs: 0, scheduledTimestampMs: 0 };
    expect(attemptBudgetMs(info, 0, 1_000)).toBe(0);
    expect(attemptBudgetMs(info, 0, 5_000)).toBeLessThan(0);
  });
});

describe('withinBudget', () => {
  test('returns what the attempt returns', async () => {
    const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 60_000 });
    await expect(env.run(() => withinBudget(target, 'alerts', () => Promise.resolve('sent')))).resolves.toBe('sent');
  });

  test('aborts the attempt when its budget runs out, as a retryable failure naming the channel', async () => {
    // 1 ms of budget after the safety margin: the signal is the only way the attempt ends. The webhook client turns
    // an aborted request into a timeout transport error, as here.
    const env = new MockActivityEnvironment({ startToCloseTimeoutMs: ATTEMPT_SAFETY_MARGIN_MS + 1 });
    const reasons: unknown[] = [];
    const attempt = env.run(() =>
      withinBudget(
        target,
        'alerts',
        (signal) =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => {
              reasons.push(signal.reason);
              reject(new DiscordTransportError('timeout', 'aborted', 'POST', '/webhooks/:id/:token', signal.reason));
            }),
          ),
      ),
    );
    const failure = (await attempt.catch((error: unknown) => error)) as ApplicationFailure;
    expect(String(reasons[0])).toBe(
      "TimeoutError: the attempt's time budget ran out (retried before Temporal's timeout)",
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(FailureType.Unreachable);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toBe('[POST /webhooks/:id/:token] timeout: aborted (channel "alerts")');
  });

  test('ends the attempt when the activity is cancelled', async () => {
    const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 60_000 });
    const attempt = env.run(() =>
      withinBudget(target, 'alerts', (signal) => {
        const aborted = new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('cancelled'))),
        );
        env.cancel();
        return aborted;
      }),
    );
    await expect(attempt).rejects.toMatchObject({ type: 'Error', message: 'cancelled (channel "alerts")' });
  });

  test('removes every copy of the token, even in shapes the URL pattern misses', async () => {
    const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 60_000 });
    const echo = refusedPost(401, 50027, `Invalid Webhook Token ${TOKEN}`, [
      { path: 'content', code: 'X', message: `token=${TOKEN}` },
    ]);
    const failure = (await env
      .run(() => withinBudget(target, 'alerts', () => Promise.reject(echo)))
      .catch((error: unknown) => error)) as ApplicationFailure;
    expect(failure.type).toBe(FailureType.Rejected);
    expect(failure.nonRetryable).toBe(true);
    expect(JSON.stringify([failure.message, failure.details])).not.toContain(TOKEN);
    expect(failure.message).toContain('Invalid Webhook Token ***');
    expect(failure.details).toEqual([
      expect.objectContaining({ fields: [{ path: 'content', code: 'X', message: 'token=***' }] }),
    ]);
  });
});
