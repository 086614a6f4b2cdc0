import { randomBytes, randomUUID } from 'node:crypto';
import { type Client } from '@temporalio/client';
import { getDataConverter } from '../../src/codec/data-converter';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/dev/dev-server';
import { dateIn } from '../../src/messages/format';
import { type RoutedWebhooks } from '../helpers/channels';
import { secretsOf, type TestDiscord } from '../helpers/emulator';
import { useRoutedSuite } from '../helpers/routed-suite';
import { uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { runCli, type CliRun } from './helpers';

let discord: TestDiscord;
let client: Client;
let routes: RoutedWebhooks;
const runs: CliRun[] = [];

/** Every run is kept, to check at the end that no output ever held a webhook URL or token. */
async function cli(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const run = await runCli(argv, env);
  runs.push(run);
  return run;
}

useRoutedSuite((suite) => ({ discord, client, routes } = suite));
afterAll(() => {
  // The emulator is closed by now; it still knows every webhook it handed out.
  const secrets = secretsOf(discord.emulator);
  for (const run of runs) for (const secret of secrets) expect(`${run.out}\n${run.err}`).not.toContain(secret);
});

const HOT_LEAD = '{"lead":{"firstName":"Min-Ji","email":"minjipark@salon.com","notionId":"a1b2c3d4"},"score":92}';

describe('--help', () => {
  test.each([
    [['--help'], 'Usage: npx discord-notify <command> [options]'],
    [['help'], 'Usage: npx discord-notify <command> [options]'],
    [['start', '--help'], 'Usage: npx discord-notify start <workflowType>'],
    [['start', 'hotLeadAlert', '-h'], 'Usage: npx discord-notify start <workflowType>'],
    [['schedules', '--help'], 'Usage: npx discord-notify schedules <subcommand> [options]'],
    [['schedules', 'apply', '--help'], 'Usage: npx discord-notify schedules apply [--dry-run] [--id-prefix <prefix>]'],
    [['schedules', 'list', '--help'], 'Usage: npx discord-notify schedules list'],
    [['schedules', 'trigger', '--help'], 'Usage: npx discord-notify schedules trigger <scheduleId>'],
    [['schedules', 'pause', '--help'], 'Usage: npx discord-notify schedules pause <scheduleId> [--note <text>]'],
    [['schedules', 'unpause', '--help'], 'Usage: npx discord-notify schedules unpause <scheduleId> [--note <text>]'],
    [['schedules', 'delete', '--help'], 'Usage: npx discord-notify schedules delete <scheduleId>'],
  ])('%j prints its usage and exits 0 without contacting Temporal', async (argv, usage) => {
    // A closed port: help must not need a server.
    const run = await cli(argv, { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out.split('\n')[0]!.startsWith(usage)).toBe(true);
    expect(run.out).toContain('Exit codes:');
  });

  test('no command prints the usage on stderr and exits 2', async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.split('\n')[0]).toBe('Usage: npx discord-notify <command> [options]');
  });
});

describe('usage and input errors exit 2 and start nothing', () => {
  test.each([
    [['frobnicate'], 'Unknown command "frobnicate"'],
    [['start'], 'start: missing <workflowType>'],
    [
      ['start', 'noSuchWorkflow'],
      'start: unknown workflow type "noSuchWorkflow"; one of: sendNotification, testWebhook, hotLeadAlert',
    ],
    [['start', 'hotLeadAlert', '--input', '{"lead":'], 'start: --input is not valid JSON: '],
    [
      ['start', 'hotLeadAlert', '--input', '{"lead":{"email":"not-an-email"},"score":120}'],
      'start: invalid input for hotLeadAlert:\n  lead.email: Invalid email address\n  score: Too big: expected number to be <=100',
    ],
    [
      ['start', 'hotLeadAlert', '--input', HOT_LEAD, '--id-reuse-policy', 'Never'],
      'start: --id-reuse-policy must be one of AllowDuplicate, AllowDuplicateFailedOnly, RejectDuplicate, not "Never"',
    ],
    [['start', 'hotLeadAlert', '--input', HOT_LEAD, '--id', ' '], 'start: --id must not be empty'],
    [
      ['start', 'errorAlert', '--once-per-day'],
      'start: --once-per-day works with hotLeadAlert and dailyPerformanceReport, not errorAlert',
    ],
    [
      ['start', 'hotLeadAlert', '--once-per-day', '--id', 'x', '--input', HOT_LEAD],
      'start: --once-per-day sets the ID and its reuse policy',
    ],
    [['start', 'hotLeadAlert', '--bogus'], "Unknown option '--bogus'"],
    [['schedules', 'frob'], 'schedules: unknown subcommand "frob"'],
    [['schedules', 'pause'], 'schedules pause: missing <scheduleId>'],
    [['schedules', 'trigger', 'a', 'b'], 'schedules trigger: unexpected argument "b"'],
    [['schedules', 'apply', '--id-prefix', 'a b'], 'schedules apply: --id-prefix may hold only letters, digits'],
  ])('%j', async (argv, message) => {
    // A closed port: had the CLI tried to connect, it would exit 3, not 2.
    const run = await cli(argv, { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.startsWith(message)).toBe(true);
  });

  test('an invalid variable names it, exits 2, and never prints the webhook token', async () => {
    const webhook = discord.emulator.createWebhook();
    // The emulator's host is not allowed, so the URL is rejected; the message must not quote the token.
    const run = await cli(['start', 'hotLeadAlert', '--input', HOT_LEAD], {
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      HOT_LEAD_THRESHOLD: 'high',
      DISCORD_WEBHOOK_URL_ALERTS: webhook.url,
    });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^Invalid configuration:\n {2}- HOT_LEAD_THRESHOLD: must be a whole number\n {2}- DISCORD_WEBHOOK_URL_ALERTS: /,
    );
    expect(run.err).not.toContain(webhook.token);
  });
});

describe('Temporal unreachable', () => {
  test.each([[['start', 'hotLeadAlert', '--input', HOT_LEAD]], [['schedules', 'list']], [['schedules', 'apply']]])(
    '%j exits 3 naming the address and the variable',
    async (argv) => {
      const address = `127.0.0.1:${await freePort()}`;
      const run = await cli(argv, { TEMPORAL_ADDRESS: address });
      expect(run).toEqual({
        code: 3,
        out: '',
        err: `Cannot reach Temporal at ${address} (TEMPORAL_ADDRESS): connection refused\nStart it with \`npm start\`, or point TEMPORAL_ADDRESS at your server.`,
      });
    },
  );
});

describe('start on the dev server', () => {
  test('--wait prints the Web UI link and the result as JSON', async () => {
    const id = `cli-wait-${randomUUID()}`;
    const run = await withWorker({ env: routes.env }, ({ taskQueue }) =>
      cli(['start', 'hotLeadAlert', '--input', HOT_LEAD, '--id', id, '--wait'], {
        ...routes.env,
        TEMPORAL_TASK_QUEUE: taskQueue,
      }),
    );
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    const [started, link, ...json] = run.out.split('\n');
    expect(started).toBe(`Started hotLeadAlert as workflow ${id}`);
    expect(link).toMatch(
      new RegExp(`^Web UI: http://localhost:8233/namespaces/default/workflows/${id}/[0-9a-f-]+/history$`),
    );
    const [message] = discord.emulator.messages(routes.webhooks.alerts.id);
    expect(JSON.parse(json.join('\n'))).toEqual({
      status: 'sent',
      channel: 'alerts',
      messageId: message!.message.id,
      messageIds: [message!.message.id],
    });
  });

  test('the one-alert-per-lead-per-day recipe: a second RejectDuplicate start exits 0 with "already ran" and sends nothing', async () => {
    const id = `hot-lead-a1b2c3d4-${randomUUID()}`;
    const argv = ['start', 'hotLeadAlert', '--id', id, '--id-reuse-policy', 'RejectDuplicate', '--input', HOT_LEAD];
    const [first, second] = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
      const env = { ...routes.env, TEMPORAL_TASK_QUEUE: taskQueue };
      const firstRun = await cli([...argv, '--wait'], env);
      return [firstRun, await cli(argv, env)];
    });
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.err).toBe('');
    const lines = second.out.split('\n');
    expect(lines[0]).toBe(`workflow ${id} already ran; nothing started`);
    expect(lines[1]).toMatch(/^Web UI: http:\/\/localhost:8233\/namespaces\/default\/workflows\//);
    expect(lines).toHaveLength(2);
    expect(discord.posts(routes.webhooks.alerts)).toHaveLength(1);
  });

  test("--once-per-day derives the lead's ID for today in REPORT_TIMEZONE; the second start sends nothing", async () => {
    const lead = `{"lead":{"firstName":"Min-Ji","email":"minji-${randomUUID()}@salon.com"},"score":92}`;
    const argv = ['start', 'hotLeadAlert', '--once-per-day', '--input', lead];
    const today = dateIn(new Date(), 'Asia/Tokyo');
    const [first, second] = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
      const env = { ...routes.env, TEMPORAL_TASK_QUEUE: taskQueue, REPORT_TIMEZONE: 'Asia/Tokyo' };
      const firstRun = await cli([...argv, '--wait'], env);
      return [firstRun, await cli(argv, env)];
    });
    const id = first.out.split('\n')[0]!.replace('Started hotLeadAlert as workflow ', '');
    expect(id).toMatch(new RegExp(`^hot-lead-email-[0-9a-f]{20}-${today}$`));
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.out.split('\n')[0]).toBe(`workflow ${id} already ran; nothing started`);
    expect(discord.posts(routes.webhooks.alerts)).toHaveLength(1);
  });

  test('a workflow that is still running under the ID: exits 0 saying so, nothing started', async () => {
    const taskQueue = uniqueTaskQueue('cli-running'); // no worker: the first run stays open
    const id = `cli-running-${randomUUID()}`;
    const env = { TEMPORAL_TASK_QUEUE: taskQueue };
    expect((await cli(['start', 'simulatedCampaignStep', '--id', id], env)).code).toBe(0);
    const again = await cli(['start', 'simulatedCampaignStep', '--id', id], env);
    expect(again.code).toBe(0);
    expect(again.out.split('\n')[0]).toBe(`workflow ${id} is already running; nothing started`);
    await client.workflow.getHandle(id).terminate('test cleanup');
  });

  test('a failed workflow with --wait exits 1 and names the failure', async () => {
    const id = `cli-fail-${randomUUID()}`;
    const run = await withWorker({ env: routes.env }, ({ taskQueue }) =>
      cli(['start', 'simulatedCampaignStep', '--input', '{"durationMs":0,"fail":"boom"}', '--id', id, '--wait'], {
        TEMPORAL_TASK_QUEUE: taskQueue,
      }),
    );
    expect(run.code).toBe(1);
    expect(run.err).toBe(`Workflow ${id} failed:\n  ApplicationFailure: boom`);
  });

  test('with TEMPORAL_CODEC_KEY the input is encrypted in the history, and --wait still prints the plain result', async () => {
    const codecEnv = { TEMPORAL_CODEC_KEY: randomBytes(32).toString('base64'), TEMPORAL_CODEC_KEY_ID: 'cli-test' };
    const dataConverter = getDataConverter(loadConfig(codecEnv))!;
    const id = `cli-codec-${randomUUID()}`;
    const run = await withWorker(
      {
        env: { ...routes.env, ...codecEnv },
        workerOptions: { dataConverter },
      },
      ({ taskQueue }) =>
        cli(['start', 'hotLeadAlert', '--input', HOT_LEAD, '--id', id, '--wait'], {
          ...codecEnv,
          TEMPORAL_TASK_QUEUE: taskQueue,
        }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out.split('\n').slice(2).join('\n'))).toMatchObject({ status: 'sent', channel: 'alerts' });
    const history = await client.workflow.getHandle(id).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const payload = started.input!.payloads![0]!;
    expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(payload.data!).toString('latin1')).not.toContain('minjipark');
  });
});
