import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';

/** The failure type of every invalid workflow input; non-retryable, so nothing is sent and nothing loops. */
export const INVALID_INPUT = 'InvalidInput';

/** One line per problem, naming the field: `lead.email: Invalid email address`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message}`);
}

/**
 * Validates a workflow's input first thing.
 * @throws ApplicationFailure `InvalidInput` (non-retryable) naming every invalid field
 */
export function parseInput<S extends z.ZodType>(workflow: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error.issues);
  throw ApplicationFailure.create({
    type: INVALID_INPUT,
    message: `Invalid input for ${workflow}: ${problems.join('; ')}`,
    nonRetryable: true,
    details: [{ problems }],
  });
}
