import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  ClaimRequest,
  ClaimResult,
  HealthLedgerState,
  RecordRequest,
  RecordResult,
} from '../activities/health/types';
import { HEALTH_LEDGER_HISTORY_LIMIT, HEALTH_LEDGER_NAMES } from '../vocabulary';
import { claim, emptyLedger, record } from './helpers/health-ledger-state';

/** Grants a check the lease and hands it what earlier checks reported (sent by the `claimHealthLedger` activity). */
export const claimHealthUpdate = defineUpdate<ClaimResult, [ClaimRequest]>(HEALTH_LEDGER_NAMES.claim);
/** Records what the lease holder handed over (sent by the `recordHealthLedger` activity). */
export const recordHealthUpdate = defineUpdate<RecordResult, [RecordRequest]>(HEALTH_LEDGER_NAMES.record);
/** The ledger's state, e.g. `temporal workflow query --name healthLedgerState`. */
export const healthLedgerStateQuery = defineQuery<HealthLedgerState>(HEALTH_LEDGER_NAMES.state);

/** Input of {@link systemHealthLedger}; `state` carries over when it continues as new. */
export interface SystemHealthLedgerInput {
  state?: HealthLedgerState;
  /** History events after which it continues as new (once no check holds the lease). @default 2000 */
  historyLimit?: number;
}

/**
 * What the system-health checks have reported, kept between them: one long-running workflow per task queue
 * (`health-ledger-<task queue>`), started by the first check. Schedules start a new check each time, so the state
 * lives here; updates are handled one at a time, which makes the lease (one check at a time) and the records
 * atomic. Internal: started and updated by the health activities only.
 */
export async function systemHealthLedger(input: SystemHealthLedgerInput = {}): Promise<never> {
  let state = input.state ?? emptyLedger();
  setHandler(claimHealthUpdate, (request) => {
    const claimed = claim(state, request, Date.now());
    state = claimed.state;
    return claimed.result;
  });
  setHandler(recordHealthUpdate, (request) => {
    const recorded = record(state, request, Date.now());
    state = recorded.state;
    return recorded.result;
  });
  setHandler(healthLedgerStateQuery, () => state);
  const limit = input.historyLimit ?? HEALTH_LEDGER_HISTORY_LIMIT;
  await condition(() => {
    const info = workflowInfo();
    return state.lease === null && (info.continueAsNewSuggested || info.historyLength > limit);
  });
  await condition(allHandlersFinished);
  return continueAsNew<typeof systemHealthLedger>({
    state,
    ...(input.historyLimit !== undefined && { historyLimit: input.historyLimit }),
  });
}
