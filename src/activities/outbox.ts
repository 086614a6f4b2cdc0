import { Context } from '@temporalio/activity';
import { buildMessages } from '../discord/builder';
import { InvalidNotificationError } from '../discord/notification';
import type { WindowLimit } from '../discord/pacing';
import type { WebhookMessage } from '../discord/schemas';
import type { WebhookClient } from '../discord/webhook-client';
import { GlobalPause, sendTurn, SYSTEM_CLOCK, type SendClock } from './outbox-send';
import type { WebhookRoutes } from './routes';
import type { HandOffInput, HandOffResult, OutboxItem, OutboxStart, SendInput, SendOutcome } from './types';

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
  /** The clock a turn waits on. @default the worker's clock */
  clock?: SendClock;
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

/** Hands notifications to their channel's outbox, and makes the outbox's requests to Discord. */
export function createOutboxActivities(deps: OutboxDeps) {
  const globalPause = new GlobalPause();
  const clock = deps.clock ?? SYSTEM_CLOCK;
  return {
    /**
     * Routes a notification, builds its webhook messages (cut and split to Discord's limits) and signals them to
     * the webhook's outbox, starting it when none runs (signal-with-start). A local activity: the hand-off is
     * recorded in the sender's history, and a retried one is dropped by the outbox (same item id).
     */
    handOff: (input: HandOffInput): Promise<HandOffResult> => handOff(deps, input),

    /**
     * A turn of an outbox: waits until `notBeforeMs` (the bucket's reset), then posts (`?wait=true`) or edits in
     * order, waiting out the bucket if it runs out on the way. Each answer is recorded in the heartbeat details, so a
     * retry resumes after it. A 429 is retried after exactly Discord's `retry_after` and remembered, so the attempt
     * that succeeds reports it. A request Discord refuses for good ends the turn: its reason is returned with the
     * results of the requests before it (`DiscordRejected` with Discord's code, message and field paths;
     * `WebhookNotConfigured` when this worker does not know the webhook; `InvalidMessage`).
     * @throws ApplicationFailure retryable (429 with `nextRetryDelay`, 5xx, network, timeouts), after the progress
     */
    sendToDiscord: (input: SendInput): Promise<SendOutcome> => sendTurn(deps, globalPause, input, clock),
  };
}
