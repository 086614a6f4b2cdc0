// Shared by the system-health tests: checks on the test server, failures of "another pipeline", what reached Discord.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { SystemHealthResult } from '../../src/workflows/system-health';
import { systemHealthCheck } from '../../src/workflows';
import type { EmulatorWebhook } from '../../src/emulator';
import { eventually } from '../cli/helpers';
import type { TestDiscord } from '../helpers/emulator';
import { validateAgainstDiscordSpec } from '../helpers/openapi';

export interface PostedEmbed {
  title: string;
  url?: string;
  description: string;
  color: number;
  fields: { name: string; value: string; inline?: boolean }[];
}
export interface PostedMessage {
  content?: string;
  embeds: PostedEmbed[];
}

/** Runs one check on `taskQueue` and returns its result. */
export const runCheck = (client: Client, taskQueue: string): Promise<SystemHealthResult> =>
  client.workflow.execute(systemHealthCheck, { taskQueue, workflowId: `check-${randomUUID()}`, args: [{}] });

/** The messages a webhook accepted, each checked against Discord's OpenAPI schema. */
export function postedTo(discord: TestDiscord, webhook: EmulatorWebhook): PostedMessage[] {
  return discord
    .posts(webhook)
    .filter((request) => (request.status ?? 500) < 300)
    .map((request) => {
      expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', request.body).errors).toEqual([]);
      return request.body as unknown as PostedMessage;
    });
}

/** The workflow IDs named by failure embeds (the first field), in message order. */
export const namedIds = (messages: readonly PostedMessage[]): string[] =>
  messages.flatMap((message) =>
    message.embeds.filter((embed) => embed.fields?.[0]?.name === 'Workflow ID').map((embed) => embed.fields[0]!.value),
  );

/** Waits until visibility lists `count` executions for the query: the server's index lags a little. */
export async function visible(client: Client, query: string, count: number): Promise<void> {
  await eventually(async () => ((await client.workflow.count(query)).count === count ? true : undefined), 30_000);
}

/** Starts a workflow on a queue no worker polls and terminates it: a failure of another pipeline. */
export async function terminated(client: Client, taskQueue: string, workflowId: string, reason: string) {
  const handle = await client.workflow.start('nightlyExport', { taskQueue, workflowId, args: [] });
  await handle.terminate(reason);
  return (await handle.describe()).runId;
}

/** Closed-as-failed executions of a queue, as the check's query sees them. */
export const failedOn = (taskQueue: string) =>
  `ExecutionStatus IN ('Failed', 'TimedOut', 'Terminated') AND TaskQueue = '${taskQueue}'`;
