import { ApplicationFailure, proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
// Only types cross into the workflow sandbox; the activities run in the worker.
import type { Activities } from '../../activities';
import type { RecordRequest } from '../../activities/health/types';
import { LOCAL_PROFILE, NON_RETRYABLE_ERROR_TYPES } from './proxies';

/** Failure types of the health activities that retrying cannot fix. */
export const HEALTH_NON_RETRYABLE_ERROR_TYPES = [...NON_RETRYABLE_ERROR_TYPES, 'InvalidWatchQuery'];

/**
 * Calls to the Temporal server (visibility, history, task queues, the ledger's updates): quick, retried with backoff
 * while the server is unreachable. A whole scan (a list plus one history read per named failure) gets two minutes.
 */
export const HEALTH_PROFILE = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: HEALTH_NON_RETRYABLE_ERROR_TYPES,
  },
} satisfies ActivityOptions;

export const health =
  proxyActivities<
    Pick<Activities, 'claimHealthLedger' | 'recordHealthLedger' | 'findFailedExecutions' | 'observeTaskQueues'>
  >(HEALTH_PROFILE);

export const healthSettings = proxyLocalActivities<Pick<Activities, 'loadHealthSettings'>>(LOCAL_PROFILE);

/**
 * Records in the ledger what this check handed over.
 * @throws ApplicationFailure `HealthCheckSuperseded` (non-retryable) when the check no longer holds the lease: it
 *   went without recording for longer than the lease lasts and another check took over, so it must not send more
 */
export async function recordOrStop(taskQueue: string, request: RecordRequest): Promise<void> {
  const { held } = await health.recordHealthLedger({ taskQueue, request });
  if (!held) {
    throw ApplicationFailure.create({
      type: 'HealthCheckSuperseded',
      message: 'Another check took over the health ledger after this one held it too long; stopping',
      nonRetryable: true,
    });
  }
}
