import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
// Only types cross into the workflow sandbox; the activities run in the worker.
import type { Activities } from '../../activities';
import {
  HAND_OFF_PROFILE,
  LOCAL_PROFILE,
  NON_RETRYABLE_FAILURE_TYPES,
  REPORT_SOURCE_PROFILE,
  WEEK_SOURCE_PROFILE,
} from '../../vocabulary';

/**
 * Failures that retrying cannot fix: Discord refused the request, the input, message or report source is invalid,
 * or no worker knows the webhook any more (derived from FailureType in src/vocabulary).
 */
export const NON_RETRYABLE_ERROR_TYPES = NON_RETRYABLE_FAILURE_TYPES;

// The profiles, with the reasons for their timeouts and retries, are in src/vocabulary/timeouts.ts.
export const settings = proxyLocalActivities<Pick<Activities, 'loadSettings'>>(LOCAL_PROFILE);
export const validation = proxyLocalActivities<Pick<Activities, 'validateInput'>>(LOCAL_PROFILE);
export const outbox = proxyLocalActivities<Pick<Activities, 'handOff'>>(HAND_OFF_PROFILE);
export const reportSources = proxyActivities<Pick<Activities, 'loadMetrics' | 'loadAudiences'>>(REPORT_SOURCE_PROFILE);
export const weekSource = proxyActivities<Pick<Activities, 'loadWeekMetrics'>>(WEEK_SOURCE_PROFILE);
