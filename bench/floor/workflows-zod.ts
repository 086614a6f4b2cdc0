/**
 * The floor workflow validating its input with one zod schema built at module scope, as the project's workflow-side
 * modules build theirs: the difference to the plain floor is what zod costs inside the workflow sandbox, where every
 * new workflow evaluates the bundle's modules afresh.
 */
import { z } from 'zod';
import { plainNotification as plain } from './workflows';

const InputSchema = z.object({ channel: z.string().min(1), content: z.string().min(1).max(2_000) }).strict();

export async function plainNotification(input: { channel: string; content: string }): Promise<string> {
  return plain(InputSchema.parse(input));
}
