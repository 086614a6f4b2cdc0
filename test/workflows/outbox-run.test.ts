import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { deliveryErrorOf, utf8Length } from '../../src/workflows/outbox-run';

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
