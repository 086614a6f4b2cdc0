// Webhook URLs hold a secret token: it must never reach workflow histories (inputs, activity arguments and results,
// markers, failures), error chains or the worker's log, whatever Discord (or a proxy in front of it) answers.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { EmulatorWebhook, FaultAction } from '../../src/emulator';
import {
  campaignPublished,
  campaignWithNotifications,
  campaignWithProgress,
  dailyPerformanceReport,
  errorAlert,
  hotLeadAlert,
  retargetingReport,
  sendNotification,
  simulatedCampaignStep,
  testWebhook,
} from '../../src/workflows';
import { routedWebhooks } from '../helpers/channels';
import { secretsOf, type TestDiscord } from '../helpers/emulator';
import { cliHistoryText, decodedText, historyText, leakedSecrets } from '../helpers/history-scan';
import { testAddress, uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { compiledWorker, WORKER_READY, WorkerProcess } from '../helpers/worker-process';
import { useEmulatorAndClient } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;
const fileStartedAt = new Date();
/** Tokens handed to the worker that the emulator does not know (wrong-token URLs). */
const extraSecrets: string[] = [];

useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

const secrets = () => [...secretsOf(discord.emulator), ...extraSecrets];

/**
 * Long enough that a busy machine still answers every request that is not hung (a timed-out request may already have
 * used up its webhook's fault, so the retry would succeed where the test expects Discord's error).
 */
const DISCORD_TIMEOUT_MS = 3_000;

/**
 * Webhooks that fail in every way a response can carry a secret back: an HTML proxy page echoing the URL, a JSON body
 * echoing it with escaped slashes (`https:\/\/...`, as PHP and some WAFs write it), an error naming the bare token,
 * plus a deleted webhook, a wrong token, a reset and a hang.
 */
async function hostileWebhooks(): Promise<{ env: Record<string, string>; channels: Record<string, EmulatorWebhook> }> {
  const make = (name: string, faults: (webhook: EmulatorWebhook) => FaultAction[]) => {
    const webhook = discord.emulator.createWebhook({ name });
    for (const action of faults(webhook)) discord.emulator.injectFault({ webhookId: webhook.id, action });
    return webhook;
  };
  const escaped = (url: string) => url.replace(/\//g, '\\/');
  const channels = {
    proxied: make('Proxied', (w) => [
      { type: 'status', status: 502, body: `<html><body><h1>502</h1><p>upstream ${w.url} failed</p></body></html>` },
      { type: 'status', status: 503, body: `{"message":"upstream ${escaped(w.url)} unavailable","code":0}` },
    ]),
    echoing: make('Echoing', (w) => [
      { type: 'status', status: 400, body: { code: 50035, message: `Invalid token ${w.token}`, errors: {} } },
    ]),
    nested: make('Nested', (w) => [
      {
        type: 'status',
        status: 400,
        body: {
          code: 50035,
          message: 'Invalid Form Body',
          errors: { content: { _errors: [{ code: 'X', message: `bad ${w.token}` }] } },
        },
      },
    ]),
    flaky: make('Flaky', () => [{ type: 'reset' }, { type: 'hang', ms: 2 * DISCORD_TIMEOUT_MS }]),
    dead: make('Dead', () => []),
    wrong: make('Wrong', () => []),
  };
  await fetch(channels.dead.url, { method: 'DELETE', headers: { 'user-agent': 'test' } });
  const wrongToken = `wrong-${randomUUID()}`;
  extraSecrets.push(wrongToken, channels.wrong.url.replace(channels.wrong.token, wrongToken));
  const env = discord.env(channels);
  env.DISCORD_WEBHOOK_URL_WRONG = channels.wrong.url.replace(channels.wrong.token, wrongToken);
  return { env, channels };
}

/** Every message, type and detail along an error's cause chain, as text. */
function failureChainText(error: unknown): string {
  const parts: unknown[] = [];
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { message, name, stack } = cause;
    parts.push({ name, message, stack, details: (cause as { details?: unknown }).details });
  }
  return decodedText(parts);
}

test('every workflow type, succeeding and failing: no token or webhook URL in any history (real CLI), failure chain or result', async () => {
  const routes = routedWebhooks(discord);
  const hostile = await hostileWebhooks();
  const env = {
    ...routes.env,
    ...hostile.env,
    DISCORD_TIMEOUT_MS: String(DISCORD_TIMEOUT_MS),
  };
  const taskQueue = uniqueTaskQueue('secrets');
  const outcomes = await withWorker({ env, taskQueue }, async () => {
    const run = <A extends unknown[]>(workflow: (...args: A) => Promise<unknown>, ...args: A) =>
      client.workflow
        .execute(workflow, { taskQueue, workflowId: `secrets-${workflow.name}-${randomUUID()}`, args })
        .catch((error: unknown) => error);
    const lead = { firstName: 'Min-Ji', email: 'minji@example.com', notionId: 'a1b2c3' };
    const steps = [{ name: 'Build', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 10 }] }];
    return Promise.all([
      run(sendNotification, { content: 'hello' }),
      run(testWebhook, {}),
      run(hotLeadAlert, { lead, score: 95 }),
      run(dailyPerformanceReport, {}),
      run(retargetingReport, {}),
      run(campaignPublished, { postContent: 'Spring sale', posts: [{ platform: 'x', url: 'https://x.com/p/1' }] }),
      run(errorAlert, { flowName: 'sync', errorMessage: 'boom' }),
      run(campaignWithNotifications, {
        campaignName: 'C',
        workflowType: 'simulatedCampaignStep',
        args: [{ durationMs: 10 }],
      }),
      run(campaignWithProgress, { campaignName: 'P', steps }),
      run(simulatedCampaignStep, { durationMs: 10 }),
      ...Object.keys(hostile.channels).map((channel) => run(sendNotification, { channel, content: `to ${channel}` })),
      run(campaignWithNotifications, {
        campaignName: 'Failing',
        workflowType: 'simulatedCampaignStep',
        args: [{ durationMs: 10, fail: 'step broke' }],
      }),
    ]);
  });
  // The failing runs failed as expected (so their failure chains are really scanned).
  const failures = outcomes.filter((outcome) => outcome instanceof WorkflowFailedError);
  expect(failures).toHaveLength(5); // echoing, nested, dead, wrong, and the failing campaign
  for (const outcome of outcomes)
    expect(leakedSecrets(failureChainText(outcome) + decodedText(outcome), secrets())).toEqual([]);

  // Every execution on the task queue: the runs above, their child workflows and the channel outboxes.
  const executions: { workflowId: string; runId: string }[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` }))
    executions.push(execution);
  expect(executions.length).toBeGreaterThanOrEqual(outcomes.length + 3);
  expect(executions.some((execution) => execution.workflowId.startsWith('discord-outbox-'))).toBe(true);
  for (const { workflowId, runId } of executions) {
    const [cli, sdk] = await Promise.all([cliHistoryText(workflowId), historyText(client, workflowId, runId)]);
    expect({ workflowId, leaked: leakedSecrets(`${cli}\n${sdk}`, secrets()) }).toEqual({ workflowId, leaked: [] });
  }
});

test('the compiled worker at INFO never logs a token or webhook URL, while requests fail in every way', async () => {
  const hostile = await hostileWebhooks();
  const ok = discord.emulator.createWebhook({ name: 'Fine' });
  // Connection refused: an allowed host where nothing listens.
  const refusedUrl = `http://127.0.0.1:1/api/v10/webhooks/${ok.id}/refused-${randomUUID()}`;
  extraSecrets.push(refusedUrl, refusedUrl.slice(refusedUrl.lastIndexOf('/') + 1));
  const taskQueue = uniqueTaskQueue('secrets-log');
  const worker = new WorkerProcess(
    {
      ...hostile.env,
      ...discord.env({ default: ok }),
      DISCORD_ALLOWED_HOSTS: `127.0.0.1:${discord.emulator.port},127.0.0.1:1`,
      DISCORD_WEBHOOK_URL_REFUSED: refusedUrl,
      DISCORD_TIMEOUT_MS: String(DISCORD_TIMEOUT_MS),
      TEMPORAL_ADDRESS: testAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
    },
    compiledWorker(),
  );
  try {
    await worker.waitFor(WORKER_READY);
    const start = (channel: string) =>
      client.workflow.start(sendNotification, {
        taskQueue,
        workflowId: `secrets-log-${channel}-${randomUUID()}`,
        args: [{ channel, content: `to ${channel}` }],
      });
    const finishing = await Promise.all([...Object.keys(hostile.channels), 'default'].map(start));
    const refused = await start('refused');
    const outcomes = await Promise.all(
      finishing.map((handle) =>
        handle.result().then(
          () => 'sent',
          () => 'failed',
        ),
      ),
    );
    expect(outcomes).toEqual(['sent', 'failed', 'failed', 'sent', 'failed', 'failed', 'sent']);
    // Let the refused delivery fail (and be logged) a few times, then stop it.
    await worker.waitFor(/ECONNREFUSED[\s\S]*ECONNREFUSED/, 30_000);
    await refused.terminate('test done');
  } finally {
    await worker.kill('SIGTERM');
  }
  // The log did record the failures (so the scan below is not of an empty log)...
  for (const expected of [
    'Invalid Webhook Token (50027)',
    'Unknown Webhook (10015)',
    '502:',
    'other side closed',
    'timeout',
  ]) {
    expect(worker.output).toContain(expected);
  }
  // ...and no secret.
  expect(leakedSecrets(worker.output, secrets())).toEqual([]);
});

test('global check: no history created on the test server during this file carries a webhook URL or a known token', async () => {
  const since = fileStartedAt.toISOString();
  let scanned = 0;
  for await (const { workflowId, runId } of client.workflow.list({ query: `StartTime >= '${since}'` })) {
    const text = await historyText(client, workflowId, runId);
    expect({ workflowId, leaked: leakedSecrets(text, secrets()) }).toEqual({ workflowId, leaked: [] });
    scanned += 1;
  }
  expect(scanned).toBeGreaterThan(20);
});
