import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';
import { FailureType } from '../../vocabulary';

/** A notification no valid Discord message can be made of: a bug in the caller, never retried. */
export function invalidMessage(problems: readonly string[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.InvalidMessage,
    message: `Invalid notification: ${problems.join('; ')}`,
    nonRetryable: true,
    details: [{ problems }],
  });
}

/** The type and message of a failure, unwrapped from the activity or child-workflow failures around it. */
export function describeFailure(error: unknown): { type: string; message: string; code?: number } {
  let cause = error;
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause)
    cause = cause.cause;
  if (cause instanceof ApplicationFailure) {
    const [details] = (cause.details ?? []) as { code?: unknown }[];
    const code = typeof details?.code === 'number' ? details.code : undefined;
    return { type: cause.type ?? 'Error', message: cause.message, ...(code !== undefined && { code }) };
  }
  return {
    type: cause instanceof Error ? cause.name : 'Error',
    message: String(cause instanceof Error ? cause.message : cause),
  };
}
