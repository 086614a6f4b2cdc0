// The client checks every body at the wire, whoever built it: a message that breaks Discord's limits is refused
// before any request (the emulator sees nothing), with a typed error the activities map to a non-retryable
// InvalidMessage failure naming the channel.
import { ApplicationFailure } from '@temporalio/common';
import { toApplicationFailure } from '../../src/activities/failures';
import { InvalidWebhookMessageError } from '../../src/discord/errors';
import type { WebhookMessage } from '../../src/discord/schemas';
import { createWebhookClient } from '../../src/discord/webhook-client';
import { parseWebhookUrl, type WebhookTarget } from '../../src/discord/webhook-url';
import { FailureType } from '../../src/vocabulary';
import { useEmulator } from '../emulator/helpers';

const discord = useEmulator();
const client = createWebhookClient();

const targetOf = (url: string): WebhookTarget =>
  parseWebhookUrl(url, { allowedHosts: [`127.0.0.1:${discord.emulator.port}`] });

const TOO_LONG_TITLE = 'T'.repeat(257);
const invalid = {
  content: 'x'.repeat(2_001),
  embeds: [{ title: TOO_LONG_TITLE }],
  allowed_mentions: { parse: [] },
} as WebhookMessage;

async function refusal(attempt: Promise<unknown>): Promise<InvalidWebhookMessageError> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidWebhookMessageError);
  return error as InvalidWebhookMessageError;
}

describe('the client checks the body at the wire', () => {
  test('execute refuses a message over the limits before sending, naming every problem', async () => {
    const target = targetOf(discord.webhook.url);
    const error = await refusal(client.execute(target, invalid));
    expect(error.problems).toEqual([
      'content: Must be 2000 or fewer in length.',
      'embeds.0.title: Must be 256 or fewer in length.',
    ]);
    expect(error.method).toBe('POST');
    expect(error.message).toBe(`[POST /webhooks/:id/:token] invalid message: ${error.problems.join('; ')}`);
    expect(error.message).not.toContain(target.token);
    expect(discord.emulator.requests({ webhookId: discord.webhook.id })).toEqual([]);
    expect(discord.emulator.messages(discord.webhook.id)).toEqual([]);
  });

  test('execute refuses a message without allowed_mentions, which would ping by Discord defaults', async () => {
    const error = await refusal(
      client.execute(targetOf(discord.webhook.url), { content: '@everyone hi' } as WebhookMessage),
    );
    expect(error.problems).toEqual(['allowed_mentions: Invalid input: expected object, received undefined']);
    expect(discord.emulator.requests({ webhookId: discord.webhook.id })).toEqual([]);
  });

  test('a valid message goes through unchanged', async () => {
    const message: WebhookMessage = {
      content: 'Hot lead',
      embeds: [{ title: 'T'.repeat(256) }],
      allowed_mentions: { parse: [] },
    };
    const response = await client.execute(targetOf(discord.webhook.url), message);
    expect(response.status).toBe(200);
    const stored = discord.emulator.messages(discord.webhook.id);
    expect(stored.map((entry) => [entry.message.content, entry.message.embeds[0]?.title])).toEqual([
      ['Hot lead', 'T'.repeat(256)],
    ]);
  });

  test('editMessage refuses an edit over the limits and leaves the message as it was', async () => {
    const target = targetOf(discord.webhook.url);
    const posted = await client.execute(target, { content: 'v1', allowed_mentions: { parse: [] } });
    const messageId = posted.message!.id;
    const error = await refusal(client.editMessage(target, messageId, invalid));
    expect(error.method).toBe('PATCH');
    expect(error.problems).toEqual([
      'content: Must be 2000 or fewer in length.',
      'embeds.0.title: Must be 256 or fewer in length.',
    ]);
    expect(discord.emulator.requests({ webhookId: discord.webhook.id, method: 'PATCH' })).toEqual([]);
    expect(discord.emulator.messages(discord.webhook.id).map((entry) => entry.message.content)).toEqual(['v1']);
  });

  test('the activities map the refusal to a non-retryable InvalidMessage naming the channel', async () => {
    const error = await refusal(client.execute(targetOf(discord.webhook.url), invalid));
    const failure = toApplicationFailure(error, 'alerts');
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(FailureType.InvalidMessage);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(
      `Message for channel "alerts" breaks Discord's limits: content: Must be 2000 or fewer in length.; embeds.0.title: Must be 256 or fewer in length.`,
    );
    expect(failure.details).toEqual([
      {
        channel: 'alerts',
        problems: ['content: Must be 2000 or fewer in length.', 'embeds.0.title: Must be 256 or fewer in length.'],
      },
    ]);
  });
});
