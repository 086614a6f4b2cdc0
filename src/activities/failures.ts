import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import {
  DiscordApiError,
  DiscordRateLimitError,
  DiscordServerError,
  DiscordTransportError,
  InvalidWebhookMessageError,
} from '../discord/errors';
import { redactSecrets } from '../discord/webhook-url';
import { FailureType } from '../vocabulary';

export { FailureType };

/** Details attached to a DiscordRejected failure, readable from the workflow or the Web UI. */
export interface RejectionDetails {
  channel: string;
  status: number;
  code: number | undefined;
  discordMessage: string;
  fields: { path: string; code: string; message: string }[];
}

/** Details attached to an InvalidMessage failure: the channel and every problem, `path: problem`. */
export interface InvalidMessageDetails {
  channel: string;
  problems: string[];
}

/**
 * Maps a webhook-client error to the ApplicationFailure Temporal's retry policy acts on.
 * Messages name the channel, never the webhook URL or token.
 */
export function toApplicationFailure(error: unknown, channel: string): ApplicationFailure {
  const where = `channel "${channel}"`;
  if (error instanceof DiscordRateLimitError) {
    return ApplicationFailure.create({
      type: FailureType.RateLimited,
      message: `${error.message} (${where})`,
      nextRetryDelay: Math.max(1, Math.ceil(error.retryAfterMs)),
      details: [{ channel, retryAfterMs: error.retryAfterMs, global: error.global, scope: error.scope ?? null }],
      category: ApplicationFailureCategory.BENIGN,
    });
  }
  if (error instanceof DiscordApiError) {
    const details: RejectionDetails = {
      channel,
      status: error.status,
      code: error.code,
      discordMessage: error.discordMessage,
      fields: error.fieldErrors.map(({ path, code, message }) => ({ path, code, message })),
    };
    return ApplicationFailure.create({
      type: FailureType.Rejected,
      message: `${error.message} (${where})`,
      nonRetryable: true,
      details: [details],
    });
  }
  if (error instanceof InvalidWebhookMessageError) {
    // The client knows the request, not the channel: the channel is added here, where the activity names it.
    const details: InvalidMessageDetails = { channel, problems: [...error.problems] };
    return ApplicationFailure.create({
      type: FailureType.InvalidMessage,
      message: `Message for channel "${channel}" breaks Discord's limits: ${error.problems.join('; ')}`,
      nonRetryable: true,
      details: [details],
    });
  }
  if (error instanceof DiscordServerError) {
    return ApplicationFailure.create({ type: FailureType.Unavailable, message: `${error.message} (${where})` });
  }
  if (error instanceof DiscordTransportError) {
    return ApplicationFailure.create({ type: FailureType.Unreachable, message: `${error.message} (${where})` });
  }
  if (error instanceof ApplicationFailure) return error;
  // Anything else is unexpected: keep its type so the Web UI shows it, retry with backoff, redact just in case.
  const message = error instanceof Error ? error.message : String(error);
  const type = error instanceof Error ? error.name : 'Error';
  return ApplicationFailure.create({ type, message: `${redactSecrets(message)} (${where})` });
}
