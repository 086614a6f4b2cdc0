import { buildMessages, InvalidNotificationError, type Notification } from '../discord/builder';
import { validateWorkflowInput, type InputCheck } from '../inputs/validate';
import { isWorkflowType } from '../workflows/catalog';
import type { DeliveryRoutes } from './routes';
import type { PreparedNotification } from './types';

/**
 * The checks that need zod, as local activities: workflows call them instead of building schemas in the sandbox.
 * They run in the worker's own process, once per call, with schemas built once per process; their answers are
 * recorded in history, so replays see the same result.
 */
export function createPreparationActivities(routes: DeliveryRoutes) {
  return {
    /** Validates a workflow's input (every workflow's first step); never throws for invalid input, it says so. */
    // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
    async validateInput({ workflow, input }: { workflow: string; input: unknown }): Promise<InputCheck> {
      // Typed for workflow code, but a host's workflow may pass any string.
      if (!isWorkflowType(workflow))
        return { valid: false, problems: [`(workflow): unknown workflow type "${workflow}"`] };
      return validateWorkflowInput(workflow, input);
    },

    /**
     * Where a notification for `channel` goes, and the valid webhook messages it becomes (cut and split to Discord's
     * limits). Skipped channels are not built; a notification no message can be made of comes back as `problems`.
     */
    // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
    async prepareNotification({
      channel,
      notification,
    }: {
      channel: string;
      notification: Notification;
    }): Promise<PreparedNotification> {
      const route = routes.resolve(channel);
      if (!route.configured) return { route };
      try {
        return { route, messages: buildMessages(notification) };
      } catch (error) {
        if (error instanceof InvalidNotificationError) return { route, problems: [...error.issues] };
        throw error;
      }
    },
  };
}
