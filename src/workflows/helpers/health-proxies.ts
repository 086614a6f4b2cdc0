import { ApplicationFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
// Only types cross into the workflow sandbox; the activities run in the worker.
import type { Activities } from '../../activities';
import type { RecordRequest } from '../../activities/health/types';
import { HEALTH_PROFILE, LOCAL_PROFILE } from '../../vocabulary';

// HEALTH_PROFILE's timeouts and retries, with their reasons, are in src/vocabulary/timeouts.ts.
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
