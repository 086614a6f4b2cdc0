// `npm start` end to end: the compiled lib/start.js (of the package the tests build) in its own process, its own dev
// server and emulator, the real temporal CLI pasting the line it prints, and Ctrl-C leaving no process behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, startDevServer, type DevServer } from '../src/dev/dev-server';
import { locateTemporalCli, requireTemporalCli } from '../src/dev/temporal-cli';
import { DEFAULT_WEBHOOK_TOKEN } from '../src/emulator';
import { startTestDiscord, type TestDiscord } from './helpers/emulator';
import { uniqueTaskQueue } from './helpers/temporal';
import { eventually } from './cli/helpers';
import { cleanEnv } from './helpers/worker-process';
import { compiledPackage } from './helpers/compiled-package';
import { alive, commandLine, descendants, occupyPort, portIsFree, run, StartProcess } from './helpers/start-process';

const READY = /^Ready\.$/m;
const TEMPORAL_LINE = /^ {2}(\S*temporal workflow start .*)$/m;
const dirs: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `npm-start-${name}-`));
  dirs.push(dir);
  return dir;
};

beforeAll(() => {
  // What `npm start` runs first (`npm run build` when the sources changed): the package compiled, with its assets
  // and workflow bundle, into the folder the tests share (StartProcess runs its lib/start.js).
  compiledPackage();
}, 300_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Emulated {
  messages: { message: { content: string; embeds: { title: string; fields: { name: string; value: string }[] }[] } }[];
}
const messagesAt = async (emulatorPort: number) =>
  (await (await fetch(`http://127.0.0.1:${emulatorPort}/_emulator/messages`)).json()) as Emulated['messages'];

describe('npm start on its own dev server and emulator', () => {
  const dataDir = tempDir('data');
  let hotLeadWorkflowId: string;

  test('prints every URL and "Ready.", the printed temporal line sends an alert to the emulator, Ctrl-C stops every process', async () => {
    const [temporalPort, uiPort, emulatorPort] = [await freePort(), await freePort(), await freePort()];
    const address = `127.0.0.1:${temporalPort}`;
    const env = cleanEnv({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_UI_PORT: String(uiPort),
      EMULATOR_PORT: String(emulatorPort),
      START_DATA_DIR: dataDir,
    });
    const start = new StartProcess(env, tempDir('cwd'), { detached: true });
    try {
      await start.waitFor(READY, 180_000);
      const lines = start.stdout.split('\n');
      expect(lines).toContain(
        `Temporal server   ${address} (local dev server; data in ${join(dataDir, 'temporal.db')})`,
      );
      expect(lines).toContain(`Temporal UI       http://127.0.0.1:${uiPort}`);
      expect(lines).toContain(
        `Discord preview   http://127.0.0.1:${emulatorPort}/  (the Discord emulator: every message the worker sends shows here)`,
      );
      expect(lines).toContain(
        `Emulator webhooks http://127.0.0.1:${emulatorPort}/api/v10/webhooks  (the worker's default channel posts here)`,
      );
      expect(lines).toContain('Schedules         daily-performance-report created (every day at 09:00 UTC)');
      expect(lines).toContain('                  retargeting-report created (every day at 09:30 UTC)');
      expect(lines).toContain('                  weekly-performance-report created (on MONDAY at 09:00 UTC)');
      expect(lines).toContain('                  system-health created (every 5m UTC)');
      expect(start.stdout).not.toContain(DEFAULT_WEBHOOK_TOKEN);
      const input = `'{"lead":{"firstName":"Min-Ji","email":"minjipark@salon.com","notionId":"a1b2c3d4"},"score":92}'`;
      expect(lines).toContain(`  TEMPORAL_ADDRESS=${address} npx discord-notify start hotLeadAlert --input ${input}`);
      const temporalLine = start.stdout.match(TEMPORAL_LINE)![1]!;
      const cli = locateTemporalCli(env)!;
      expect(temporalLine).toBe(
        `${cli.source === 'PATH' ? 'temporal' : cli.path} workflow start --task-queue marketing-notifications --type hotLeadAlert --input ${input} --address ${address}`,
      );

      // The Web UI and the preview page answer.
      expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${emulatorPort}/`)).status).toBe(200);

      // Pasted into a shell exactly as printed.
      const pasted = await run('sh', ['-c', temporalLine], { env: cleanEnv({}), timeout: 60_000 });
      hotLeadWorkflowId = /WorkflowId\s+(\S+)/.exec(pasted.stdout)![1]!;
      const [alert] = await eventually(async () => {
        const messages = await messagesAt(emulatorPort);
        return messages.length > 0 ? messages : undefined;
      }, 60_000);
      expect(alert!.message.content).toBe('🔥 **HOT LEAD ALERT**');
      expect(alert!.message.embeds[0]!.fields.slice(0, 2)).toEqual([
        { name: 'Email', value: 'minjipark@salon.com', inline: true },
        { name: 'Score', value: '92', inline: true },
      ]);

      const listed = await run(requireTemporalCli(), ['schedule', 'list', '--address', address, '-o', 'json'], {
        env: cleanEnv({}),
      });
      expect((JSON.parse(listed.stdout) as { scheduleId: string }[]).map((s) => s.scheduleId).sort()).toEqual([
        'daily-performance-report',
        'retargeting-report',
        'system-health',
        'weekly-performance-report',
      ]);

      const spawned = descendants(start.child.pid!);
      expect(spawned.map(commandLine).filter((command) => command.includes('server start-dev'))).toHaveLength(1);
      // Ctrl-C in a terminal reaches the whole group: npm start and its dev server at once.
      start.interrupt();
      expect(await start.exited).toBe(0);
      expect(start.stderr).toContain('SIGINT: stopping (press Ctrl-C again to force quit)');
      expect(start.stderr).not.toContain('force quit\n');
      expect(spawned.filter(alive)).toEqual([]);
      expect(await Promise.all([temporalPort, uiPort, emulatorPort].map(portIsFree))).toEqual([true, true, true]);
    } finally {
      start.child.kill('SIGKILL');
    }
  }, 300_000);

  test('a restart on the same data folder keeps history and finds the schedules unchanged; SIGTERM stops it', async () => {
    expect(hotLeadWorkflowId).toBeDefined();
    const [temporalPort, uiPort, emulatorPort] = [await freePort(), await freePort(), await freePort()];
    const address = `127.0.0.1:${temporalPort}`;
    const env = cleanEnv({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_UI_PORT: String(uiPort),
      EMULATOR_PORT: String(emulatorPort),
      START_DATA_DIR: dataDir,
    });
    const start = new StartProcess(env, tempDir('cwd'));
    try {
      await start.waitFor(READY, 180_000);
      const lines = start.stdout.split('\n');
      expect(lines).toContain('Schedules         daily-performance-report unchanged (every day at 09:00 UTC)');
      expect(lines).toContain('                  retargeting-report unchanged (every day at 09:30 UTC)');
      expect(lines).toContain('                  system-health unchanged (every 5m UTC)');
      // The alert's run may still have been open when the first worker stopped; the restarted one completes it.
      const status = async () => {
        const described = await run(
          requireTemporalCli(),
          ['workflow', 'describe', '--workflow-id', hotLeadWorkflowId, '--address', address, '-o', 'json'],
          { env: cleanEnv({}) },
        );
        return (JSON.parse(described.stdout) as { workflowExecutionInfo: { status: string } }).workflowExecutionInfo
          .status;
      };
      await eventually(
        async () => ((await status()) === 'WORKFLOW_EXECUTION_STATUS_COMPLETED' ? true : undefined),
        60_000,
      );
      const spawned = descendants(start.child.pid!);
      start.child.kill('SIGTERM');
      expect(await start.exited).toBe(0);
      expect(spawned.filter(alive)).toEqual([]);
    } finally {
      start.child.kill('SIGKILL');
    }
  }, 300_000);
});

test('a second Ctrl-C force-quits at once (exit code 130) and still leaves no process behind', async () => {
  const env = cleanEnv({
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    EMULATOR_PORT: String(await freePort()),
    START_DATA_DIR: tempDir('data'),
  });
  const start = new StartProcess(env, tempDir('cwd'));
  try {
    await start.waitFor(READY, 180_000);
    const spawned = descendants(start.child.pid!);
    expect(spawned).toHaveLength(1);
    // The second signal as soon as the first one is acknowledged, long before a graceful stop could finish.
    start.child.stderr.on('data', (chunk: string) => {
      if (chunk.includes('stopping')) start.child.kill('SIGINT');
    });
    start.child.kill('SIGINT');
    expect(await start.exited).toBe(130);
    expect(start.stderr).toContain('SIGINT: force quit');
    await eventually(() => (spawned.some(alive) ? undefined : true), 10_000);
  } finally {
    start.child.kill('SIGKILL');
  }
}, 300_000);

test('when its dev server dies, npm start says so, stops the worker and emulator, and exits 1', async () => {
  const emulatorPort = await freePort();
  const env = cleanEnv({
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    EMULATOR_PORT: String(emulatorPort),
    START_DATA_DIR: tempDir('data'),
  });
  const start = new StartProcess(env, tempDir('cwd'));
  try {
    await start.waitFor(READY, 180_000);
    const [server] = descendants(start.child.pid!);
    process.kill(server!, 'SIGKILL');
    expect(await start.exited).toBe(1);
    expect(start.stderr).toContain(
      'The Temporal dev server exited unexpectedly (killed by SIGKILL); stopping the worker.',
    );
    expect(await portIsFree(emulatorPort)).toBe(true);
  } finally {
    start.child.kill('SIGKILL');
  }
}, 300_000);

describe('npm start with a server already at TEMPORAL_ADDRESS and a webhook configured', () => {
  let discord: TestDiscord;
  let server: DevServer;
  let client: Client;
  beforeAll(async () => {
    discord = await startTestDiscord();
    // A server of its own: npm start applies the contract's schedule ids, which no other test file may see.
    server = await startDevServer({ startTimeoutMs: 120_000 });
    client = new Client({ connection: await Connection.connect({ address: server.address }) });
  }, 180_000);
  afterAll(async () => {
    await discord.emulator.close();
    await client.connection.close();
    await server.stop();
  });

  test('starts no dev server and no emulator, never prints the webhook URL, and its worker delivers there', async () => {
    const webhook = discord.emulator.createWebhook();
    // Both ports are taken: had npm start tried to run a dev server or an emulator, it would fail.
    const [ui, emulator] = [await occupyPort(), await occupyPort()];
    const taskQueue = uniqueTaskQueue('npm-start');
    const env = cleanEnv({
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_UI_PORT: String(ui.port),
      EMULATOR_PORT: String(emulator.port),
      DISCORD_WEBHOOK_URL: webhook.url,
      DISCORD_ALLOWED_HOSTS: `127.0.0.1:${discord.emulator.port}`,
    });
    const start = new StartProcess(env, tempDir('cwd'));
    try {
      await start.waitFor(READY, 180_000);
      const lines = start.stdout.split('\n');
      expect(lines).toContain(`Temporal server   ${server.address} (already running)`);
      expect(lines).toContain('Discord           DISCORD_WEBHOOK_URL (URLs not shown)');
      expect(start.stdout).not.toContain(webhook.token);
      expect(start.stdout).not.toContain('Discord preview');
      expect(descendants(start.child.pid!)).toEqual([]);

      await run('sh', ['-c', start.stdout.match(TEMPORAL_LINE)![1]!], { env: cleanEnv({}), timeout: 60_000 });
      const [post] = await eventually(() => {
        const posts = discord.posts(webhook);
        return posts.length > 0 ? posts : undefined;
      }, 60_000);
      expect((post!.body as { content: string }).content).toBe('🔥 **HOT LEAD ALERT**');
      expect((await client.schedule.getHandle('daily-performance-report').describe()).action.taskQueue).toBe(taskQueue);

      start.child.kill('SIGINT');
      expect(await start.exited).toBe(0);
    } finally {
      start.child.kill('SIGKILL');
      ui.server.close();
      emulator.server.close();
    }
  }, 300_000);
});

describe('npm start when a port is taken', () => {
  test.each([
    [
      'EMULATOR_PORT',
      (port: number) =>
        `port ${port} is in use; set EMULATOR_PORT to a free port (0 picks one) for the Discord emulator`,
    ],
    [
      'TEMPORAL_UI_PORT',
      (port: number) => `port ${port} is in use; set TEMPORAL_UI_PORT to a free port for the Temporal Web UI`,
    ],
    [
      'TEMPORAL_ADDRESS',
      (port: number) =>
        `port ${port} is in use by something that is not a Temporal server (TEMPORAL_ADDRESS=127.0.0.1:${port}); ` +
        'stop it, or set TEMPORAL_ADDRESS to a free port and npm start runs its own dev server there',
    ],
  ])(
    '%s: one line naming the port and the variable, no stack trace, exit code 1',
    async (variable, message) => {
      const busy = await occupyPort();
      try {
        const env = cleanEnv({
          TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
          TEMPORAL_UI_PORT: String(await freePort()),
          EMULATOR_PORT: String(await freePort()),
          START_DATA_DIR: tempDir('data'),
          [variable]: variable === 'TEMPORAL_ADDRESS' ? `127.0.0.1:${busy.port}` : String(busy.port),
        });
        const start = new StartProcess(env, tempDir('cwd'));
        expect(await start.exited).toBe(1);
        expect(start.stderr).toBe(`${message(busy.port)}\n`);
        expect(start.stdout).toBe('');
      } finally {
        busy.server.close();
      }
    },
    60_000,
  );
});

test('an invalid variable stops npm start before anything runs: exit code 2 naming every one', async () => {
  const start = new StartProcess(
    cleanEnv({ TEMPORAL_UI_PORT: 'eighty', EMULATOR_PORT: '70000', HOT_LEAD_THRESHOLD: 'high' }),
    tempDir('cwd'),
  );
  expect(await start.exited).toBe(2);
  expect(start.stderr).toBe(
    'Invalid configuration:\n  - HOT_LEAD_THRESHOLD: must be a whole number\n  - TEMPORAL_UI_PORT: must be a port number\n' +
      '  - EMULATOR_PORT: must be a port number\n',
  );
  expect(start.stdout).toBe('');
});
