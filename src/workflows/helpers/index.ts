// Workflow-side helpers for host workflows (import from 'temporal-discord-notifications/workflow-helpers').
export {
  notify,
  notifySafely,
  describeFailure,
  type NotifyOptions,
  type NotifyResult,
  type SafeNotifyResult,
} from './notify';
export { parseInput, INVALID_INPUT } from './input';
export { NON_RETRYABLE_ERROR_TYPES } from './proxies';
export { SEND_PROFILE } from '../../vocabulary';
export type { Notification, EmbedDraft } from '../../discord/notification';
export { ProgressMessage, type ProgressMessageStats } from './progress';
export { DEFAULT_CHANNELS } from '../../vocabulary';
