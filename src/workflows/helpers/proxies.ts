import {
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
// Only types cross into the workflow sandbox; the activities run in the worker.
import type { Activities } from '../../activities';
import { NON_RETRYABLE_FAILURE_TYPES } from '../../vocabulary';

/**
 * Failures that retrying cannot fix: Discord refused the request, the input, message or report source is invalid,
 * or no worker knows the webhook any more (derived from FailureType in src/vocabulary).
 */
export const NON_RETRYABLE_ERROR_TYPES = NON_RETRYABLE_FAILURE_TYPES;

/** Local activities: reading the worker's settings, validating input. Local and quick. */
export const LOCAL_PROFILE = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
} satisfies LocalActivityOptions;

/**
 * A hand-off is one signal-with-start to the Temporal server, run as a local activity so that `notify` returns within
 * a round trip. Retried (a retried hand-off is dropped by the outbox) for about a minute before `notify` gives up.
 */
export const HAND_OFF_PROFILE = {
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
  },
} satisfies LocalActivityOptions;

/** Report sources may be remote; a missing or malformed source is permanent. */
export const REPORT_SOURCE_PROFILE = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
} satisfies ActivityOptions;

export const settings = proxyLocalActivities<Pick<Activities, 'loadSettings'>>(LOCAL_PROFILE);
export const validation = proxyLocalActivities<Pick<Activities, 'validateInput'>>(LOCAL_PROFILE);
export const outbox = proxyLocalActivities<Pick<Activities, 'handOff'>>(HAND_OFF_PROFILE);
/**
 * The weekly report's 14 days: a URL source that answers one date at a time takes three rounds of requests, each up to
 * REPORT_SOURCE_TIMEOUT_MS (at most 25 s), so the attempt gets two minutes.
 */
export const WEEK_SOURCE_PROFILE = {
  ...REPORT_SOURCE_PROFILE,
  startToCloseTimeout: '2 minutes',
} satisfies ActivityOptions;

export const reportSources = proxyActivities<Pick<Activities, 'loadMetrics' | 'loadAudiences'>>(REPORT_SOURCE_PROFILE);
export const weekSource = proxyActivities<Pick<Activities, 'loadWeekMetrics'>>(WEEK_SOURCE_PROFILE);
