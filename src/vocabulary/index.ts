// The vocabulary workflows and Node-side code share. Pure: no Node built-ins, no I/O, no zod, no Temporal runtime;
// so workflow code, activities, the CLI and the worker all import it, and nothing outside src/workflows imports
// from src/workflows.
export { WORKFLOW_TYPES, isWorkflowType, type WorkflowType } from './catalog';
export { DEFAULT_CHANNELS } from './routing';
export { FailureType, NON_RETRYABLE_FAILURE_TYPES } from './failure-types';
export { HEALTH_LEDGER_NAMES, HEALTH_WORKFLOW_TYPES, healthLedgerWorkflowId } from './health-names';
export { SNOWFLAKE_PATTERN, USERNAME_RULES, isRecord, isSnowflake } from './rules';
export { formatIssues, type Issue } from './issues';
export {
  ATTEMPT_SAFETY_MARGIN_MS,
  CANCELLATION_CHECK_MS,
  CHANNEL_RESERVE_SHARE,
  MAX_PENDING_BYTES,
  MAX_TURN_REQUESTS,
  OUTBOX_HISTORY_LIMIT,
  OUTBOX_IDLE_TIMEOUT,
  OUTBOX_RECENT_FAILURES,
  SEEN_LIMIT,
  SEND_PROFILE,
  TURN_LEAD_MS,
  WEBHOOK_GONE_FOR_MS,
  BAN_RETRY_AFTER_MS,
  CATCHUP_WINDOW_MS,
  DEFAULT_CHANNEL_LIMIT,
  DEFAULT_RETRY_AFTER_MS,
  DISCORD_REQUEST_TIMEOUT_MS,
  HAND_OFF_PROFILE,
  HEALTH_CHECK_INTERVAL_MS,
  HEALTH_LEDGER_HISTORY_LIMIT,
  HEALTH_NON_RETRYABLE_ERROR_TYPES,
  HEALTH_PROFILE,
  HEALTH_WORKER_GRACE_MS,
  LEASE_MS,
  LOCAL_PROFILE,
  MAX_NAMED_FAILURES,
  MAX_SOURCE_BYTES,
  REPORT_SOURCE_PROFILE,
  REPORT_SOURCE_TIMEOUT_MS,
  VISIBILITY_OVERLAP_MS,
  WEEK_SOURCE_PROFILE,
  type BoundedMs,
} from './timeouts';
