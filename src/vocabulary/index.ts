// The vocabulary workflows and Node-side code share. Pure: no Node built-ins, no I/O, no zod, no Temporal runtime;
// so workflow code, activities, the CLI and the worker all import it, and nothing outside src/workflows imports
// from src/workflows.
export { WORKFLOW_TYPES, isWorkflowType, type WorkflowType } from './catalog';
export { DEFAULT_CHANNELS } from './routing';
export { FailureType, NON_RETRYABLE_FAILURE_TYPES } from './failure-types';
export { HEALTH_LEDGER_NAMES, HEALTH_WORKFLOW_TYPES, healthLedgerWorkflowId } from './health-names';
export { SNOWFLAKE_PATTERN, USERNAME_RULES, isRecord, isSnowflake } from './rules';
export { formatIssues, type Issue } from './issues';
