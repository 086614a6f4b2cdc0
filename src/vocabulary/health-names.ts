// Names shared by the health ledger workflow and the activities that talk to it (pure: no Temporal imports).

/** The ledger's update and query names. */
export const HEALTH_LEDGER_NAMES = {
  workflowType: 'systemHealthLedger',
  claim: 'claimHealthCheck',
  record: 'recordHealthCheck',
  state: 'healthLedgerState',
} as const;

/** One ledger per task queue: the checks of one deployment share it. */
export const healthLedgerWorkflowId = (taskQueue: string): string => `health-ledger-${taskQueue}`;

/** The workflow types of the check itself, never reported by it. */
export const HEALTH_WORKFLOW_TYPES = ['systemHealthCheck', HEALTH_LEDGER_NAMES.workflowType] as const;
