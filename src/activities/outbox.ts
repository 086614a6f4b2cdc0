import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { buildMessages, InvalidNotificationError } from '../discord/builder';
import type { WindowLimit } from '../discord/pacing';
import { WebhookMessageSchema, describeIssues, type WebhookMessage } from '../discord/schemas';
import type { WebhookClient } from '../discord/webhook-client';
import { DiscordRateLimitError } from '../discord/errors';
import { withinBudget } from './attempt';
import { FailureType } from './failures';
import type { WebhookRoutes } from './routes';
import type { HandOffInput, HandOffResult, OutboxItem, OutboxStart, SendInput, SendResult } from './types';

/** The outbox workflow's type and signal names (the workflow module defines them; activities may not import it). */
export const OUTBOX_WORKFLOW_TYPE = 'discordOutbox';
export const ENQUEUE_SIGNAL = 'enqueue';

/**
 * The outbox of one webhook on one task queue: `discord-outbox-<task queue>-<webhook key>` (see `webhookKey`: the
 * webhook's id and a digest, never its token). It stays the same when channel names change.
 */
export const outboxWorkflowId = (taskQueue: string, webhookKey: string): string =>
  `discord-outbox-${taskQueue}-${webhookKey}`;

/** What the outbox activities need; built once per worker. */
export interface OutboxDeps {
  routes: WebhookRoutes;
  client: WebhookClient;
  /** Discord's hidden per-channel limit the outboxes keep; null when switched off. */
  channelLimit: WindowLimit | null;
  /** Applied when a notification sets no username / avatar of its own. */
  defaults?: { username?: string | undefined; avatarUrl?: string | undefined };
}

/** A 429 an attempt met, kept in its heartbeat details so the attempt that succeeds can tell the outbox. */
interface RateLimitHeartbeat {
  rateLimited: { scope: 'user' | 'global' | 'shared' | null; retryAfterMs: number };
}

function earlierRateLimit(details: unknown): SendResult['rateLimited'] {
  const heartbeat = details as Partial<RateLimitHeartbeat> | undefined;
  return heartbeat?.rateLimited;
}

function checkWire(message: unknown, channel: string): WebhookMessage {
  const parsed = WebhookMessageSchema.safeParse(message);
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error);
  throw ApplicationFailure.create({
    type: FailureType.InvalidMessage,
    message: `Message for channel "${channel}" breaks Discord's limits: ${problems.join('; ')}`,
    nonRetryable: true,
    details: [{ channel, problems }],
  });
}

/**
 * Discord's global limit is per IP address for webhooks, so a global 429 holds back every webhook of this process
 * until its `retry_after` has passed; each outbox keeps its own webhook's and channel's limits.
 */
class GlobalPause {
  private untilMs = 0;

  hold(retryAfterMs: number): void {
    this.untilMs = Math.max(this.untilMs, Date.now() + retryAfterMs);
  }

  /** Waits out the pause, if any; the attempt's deadline or cancellation ends the wait. */
  async wait(signal: AbortSignal): Promise<void> {
    const ms = this.untilMs - Date.now();
    if (ms <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(done, ms);
      function done() {
        signal.removeEventListener('abort', aborted);
        resolve();
      }
      function aborted() {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      }
      signal.addEventListener('abort', aborted, { once: true });
    });
  }
}

/** The webhook messages of a notification, the worker's username and avatar applied where it sets none. */
function messagesOf(deps: OutboxDeps, input: HandOffInput, channel: string): WebhookMessage[] | { problems: string[] } {
  const { username, avatarUrl } = deps.defaults ?? {};
  let messages: WebhookMessage[];
  try {
    messages = buildMessages({
      ...(username !== undefined && { username }),
      ...(avatarUrl !== undefined && { avatarUrl }),
      ...input.notification,
    });
  } catch (error) {
    if (error instanceof InvalidNotificationError) return { problems: [...error.issues] };
    throw error;
  }
  if (input.key !== undefined && messages.length > 1) {
    Context.current().log.warn('A message kept up to date must fit one Discord message; only its first part is kept', {
      channel,
    });
    messages = messages.slice(0, 1);
  }
  return messages;
}

/**
 * Routes a notification, builds its webhook messages (cut and split to Discord's limits) and signals them to the
 * webhook's outbox, starting it when none runs (signal-with-start).
 */
async function handOff(deps: OutboxDeps, input: HandOffInput): Promise<HandOffResult> {
  const route = deps.routes.resolve(input.channel);
  if (!route.configured) {
    Context.current().log.warn(route.reason);
    return { status: 'skipped', channel: route.channel, reason: route.reason };
  }
  const messages = messagesOf(deps, input, route.channel);
  if (!Array.isArray(messages)) return { status: 'invalid', channel: route.channel, problems: messages.problems };
  const item: OutboxItem = {
    id: input.itemId,
    channel: route.channel,
    messages,
    handedOffAtMs: input.handedOffAtMs,
    ...(input.threadId !== undefined && { threadId: input.threadId }),
    ...(input.key !== undefined && { key: input.key }),
    ...(input.messageId !== undefined && { messageId: input.messageId }),
    ...(input.final && { final: true }),
    ...(input.replyTo && { replyTo: input.replyTo }),
  };
  const { client, info } = Context.current();
  const outboxId = outboxWorkflowId(info.taskQueue, route.key);
  const start: OutboxStart = { webhookKey: route.key, channelLimit: deps.channelLimit };
  await client.workflow.signalWithStart(OUTBOX_WORKFLOW_TYPE, {
    workflowId: outboxId,
    taskQueue: info.taskQueue,
    args: [start],
    signal: ENQUEUE_SIGNAL,
    signalArgs: [item],
  });
  return { status: 'queued', channel: route.channel, outboxId };
}

/** One request to Discord for an outbox; a 429 is remembered in the heartbeat and a global one pauses the process. */
async function sendToDiscord(deps: OutboxDeps, globalPause: GlobalPause, input: SendInput): Promise<SendResult> {
  const { channel, webhookKey, threadId, editMessageId } = input;
  const target = deps.routes.webhook(webhookKey);
  if (!target) {
    throw ApplicationFailure.create({
      type: FailureType.NotConfigured,
      message: `The webhook ${webhookKey.split('-')[0]} this outbox sends to is not configured in this worker any more, or its URL changed (channel "${channel}"); check the DISCORD_WEBHOOK_URL variables`,
      nonRetryable: true,
    });
  }
  const message = checkWire(input.message, channel);
  const context = Context.current();
  const response = await withinBudget(target, channel, async (signal) => {
    await globalPause.wait(signal);
    try {
      return editMessageId === undefined
        ? await deps.client.execute(target, message, { wait: true, threadId, signal })
        : await deps.client.editMessage(target, editMessageId, message, { threadId, signal });
    } catch (error) {
      if (error instanceof DiscordRateLimitError) {
        if (error.global) globalPause.hold(error.retryAfterMs);
        const heartbeat: RateLimitHeartbeat = {
          rateLimited: { scope: error.scope ?? null, retryAfterMs: error.retryAfterMs },
        };
        context.heartbeat(heartbeat);
      }
      throw error;
    }
  });
  const posted = response.message;
  if (!posted) context.log.warn('Discord accepted the message but returned no message object', { channel });
  return {
    messageId: posted?.id ?? editMessageId ?? '',
    channelId: posted?.channel_id ?? '',
    remaining: response.rateLimit.remaining,
    resetAfterMs: response.rateLimit.resetAfterMs,
    rateLimited: earlierRateLimit(context.info.heartbeatDetails),
    attempt: context.info.attempt,
  };
}

/** Hands notifications to their channel's outbox, and makes the outbox's requests to Discord. */
export function createOutboxActivities(deps: OutboxDeps) {
  const globalPause = new GlobalPause();
  return {
    /**
     * Routes a notification, builds its webhook messages (cut and split to Discord's limits) and signals them to
     * the webhook's outbox, starting it when none runs (signal-with-start). A local activity: the hand-off is
     * recorded in the sender's history, and a retried one is dropped by the outbox (same item id).
     */
    handOff: (input: HandOffInput): Promise<HandOffResult> => handOff(deps, input),

    /**
     * One request to Discord for an outbox: posts a message (`?wait=true`) or edits one. A 429 is retried after
     * exactly Discord's `retry_after` and remembered in the heartbeat, so the attempt that succeeds reports it.
     * @throws ApplicationFailure `DiscordRejected` (non-retryable) with Discord's code, message and field paths
     * @throws ApplicationFailure `WebhookNotConfigured` (non-retryable) when this worker does not know the webhook
     */
    sendToDiscord: (input: SendInput): Promise<SendResult> => sendToDiscord(deps, globalPause, input),
  };
}
