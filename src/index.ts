// The package's Node-side API, for host projects that embed these workflows in their own pipelines.
// Workflow code: `temporal-discord-notifications/workflows` (for workflowsPath) and
// `temporal-discord-notifications/workflow-helpers` (notify, notifySafely, ProgressMessage) inside workflows.
export {
  createActivities,
  WebhookRoutes,
  webhookKey,
  FailureType,
  outboxWorkflowId,
  type Activities,
  type ActivityDeps,
  type ChannelRoute,
} from './activities';
export type {
  DeliveryError,
  DeliveryReceipt,
  HandOffInput,
  HandOffResult,
  NotificationSettings,
  OutboxItem,
  RefusedTurn,
  ReplyTo,
  SendInput,
  SendOutcome,
  SendRequest,
  SendResult,
} from './activities';
export { loadConfig, readEnvironment, ConfigError, type Config } from './config';
export { NOTIFICATION_TYPES, type NotificationType } from './config-parts';
export {
  createNotificationWorker,
  connectWorker,
  type NotificationWorker,
  type NotificationWorkerOptions,
} from './worker';
export { WorkerLogger } from './worker-logger';
export { hotLeadWorkflowId, dailyReportWorkflowId } from './ids';
export { getDataConverter } from './codec/data-converter';
export * from './inputs/workflows';
export {
  progressQuery,
  outboxStatusQuery,
  enqueueSignal,
  deliveryReceiptSignal,
  type CampaignProgress,
  type OutboxStats,
  type OutboxStatus,
} from './workflows/queries';
export { healthLedgerStateQuery } from './workflows/system-health-ledger';
export type { SystemHealthResult } from './workflows/system-health';
export type { FailedExecution, HealthLedgerState, QueueState } from './activities/health/types';
export { buildMessages } from './discord/builder';
export type { Notification, EmbedDraft } from './discord/notification';
export { PALETTE, type PaletteName } from './messages/palette';
