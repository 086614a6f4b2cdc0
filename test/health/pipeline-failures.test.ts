// systemHealthCheck on the dev server: failures of other pipelines reported once, folded, never the check itself.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { simulatedCampaignStep, systemHealthLedger } from '../../src/workflows';
import { healthLedgerWorkflowId } from '../../src/vocabulary';
import { healthLedgerStateQuery } from '../../src/workflows/system-health-ledger';
import { type TestDiscord } from '../helpers/emulator';
import { uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { failedOn, namedIds, postedTo, runCheck, terminated, visible } from './helpers';
import { useEmulatorAndClient } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;
useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

/** A health and an errors webhook, the check watching `watched` task queues only (the test server is shared). */
function setup(watched: string[]) {
  const health = discord.emulator.createWebhook({ name: 'Health' });
  const errors = discord.emulator.createWebhook({ name: 'Errors' });
  const env = {
    ...discord.env({ health, errors }),
    HEALTH_WATCH_QUERY: `TaskQueue IN (${watched.map((queue) => `'${queue}'`).join(', ')})`,
  };
  return { health, errors, env };
}

/** Fails `count` simulatedCampaignStep runs on `taskQueue`, each with its own message. */
async function failSteps(taskQueue: string, ids: string[]): Promise<void> {
  await withWorker({ taskQueue }, () =>
    Promise.all(
      ids.map((workflowId) =>
        client.workflow
          .execute(simulatedCampaignStep, {
            taskQueue,
            workflowId,
            args: [{ durationMs: 0, fail: `CRM API returned 503 for ${workflowId}` }],
          })
          .then(
            () => {
              throw new Error(`${workflowId} did not fail`);
            },
            (error: unknown) => expect(error).toBeInstanceOf(WorkflowFailedError),
          ),
      ),
    ),
  );
}

test('a failing workflow of another task queue is reported once across three checks, as an error alert linking to its run', async () => {
  const other = uniqueTaskQueue('other-pipeline');
  const { health, errors, env } = setup([other]);
  const results = await withWorker({ env }, async ({ taskQueue }) => {
    // A ledger that continues as new after a few events: what it remembers must survive that too.
    const ledger = await client.workflow.start(systemHealthLedger, {
      taskQueue,
      workflowId: healthLedgerWorkflowId(taskQueue),
      args: [{ historyLimit: 10 }],
    });
    const first = await runCheck(client, taskQueue);
    const workflowId = `lead-sync-${randomUUID()}`;
    await failSteps(other, [workflowId]);
    await visible(client, failedOn(other), 1);
    const checks = [
      await runCheck(client, taskQueue),
      await runCheck(client, taskQueue),
      await runCheck(client, taskQueue),
    ];
    const runId = (await client.workflow.getHandle(workflowId).describe()).runId;
    const firstLedgerRun = await client.workflow.getHandle(ledger.workflowId, ledger.firstExecutionRunId).describe();
    const ledgerState = await client.workflow.getHandle(ledger.workflowId).query(healthLedgerStateQuery);
    return { first, checks, workflowId, runId, firstLedgerRun, ledgerState };
  });
  expect(results.first).toMatchObject({ status: 'completed', firstCheck: true, failures: 0, notifications: 0 });
  expect(results.checks.map((check) => [check.status, 'failures' in check && check.failures])).toEqual([
    ['completed', 1],
    ['completed', 0],
    ['completed', 0],
  ]);
  expect(results.checks[0]).toMatchObject({ channel: 'health', firstCheck: false, named: 1, notifications: 1 });
  const messages = postedTo(discord, health);
  expect(messages).toHaveLength(1);
  expect(discord.posts(errors)).toHaveLength(0);
  expect(messages[0]!.content).toBe('❌ **System Health: 1 workflow execution did not complete**');
  expect(messages[0]!.embeds).toEqual([
    {
      title: 'Error in simulatedCampaignStep',
      url: `http://localhost:8233/namespaces/default/workflows/${results.workflowId}/${results.runId}/history`,
      description: `SimulatedStepFailure: CRM API returned 503 for ${results.workflowId}`,
      color: 0xff0000,
      timestamp: expect.any(String),
      fields: [
        { name: 'Workflow ID', value: results.workflowId, inline: true },
        { name: 'Task queue', value: other, inline: true },
        {
          name: 'Time',
          value: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(<t:\d+:R>\)$/),
          inline: true,
        },
      ],
    },
  ]);
  // The ledger continued as new on the way and still remembered.
  expect(results.firstLedgerRun.status.name).toBe('CONTINUED_AS_NEW');
  expect(results.ledgerState).toMatchObject({ checks: 4, lease: null, known: { [results.runId]: expect.any(String) } });
}, 120_000);

test('a terminated and a timed-out workflow are reported once each, with the reason and the timeout', async () => {
  const other = uniqueTaskQueue('no-workers');
  const { health, env } = setup([other]);
  const [terminatedId, timedOutId] = [`export-${randomUUID()}`, `report-${randomUUID()}`];
  const results = await withWorker({ env }, async ({ taskQueue }) => {
    await runCheck(client, taskQueue);
    await terminated(client, other, terminatedId, 'stuck on a locked table');
    const timingOut = await client.workflow.start('weeklyRollup', {
      taskQueue: other,
      workflowId: timedOutId,
      args: [],
      workflowExecutionTimeout: '1 second',
    });
    await expect(timingOut.result()).rejects.toThrow('Workflow execution timed out');
    await visible(client, failedOn(other), 2);
    return [await runCheck(client, taskQueue), await runCheck(client, taskQueue)];
  });
  expect(results.map((result) => 'failures' in result && result.failures)).toEqual([2, 0]);
  const messages = postedTo(discord, health);
  expect(messages).toHaveLength(1);
  expect(messages[0]!.content).toBe(
    '❌ **System Health: 2 workflow executions did not complete** (1 timed out, 1 terminated)',
  );
  const byId = Object.fromEntries(messages[0]!.embeds.map((embed) => [embed.fields[0]!.value, embed]));
  expect(byId[terminatedId]).toMatchObject({
    title: 'Terminated: nightlyExport',
    description: expect.stringMatching(/^Terminated by \S+: stuck on a locked table$/),
  });
  expect(byId[timedOutId]).toMatchObject({
    title: 'Timed out: weeklyRollup',
    description: 'Timed out after 1s (its workflow execution or run timeout)',
  });
});

test('100 failures at once arrive in 10 messages of 10 embeds, every one named once', async () => {
  const other = uniqueTaskQueue('burst');
  const { health, env } = setup([other]);
  const ids = Array.from({ length: 100 }, (_, n) => `enrich-${String(n).padStart(3, '0')}-${randomUUID()}`);
  const result = await withWorker({ env }, async ({ taskQueue }) => {
    await runCheck(client, taskQueue);
    await failSteps(other, ids);
    await visible(client, failedOn(other), 100);
    return runCheck(client, taskQueue);
  });
  expect(result).toMatchObject({ status: 'completed', failures: 100, named: 100, notifications: 10 });
  const messages = postedTo(discord, health);
  expect(messages.length).toBeLessThanOrEqual(12);
  expect(messages.map((message) => message.embeds.length)).toEqual(Array(10).fill(10));
  expect(messages[0]!.content).toBe('❌ **System Health: 100 workflow executions did not complete**');
  expect(messages.slice(1).map((message) => message.content)).toEqual(Array(9).fill(undefined));
  expect(namedIds(messages).sort()).toEqual([...ids].sort());
  for (const embed of messages.flatMap((message) => message.embeds)) {
    expect(embed.description).toBe(`SimulatedStepFailure: CRM API returned 503 for ${embed.fields[0]!.value}`);
  }
}, 120_000);

test('a check that fails is never reported, and the failure it could not send arrives with the next check', async () => {
  const other = uniqueTaskQueue('other-pipeline');
  const ours = uniqueTaskQueue('health');
  const { health, env } = setup([other, ours]);
  const workflowId = `export-${randomUUID()}`;
  const results = await withWorker({ env, taskQueue: ours }, async () => {
    await runCheck(client, ours);
    await terminated(client, other, workflowId, 'disk full');
    await visible(client, failedOn(other), 1);
    discord.emulator.injectFault({
      webhookId: health.id,
      method: 'POST',
      times: 1,
      // A refusal that an admin fixes (a webhook that is gone, 10015, would keep the outbox from calling it for 5 minutes).
      action: { type: 'status', status: 403, body: { message: 'Missing Permissions', code: 50013 } },
    });
    const failed = await runCheck(client, ours).catch((error: unknown) => error);
    // The failed check is in visibility (it matches the watch query) before the next check runs.
    await visible(client, failedOn(ours), 1);
    return { failed, next: await runCheck(client, ours), after: await runCheck(client, ours) };
  });
  expect(results.failed).toBeInstanceOf(WorkflowFailedError);
  expect(results.next).toMatchObject({ status: 'completed', failures: 1 });
  expect(results.after).toMatchObject({ status: 'completed', failures: 0 });
  expect(namedIds(postedTo(discord, health))).toEqual([workflowId]);
});

test('two checks at once: one reports, the other is skipped or finds nothing; nothing is reported twice', async () => {
  const other = uniqueTaskQueue('other-pipeline');
  const { health, env } = setup([other]);
  const results = await withWorker({ env }, async ({ taskQueue }) => {
    await runCheck(client, taskQueue);
    await terminated(client, other, `export-${randomUUID()}`, 'cancelled by ops');
    await visible(client, failedOn(other), 1);
    return Promise.all([runCheck(client, taskQueue), runCheck(client, taskQueue)]);
  });
  const outcomes = results.map((result) => (result.status === 'completed' ? result.failures : result.reason));
  // Either the second waited for nothing (the first held the ledger) or ran after the first and found nothing new.
  expect(outcomes.map(String).sort()).toEqual(
    outcomes.some((outcome) => outcome === 0)
      ? ['0', '1']
      : ['1', expect.stringMatching(/^another check holds the health ledger: check-/)],
  );
  expect(postedTo(discord, health)).toHaveLength(1);
});

test('without a health webhook the report goes to errors, and without that to the default webhook', async () => {
  for (const channel of ['errors', 'default'] as const) {
    const other = uniqueTaskQueue('other-pipeline');
    const webhook = discord.emulator.createWebhook({ name: channel });
    const env = { ...discord.env({ [channel]: webhook }), HEALTH_WATCH_QUERY: `TaskQueue = '${other}'` };
    const workflowId = `export-${randomUUID()}`;
    const result = await withWorker({ env }, async ({ taskQueue }) => {
      await runCheck(client, taskQueue);
      await terminated(client, other, workflowId, 'out of memory');
      await visible(client, failedOn(other), 1);
      return runCheck(client, taskQueue);
    });
    expect(result).toMatchObject({ status: 'completed', channel: 'errors', failures: 1 });
    expect(namedIds(postedTo(discord, webhook))).toEqual([workflowId]);
  }
});
