// The README's Python pipeline (examples/python/pipeline.py) as a user runs it: in a venv with the pinned
// `temporalio` from PyPI, against the dev server and the project's worker, starting hotLeadAlert and a campaign by
// name on the task queue and reading their results. Skipped (with one line from the jest set-up) where Python 3.9+
// with venv is missing, except in CI or with REQUIRE_PYTHON=1, where that fails the run.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { routedWebhooks } from '../helpers/channels';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { testAddress, withWorker } from '../helpers/temporal';
import { findPython } from '../setup/optional-tools';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'python');
const PYTHON = findPython();
const run = promisify(execFile);

/** A venv per requirements.txt content, kept in reports/ so later runs reuse it. */
async function exampleVenv(python: string): Promise<string> {
  const requirements = readFileSync(join(EXAMPLE, 'requirements.txt'), 'utf8');
  const key = createHash('sha256').update(requirements).digest('hex').slice(0, 12);
  const dir = join(ROOT, 'reports', 'python-venv', key);
  const ready = join(dir, '.installed');
  const bin = join(dir, process.platform === 'win32' ? 'Scripts' : 'bin', 'python');
  if (existsSync(ready)) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run(python, ['-m', 'venv', dir]);
  try {
    await run(
      bin,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', join(EXAMPLE, 'requirements.txt')],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(
      `pip install -r examples/python/requirements.txt failed (PyPI must be reachable):\n${stderr ?? String(error)}`,
    );
  }
  writeFileSync(ready, `${new Date().toISOString()}\n`);
  return bin;
}

('path' in PYTHON ? describe : describe.skip)('the Python pipeline example', () => {
  let discord: TestDiscord;
  let venvPython: string;
  beforeAll(async () => {
    discord = await startTestDiscord();
    venvPython = await exampleVenv((PYTHON as { path: string }).path);
  }, 300_000);
  afterAll(async () => {
    await discord?.emulator.close();
  });

  test('starts hotLeadAlert and campaignWithNotifications by name, reads their results and an InvalidInput failure', async () => {
    const routes = routedWebhooks(discord);
    const { stdout } = await withWorker({ env: routes.env }, ({ taskQueue }) =>
      run(venvPython, [join(EXAMPLE, 'pipeline.py')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, TEMPORAL_ADDRESS: testAddress(), TEMPORAL_TASK_QUEUE: taskQueue },
      }),
    );
    const result = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    expect(result.hotLeadAlert).toMatchObject({ status: 'sent', channel: 'alerts' });
    expect(result.campaign).toMatchObject({
      status: 'completed',
      campaignName: 'Black Friday',
      result: { total: 1500, success: 1497, failed: 3 },
      // A campaign never waits for Discord: its messages are handed to the channel's outbox.
      notifications: { started: { status: 'queued' }, completed: { status: 'queued' } },
    });
    expect(result.invalidInput).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(result.invalidInput!.message).toMatch(/lead\.email: Invalid email address/);
    // What reached Discord: the alert (with the last name) and the campaign's two messages; nothing for the bad input.
    const [alert] = discord.posts(routes.webhooks.alerts).map((post) => post.body as { embeds: { title: string }[] });
    expect(alert!.embeds[0]!.title).toBe('Min-Ji Park - Score: 92');
    expect(discord.posts(routes.webhooks.alerts)).toHaveLength(1);
    expect(discord.posts(routes.webhooks.campaigns).map((post) => (post.body as { content: string }).content)).toEqual([
      '🚀 **Campaign Started**',
      '✅ **Campaign Complete**',
    ]);
  }, 120_000);
});
