import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

/**
 * Awaits a workflow run that must fail and returns its WorkflowFailedError.
 * @throws {Error} when the run completes, or fails with anything else
 */
export async function failedRun(run: Promise<unknown>): Promise<WorkflowFailedError> {
  const error = await run.then(
    (result) => {
      throw new Error(`the run was expected to fail, but returned ${JSON.stringify(result)}`);
    },
    (e: unknown) => e,
  );
  if (error instanceof WorkflowFailedError) return error;
  throw error;
}

/** Awaits a run the workflow itself must fail (invalid input, say): the ApplicationFailure it threw. */
export async function applicationFailureOf(run: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await failedRun(run);
  if (error.cause instanceof ApplicationFailure) return error.cause;
  throw error;
}

/** Awaits a run an activity must fail: the ActivityFailure and the ApplicationFailure inside it. */
export async function activityFailureOf(
  run: Promise<unknown>,
): Promise<{ activity: ActivityFailure; cause: ApplicationFailure }> {
  const error = await failedRun(run);
  const activity = error.cause;
  if (activity instanceof ActivityFailure && activity.cause instanceof ApplicationFailure)
    return { activity, cause: activity.cause };
  throw error;
}

/**
 * Expects a report run to fail at once on its source: InvalidReportSource, not retryable, never retried, and a
 * message matching `message`.
 */
export async function expectInvalidReportSource(run: Promise<unknown>, message: RegExp): Promise<void> {
  const { activity, cause } = await activityFailureOf(run);
  expect([cause.type, cause.nonRetryable, activity.retryState]).toEqual([
    'InvalidReportSource',
    true,
    'NON_RETRYABLE_FAILURE',
  ]);
  expect(cause.message).toMatch(message);
}
