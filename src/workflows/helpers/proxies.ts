import {
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
// Only types cross into the workflow sandbox; the activities run in the worker.
import type { Activities } from '../../activities';

/** Failures that retrying cannot fix: Discord refused the request, or the input/message/source is invalid. */
export const NON_RETRYABLE_ERROR_TYPES = ['DiscordRejected', 'InvalidMessage', 'InvalidInput', 'InvalidReportSource'];

/**
 * One Discord request per attempt. 429s come back after exactly `retry_after` (the activity sets `nextRetryDelay`);
 * 5xx, timeouts and resets back off exponentially; permanent errors fail at once.
 */
export const DELIVERY_PROFILE = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '15 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
  },
} satisfies ActivityOptions;

/** Local activities: reading the worker's settings, validating input, building messages. Local and quick. */
export const LOCAL_PROFILE = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
} satisfies LocalActivityOptions;

/** Report sources may be remote; a missing or malformed source is permanent. */
export const REPORT_SOURCE_PROFILE = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
} satisfies ActivityOptions;

export type DeliveryActivities = Pick<Activities, 'deliverMessage' | 'editMessage'>;

const deliveryProxies = new Map<string, DeliveryActivities>();
/** Delivery activities on a task queue (a webhook's rate-limited delivery queue), or on the workflow's own. */
export function deliveryOn(taskQueue?: string): DeliveryActivities {
  const key = taskQueue ?? '';
  let proxy = deliveryProxies.get(key);
  if (!proxy) {
    proxy = proxyActivities<DeliveryActivities>({ ...DELIVERY_PROFILE, ...(taskQueue && { taskQueue }) });
    deliveryProxies.set(key, proxy);
  }
  return proxy;
}

/** Handing a notification to a digest collector is one quick call to the Temporal server. */
export const DIGEST_PROFILE = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
} satisfies ActivityOptions;
export const digests = proxyActivities<Pick<Activities, 'enqueueDigest'>>(DIGEST_PROFILE);

export const settings = proxyLocalActivities<Pick<Activities, 'loadSettings'>>(LOCAL_PROFILE);
export const preparation =
  proxyLocalActivities<Pick<Activities, 'validateInput' | 'prepareNotification'>>(LOCAL_PROFILE);
export const reportSources = proxyActivities<Pick<Activities, 'loadMetrics' | 'loadAudiences'>>(REPORT_SOURCE_PROFILE);
