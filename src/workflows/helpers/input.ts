import { ApplicationFailure } from '@temporalio/workflow';
// Types only: the schemas themselves never enter the workflow sandbox.
import type { WorkflowParams } from '../../inputs/workflows';
import { FailureType, type WorkflowType } from '../../vocabulary';
import { validation } from './proxies';

/** The failure type of every invalid workflow input; non-retryable, so nothing is sent and nothing loops. */
export const INVALID_INPUT = FailureType.InvalidInput;

/** The non-retryable failure for invalid input, naming every invalid field. */
export function invalidInput(workflow: string, problems: readonly string[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: INVALID_INPUT,
    message: `Invalid input for ${workflow}: ${problems.join('; ')}`,
    nonRetryable: true,
    details: [{ problems }],
  });
}

/**
 * Validates a workflow's input first thing, with its zod schema, in the `validateInput` local activity.
 * @throws ApplicationFailure `InvalidInput` (non-retryable) naming every invalid field
 */
export async function parseInput<T extends WorkflowType>(workflow: T, input: unknown): Promise<WorkflowParams<T>> {
  const check = await validation.validateInput({ workflow, input: input ?? {} });
  if (!check.valid) throw invalidInput(workflow, check.problems);
  return check.params as WorkflowParams<T>;
}
