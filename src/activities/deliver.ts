import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DiscordApiError, DiscordRateLimitError, DiscordServerError } from '../discord/errors';
import { WebhookMessageSchema, type WebhookMessage } from '../discord/schemas';
import type { PacerRelease, WebhookPacer } from '../discord/pacer';
import type { RateLimitInfo } from '../discord/rate-limit';
import type { WebhookClient } from '../discord/webhook-client';
import { redactSecrets, type WebhookTarget } from '../discord/webhook-url';
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

/**
 * Time kept free before Temporal's own timeouts: the HTTP attempt is aborted this much earlier, so an abandoned
 * attempt can never complete after Temporal has scheduled the retry (which would post twice).
 */
export const ATTEMPT_SAFETY_MARGIN_MS = 2_000;

/** How long this attempt may still take: until start-to-close or schedule-to-close, whichever comes first. */
export function attemptBudgetMs(
  info: { startToCloseTimeoutMs: number; scheduleToCloseTimeoutMs: number; scheduledTimestampMs: number },
  startedAtMs: number,
  nowMs: number,
): number {
  const deadlines = [startedAtMs + info.startToCloseTimeoutMs];
  if (info.scheduleToCloseTimeoutMs > 0) deadlines.push(info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs);
  return Math.min(...deadlines) - ATTEMPT_SAFETY_MARGIN_MS - nowMs;
}

type Answer = { status: number; rateLimit: RateLimitInfo };

/**
 * The failure without this webhook's token. Error messages are redacted by URL pattern, but an answer may echo the
 * token in other shapes (a JSON body with `\/`-escaped slashes, a bare token in an error text): the activity knows the
 * token, so it removes every copy before the failure reaches history, the Web UI or a log.
 */
function withoutToken(failure: ApplicationFailure, token: string): ApplicationFailure {
  const details = failure.details ?? [];
  if (!failure.message.includes(token) && !JSON.stringify(details).includes(token)) return failure;
  // Token characters (A-Z a-z 0-9 . _ -) never need JSON escaping, so replacing them in JSON text is safe.
  const clean = (text: string) => redactSecrets(text, [token]);
  return ApplicationFailure.create({
    type: failure.type ?? undefined,
    message: clean(failure.message),
    nonRetryable: failure.nonRetryable ?? undefined,
    details: JSON.parse(clean(JSON.stringify(details))) as unknown[],
    nextRetryDelay: failure.nextRetryDelay ?? undefined,
    category: failure.category ?? undefined,
  });
}

/**
 * Runs one HTTP attempt to a webhook: waits for the webhook's turn (pacer), sends within the attempt's time budget,
 * teaches the pacer from the answer, and maps failures for Temporal's retry policy.
 */
async function paced<T extends Answer>(
  deps: DeliveryDeps,
  target: WebhookTarget,
  channel: string,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { cancellationSignal, info } = Context.current();
  const startedAtMs = Date.now();
  const budgetMs = attemptBudgetMs(info, startedAtMs, startedAtMs);
  // A controller and a timer we hold, not `AbortSignal.timeout()`: on Node 20 a timeout signal reachable only through
  // `AbortSignal.any()` is garbage-collected and never fires (nodejs/node#57736), which would drop the deadline.
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new DOMException("the attempt's time budget ran out (retried before Temporal's timeout)", 'TimeoutError'),
      ),
    Math.max(1, budgetMs),
  );
  const signal = AbortSignal.any([cancellationSignal, deadline.signal]);
  try {
    let release: PacerRelease;
    try {
      release = await deps.pacer.acquire(target.id, signal);
    } catch (error) {
      if (cancellationSignal.aborted) throw error;
      throw ApplicationFailure.create({
        type: FailureType.Unreachable,
        message: `Waited ${Date.now() - startedAtMs} ms for the webhook's rate limit without a turn; retrying (channel "${channel}")`,
      });
    }
    try {
      const response = await send(signal);
      deps.pacer.record(target.id, response.rateLimit, response.status);
      return response;
    } catch (error) {
      if (error instanceof DiscordRateLimitError) deps.pacer.record(target.id, error.info, 429);
      else if ((error instanceof DiscordApiError || error instanceof DiscordServerError) && error.rateLimit) {
        deps.pacer.record(target.id, error.rateLimit, error.status);
      }
      throw withoutToken(toApplicationFailure(error, channel), target.token);
    } finally {
      release();
    }
  } finally {
    clearTimeout(timer);
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
