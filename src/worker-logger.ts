import { DefaultLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';
import { redactSecrets } from './discord/webhook-url';

/**
 * The worker's logger: the SDK's default format, with webhook URLs redacted from every message (defence in depth:
 * our errors are redacted already) and without the SDK's start-up warning for delivery workers, which poll only
 * activity tasks by design.
 */
export class WorkerLogger extends DefaultLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const taskQueue = typeof meta?.taskQueue === 'string' ? meta.taskQueue : '';
    if (message.startsWith('No workflows registered') && taskQueue.includes('-discord-')) return;
    super.log(level, redactSecrets(message), meta);
  }
}
