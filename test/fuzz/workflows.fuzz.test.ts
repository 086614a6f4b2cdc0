// Random inputs through the REAL workflows on the dev server and the emulator: every run ends (completes, or fails
// with a designed, non-retryable failure) within a bound, no history holds a WorkflowTaskFailed event (a task that
// would retry forever), and Discord never receives a payload it refuses.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import { WORKFLOW_INPUTS, type WorkflowType } from '../../src/inputs/workflows';
import { CHANNELS, routedWebhooks } from '../helpers/channels';
import { settledOutboxes } from '../helpers/outbox';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { EventType, eventsOf } from '../helpers/history-scan';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
import { createTestClient, uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { JUNK, SEED, SHAPED } from './arbitraries';
import { messagesFor, notificationsFor } from './pipeline';

let discord: TestDiscord;
let client: Client;

beforeAll(async () => {
  // No rate limits: the property is about payloads and histories, not pacing.
  discord = await startTestDiscord({ rateLimit: null, globalRateLimit: null });
  client = await createTestClient();
});
afterAll(async () => {
  await discord.emulator.close();
  await client.connection.close();
});

const TYPES = Object.keys(WORKFLOW_INPUTS) as WorkflowType[];
/** True when the workflow's pure path takes the input (schema, known step types) and makes messages of it. */
function accepted(type: WorkflowType, input: unknown): boolean {
  try {
    messagesFor(notificationsFor(type, input, { failureMessage: 'step failed', failAt: 0 }));
    return true;
  } catch {
    return false;
  }
}

/** Per workflow type: a hostile input it accepts, any schema-shaped one, and junk: 30 runs. */
const CASES: { type: WorkflowType; input: unknown }[] = TYPES.flatMap((type, index) => {
  const valid = SHAPED[type].filter((input) => accepted(type, input));
  return [valid, SHAPED[type], JUNK].map((arbitrary) => ({
    type,
    input: fc.sample(arbitrary, { seed: SEED + index, numRuns: 1 })[0],
  }));
});
/** Inputs that once failed the workflow task instead of the workflow (kept as fixed regressions). */
const REGRESSIONS: { type: WorkflowType; input: unknown }[] = [
  { type: 'dailyPerformanceReport', input: { date: '2026-13-01' } },
];

/** Failures a run may end with: invalid input or message, or a campaign step failing as asked. */
const DESIGNED_FAILURES = ['InvalidInput', 'InvalidMessage', 'CampaignFailed', 'SimulatedStepFailure'];
const BOUND_MS = 90_000;

test(`${CASES.length} random inputs (seed ${SEED}) + ${REGRESSIONS.length} regression through the real workflows: each ends in time, no task failure, no payload refused`, async () => {
  const routes = routedWebhooks(discord);
  const taskQueue = uniqueTaskQueue('fuzz');
  const outcomes = await withWorker({ env: { ...routes.env }, taskQueue }, async () => {
    const ended = await Promise.all(
      [...CASES, ...REGRESSIONS].map(async ({ type, input }, index) => {
        const workflowId = `fuzz-${index}-${type}-${randomUUID()}`;
        const handle = await client.workflow.start(type, { taskQueue, workflowId, args: [input] });
        let timer: NodeJS.Timeout | undefined;
        const outOfTime = new Promise<string>(
          (resolve) => (timer = setTimeout(() => resolve('still running'), BOUND_MS)),
        );
        const ended = handle.result().then(
          () => 'completed',
          (error: unknown) => {
            const cause = error instanceof WorkflowFailedError ? error.cause : error;
            return cause instanceof ApplicationFailure ? `failed ${cause.type ?? ''}` : `failed ${String(cause)}`;
          },
        );
        const outcome = await Promise.race([ended, outOfTime]);
        clearTimeout(timer);
        if (outcome === 'still running') await handle.terminate('fuzz bound exceeded');
        return { type, workflowId, input, outcome };
      }),
    );
    // Campaigns never wait for their messages: let every outbox settle before reading what Discord received.
    await settledOutboxes(client, taskQueue, CHANNELS);
    return ended;
  });
  for (const { type, input, outcome } of outcomes) {
    const allowed = outcome === 'completed' || DESIGNED_FAILURES.some((failure) => outcome === `failed ${failure}`);
    expect({ type, input, outcome, allowed }).toEqual({ type, input, outcome, allowed: true });
  }
  // Both ways to end occurred, so the runs reached Discord as well as the validation.
  expect(outcomes.filter(({ outcome }) => outcome === 'completed').length).toBeGreaterThanOrEqual(8);
  expect(outcomes.filter(({ outcome }) => outcome === 'failed InvalidInput').length).toBeGreaterThanOrEqual(8);

  // No workflow task failed in any execution of the queue (the runs and their child workflows).
  const executions: { workflowId: string; runId: string }[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` }))
    executions.push(execution);
  expect(executions.length).toBeGreaterThanOrEqual(outcomes.length);
  for (const { workflowId, runId } of executions) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const taskFailures = eventsOf(history, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).map(
      (event) => event.workflowTaskFailedEventAttributes?.failure?.message,
    );
    expect({ workflowId, taskFailures }).toEqual({ workflowId, taskFailures: [] });
  }

  // Everything Discord received was accepted and matches Discord's own schema.
  const requests = Object.values(routes.webhooks).flatMap((webhook) =>
    discord.emulator.requests({ webhookId: webhook.id }),
  );
  // Beside the probes (which may fold into the runs' messages), the runs' own notifications reached Discord.
  const ofRuns = requests.filter((request) => (request.body as { content?: string } | null)?.content !== 'probe');
  expect(ofRuns.length).toBeGreaterThanOrEqual(5);
  expect(requests.filter((request) => request.status !== 200).map((r) => [r.route, r.status, r.responseBody])).toEqual(
    [],
  );
  for (const request of requests) {
    const schema = request.method === 'PATCH' ? 'IncomingWebhookUpdateRequestPartial' : 'IncomingWebhookRequestPartial';
    expect(validateAgainstDiscordSpec(schema, request.body).errors).toEqual([]);
  }
}, 300_000);
