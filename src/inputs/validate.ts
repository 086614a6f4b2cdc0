// Input validation with zod, run in Node (the CLI, and the worker's `validateInput` local activity), never in the
// workflow sandbox, where building zod schemas for every workflow would cost more CPU than the rest of the run.
import type { z } from 'zod';
import { WORKFLOW_INPUTS, type WorkflowParams, type WorkflowType } from './workflows';
import { formatIssues } from '../vocabulary';

/** One line per problem, naming the field: `lead.email: Invalid email address`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return formatIssues(issues, '(input)');
}

/** The outcome of checking one workflow input. */
export type InputCheck<T extends WorkflowType = WorkflowType> =
  { valid: true; params: WorkflowParams<T> } | { valid: false; problems: string[] };

/** Checks a workflow's input against its schema; `undefined` counts as `{}`. */
export function validateWorkflowInput<T extends WorkflowType>(workflow: T, input: unknown): InputCheck<T> {
  const parsed = (WORKFLOW_INPUTS[workflow] as z.ZodType).safeParse(input ?? {});
  if (!parsed.success) return { valid: false, problems: describeIssues(parsed.error.issues) };
  return { valid: true, params: parsed.data as WorkflowParams<T> };
}
