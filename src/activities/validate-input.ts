import { validateWorkflowInput, type InputCheck } from '../inputs/validate';
import { isWorkflowType } from '../vocabulary';

/**
 * Input validation needs zod, so it runs as a local activity: workflows call it instead of building schemas in the
 * sandbox. It runs in the worker's own process with schemas built once per process; its answer is recorded in
 * history, so replays see the same result.
 */
export function createInputActivities() {
  return {
    /** Validates a workflow's input (every workflow's first step); never throws for invalid input, it says so. */
    // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
    async validateInput({ workflow, input }: { workflow: string; input: unknown }): Promise<InputCheck> {
      // Typed for workflow code, but a host's workflow may pass any string.
      if (!isWorkflowType(workflow))
        return { valid: false, problems: [`(workflow): unknown workflow type "${workflow}"`] };
      return validateWorkflowInput(workflow, input);
    },
  };
}
