import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { deliveryErrorOf, refusedTurnOf, utf8Length } from '../../src/workflows/outbox-run';

describe('utf8Length', () => {
  test('counts bytes as Temporal does for a payload, not UTF-16 units', () => {
    for (const text of [
      '',
      'plain',
      'Café',
      '€100',
      '🔥 **Hot Lead Alert!**',
      '민지 박',
      'a\u0000b',
      '\ud83d',
      'x\udc00y',
      '\ud83d\ude00',
    ]) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});

describe('deliveryErrorOf', () => {
  test("keeps the failure's type and message and Discord's answer from an activity failure", () => {
    const cause = ApplicationFailure.create({
      type: 'DiscordRejected',
      message: '[POST /webhooks/:id/:token] 404 Unknown Webhook (10015) (channel "alerts")',
      nonRetryable: true,
      details: [{ channel: 'alerts', status: 404, code: 10015, discordMessage: 'Unknown Webhook', fields: [] }],
    });
    const error = new ActivityFailure(
      'Activity task failed',
      'sendToDiscord',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      'worker',
      cause,
    );
    expect(deliveryErrorOf(error)).toEqual({
      type: 'DiscordRejected',
      message: '[POST /webhooks/:id/:token] 404 Unknown Webhook (10015) (channel "alerts")',
      status: 404,
      code: 10015,
      discordMessage: 'Unknown Webhook',
      fields: [],
    });
  });

  test('anything else keeps its message', () => {
    expect(deliveryErrorOf(new Error('boom'))).toEqual({ type: 'Error', message: 'boom' });
    expect(deliveryErrorOf('text')).toEqual({ type: 'Error', message: 'text' });
  });
});

describe('refusedTurnOf', () => {
  const answered = [{ messageId: '1', channelId: '2', remaining: 3, resetAfterMs: 1_500, answeredAtMs: 10 }];
  const refusal = (details: unknown[]) =>
    new ActivityFailure(
      'Activity task failed',
      'sendToDiscord',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      'worker',
      ApplicationFailure.create({ type: 'DiscordRejected', message: 'refused', nonRetryable: true, details }),
    );

  test("reads the answers before the refused request and its index from the failure's second detail", () => {
    expect(refusedTurnOf(refusal([{ status: 400 }, { answered, index: 1 }]))).toEqual({ answered, index: 1 });
  });

  test('a failure without them: nothing answered, the first request refused', () => {
    expect(refusedTurnOf(refusal([{ status: 400 }]))).toEqual({ answered: [], index: 0 });
    expect(refusedTurnOf(new Error('boom'))).toEqual({ answered: [], index: 0 });
  });
});
