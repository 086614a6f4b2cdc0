import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DiscordApiError, DiscordRateLimitError } from '../discord/errors';
import { WebhookMessageSchema, type WebhookMessage } from '../discord/schemas';
import type { WebhookPacer } from '../discord/pacer';
import type { WebhookClient } from '../discord/webhook-client';
import type { WebhookTarget } from '../discord/webhook-url';
import { FailureType, toApplicationFailure } from './failures';
import type { DeliverMessageInput, DeliveryResult, EditMessageInput } from './types';

/** What the delivery activities need; built once per worker. */
export interface DeliveryDeps {
  /** Resolves a channel name to its webhook (named channel, else the default one). */
  resolveChannel(channel: string): WebhookTarget | undefined;
  client: WebhookClient;
  pacer: WebhookPacer;
  /** Applied when a message sets no username / avatar of its own. */
  defaults?: { username?: string | undefined; avatarUrl?: string | undefined };
}

function validMessage(message: unknown, channel: string): WebhookMessage {
  const parsed = WebhookMessageSchema.safeParse(message);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`);
  throw ApplicationFailure.create({
    type: FailureType.InvalidMessage,
    message: `Message for channel "${channel}" breaks Discord's limits: ${problems.join('; ')}`,
    nonRetryable: true,
    details: [{ channel, problems }],
  });
}

function withDefaults(message: WebhookMessage, deps: DeliveryDeps): WebhookMessage {
  return {
    ...(deps.defaults?.username && { username: deps.defaults.username }),
    ...(deps.defaults?.avatarUrl && { avatar_url: deps.defaults.avatarUrl }),
    ...message,
  };
}

/** Runs one HTTP attempt to a webhook, paced per webhook, and maps failures for Temporal's retry policy. */
async function paced<T>(deps: DeliveryDeps, target: WebhookTarget, channel: string, send: (signal: AbortSignal) => Promise<T & { rateLimit: Parameters<WebhookPacer['record']>[1]; status: number }>): Promise<T> {
  const { cancellationSignal } = Context.current();
  const release = await deps.pacer.acquire(target.id, cancellationSignal);
  try {
    const response = await send(cancellationSignal);
    deps.pacer.record(target.id, response.rateLimit, response.status);
    return response;
  } catch (error) {
    if (error instanceof DiscordRateLimitError) deps.pacer.record(target.id, error.info, 429);
    else if (error instanceof DiscordApiError && error.rateLimit) deps.pacer.record(target.id, error.rateLimit, error.status);
    throw toApplicationFailure(error, channel);
  } finally {
    release();
  }
}

/** The delivery activities: each call is exactly one request to Discord. */
export function createDeliveryActivities(deps: DeliveryDeps) {
  const skipped = (channel: string): DeliveryResult => {
    const variable = `DISCORD_WEBHOOK_URL_${channel.toUpperCase()}`;
    const reason = `No webhook configured for channel "${channel}": set ${variable} or DISCORD_WEBHOOK_URL`;
    Context.current().log.warn(reason);
    return { status: 'skipped', channel, reason };
  };

  return {
    /**
     * Posts one message (`?wait=true`) and returns its id.
     * @throws ApplicationFailure `DiscordRejected` (non-retryable) with Discord's code, message and field paths
     */
    async deliverMessage({ channel, message, threadId }: DeliverMessageInput): Promise<DeliveryResult> {
      const target = deps.resolveChannel(channel);
      if (!target) return skipped(channel);
      const body = withDefaults(validMessage(message, channel), deps);
      const response = await paced(deps, target, channel, (signal) =>
        deps.client.execute(target, body, { wait: true, threadId, signal }),
      );
      const posted = response.message;
      if (!posted) throw ApplicationFailure.create({ type: FailureType.Unavailable, message: 'Discord answered without the message' });
      return { status: 'sent', channel, messageId: posted.id, channelId: posted.channel_id };
    },

    /**
     * Edits a message this webhook posted; a deleted message fails as `DiscordRejected` with code 10008.
     * @throws ApplicationFailure as {@link deliverMessage}
     */
    async editMessage({ channel, messageId, message, threadId }: EditMessageInput): Promise<DeliveryResult> {
      const target = deps.resolveChannel(channel);
      if (!target) return skipped(channel);
      const body = validMessage(message, channel);
      const response = await paced(deps, target, channel, (signal) =>
        deps.client.editMessage(target, messageId, body, { threadId, signal }),
      );
      return { status: 'sent', channel, messageId, channelId: response.message?.channel_id ?? '' };
    },
  };
}
