// The failure types workflows and activities agree on (pure: safe inside workflows).

/** ApplicationFailure types raised by the activities and workflows; retry policies act on them by name. */
export const FailureType = {
  /** 429: retried after exactly Discord's `retry_after`. */
  RateLimited: 'DiscordRateLimited',
  /** 400/401/403/404/413: Discord refused the request; retrying cannot help. */
  Rejected: 'DiscordRejected',
  /** 5xx: Discord had a problem; retried with backoff. */
  Unavailable: 'DiscordUnavailable',
  /** Timeout, reset or refused connection; retried with backoff. */
  Unreachable: 'DiscordUnreachable',
  /** The message breaks Discord's limits; a bug in the caller, not a Discord problem. */
  InvalidMessage: 'InvalidMessage',
  /** The workflow input does not match its schema; a bug in the caller. */
  InvalidInput: 'InvalidInput',
  /** Report data could not be loaded or is malformed. */
  InvalidSource: 'InvalidReportSource',
  /** No worker configuration has the webhook an outbox sends to any more (its variable was removed or changed). */
  NotConfigured: 'WebhookNotConfigured',
  /** The channel's outbox holds as much as it can carry over; the hand-off was refused, not queued. */
  OutboxFull: 'OutboxFull',
  /** The channel's outbox was cancelled before it sent the notification. */
  OutboxCancelled: 'OutboxCancelled',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** The failures retrying cannot fix: Discord refused the request, the input, message or report source is invalid. */
const PERMANENT = [
  'Rejected',
  'InvalidMessage',
  'InvalidInput',
  'InvalidSource',
  'NotConfigured',
] as const satisfies readonly (keyof typeof FailureType)[];

/**
 * The failure types every retry policy of the package lists as non-retryable, derived from {@link FailureType}.
 * (OutboxFull and OutboxCancelled end a hand-off or a send without a retry of the activity, so are not listed.)
 */
export const NON_RETRYABLE_FAILURE_TYPES: string[] = PERMANENT.map((key) => FailureType[key]);
