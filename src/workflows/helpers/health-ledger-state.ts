// The health ledger's rules as pure functions (unit-tested, and run inside the ledger workflow).
import type {
  ClaimRequest,
  ClaimResult,
  HealthLedgerState,
  RecordRequest,
  RecordResult,
} from '../../activities/health/types';
import { LEASE_MS, VISIBILITY_OVERLAP_MS } from '../../vocabulary';

/** The state of a new ledger: no check yet. */
export const emptyLedger = (): HealthLedgerState => ({
  watermark: null,
  known: {},
  queues: {},
  lease: null,
  lastCheck: null,
  checks: 0,
});

/**
 * Grants the lease to `request.holder` when it is free, already theirs, expired, or held by the run the caller found
 * closed; otherwise says who holds it.
 */
export function claim(
  state: HealthLedgerState,
  request: ClaimRequest,
  nowMs: number,
): { state: HealthLedgerState; result: ClaimResult } {
  const { lease } = state;
  const free =
    lease === null ||
    lease.runId === request.holder.runId ||
    lease.runId === request.takeOverFrom ||
    nowMs - Date.parse(lease.since) > LEASE_MS;
  if (!free) {
    return {
      state,
      result: { granted: false, holder: { workflowId: lease.workflowId, runId: lease.runId }, since: lease.since },
    };
  }
  const next = { ...state, lease: { ...request.holder, since: new Date(nowMs).toISOString() } };
  return {
    state: next,
    result: { granted: true, watermark: state.watermark, known: Object.keys(state.known), queues: state.queues },
  };
}

/**
 * Records what the lease holder handed over. A new watermark forgets the run ids that no later listing can return
 * (closed before the watermark minus the overlap). Renews the lease, or releases it with `release`.
 */
export function record(
  state: HealthLedgerState,
  request: RecordRequest,
  nowMs: number,
): { state: HealthLedgerState; result: RecordResult } {
  if (state.lease?.runId !== request.holder.runId) {
    // The activity's retry of a final record that already went through (its answer was lost).
    return { state, result: { held: state.lastCheck?.runId === request.holder.runId } };
  }
  let known = { ...state.known };
  for (const key of request.known ?? []) known[key.runId] = key.closeTime;
  if (request.watermark !== undefined) {
    const forgetBefore = Date.parse(request.watermark) - VISIBILITY_OVERLAP_MS;
    known = Object.fromEntries(Object.entries(known).filter(([, closeTime]) => Date.parse(closeTime) >= forgetBefore));
  }
  const next: HealthLedgerState = {
    watermark: request.watermark ?? state.watermark,
    known,
    queues: request.queues ?? state.queues,
    lease: request.release ? null : { ...state.lease, since: new Date(nowMs).toISOString() },
    lastCheck: request.release ? { workflowId: state.lease.workflowId, runId: state.lease.runId } : state.lastCheck,
    checks: state.checks + (request.release ? 1 : 0),
  };
  return { state: next, result: { held: true } };
}
