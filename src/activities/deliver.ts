import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { WebhookPacer } from '../discord/pacer';
import { WebhookMessageSchema, type WebhookMessage } from '../discord/schemas';
import type { WebhookClient } from '../discord/webhook-client';
import type { WebhookTarget } from '../discord/webhook-url';
import { paced } from './attempt';
import { FailureType } from './failures';
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
      if (!posted) {
        // Delivered (2xx), but the body was not a message: retrying would post it twice, so report it as sent.
        Context.current().log.warn('Discord accepted the message but returned no message object', { channel });
        return { status: 'sent', channel, messageId: '', channelId: '' };
      }
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
