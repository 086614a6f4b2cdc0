// The package's `bin` (npx discord-notify): what an installed package ships, the build check that keeps a checkout's
// lib/ current without recompiling on every call, and the compiled CLI run as a real process.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { routedWebhooks } from '../helpers/channels';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { testAddress, withWorker } from '../helpers/temporal';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, shared with the run scripts
const { staleReason } = require('../../scripts/build-state.js') as { staleReason(root?: string): string | undefined };

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
};

describe('package.json', () => {
  test('declares the discord-notify bin: an executable node script', () => {
    expect(pkg.bin).toEqual({ 'discord-notify': 'bin/discord-notify.js' });
    const file = join(ROOT, pkg.bin['discord-notify']!);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(file).mode & 0o111).not.toBe(0);
  });

  test('ships the bin with what it needs (lib, the build check), and no sources or tests', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      maxBuffer: 32 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as { files: { path: string }[] }[];
    const paths = packed!.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'bin/discord-notify.js',
        'scripts/build-state.js',
        'lib/client.js',
        'lib/workflow-bundle.js',
        'examples/report-sources/daily-metrics.json',
      ]),
    );
    expect(paths.filter((path) => /^(src|test|bench|reports)\//.test(path))).toEqual([]);
  });

  test('the run scripts build only when the sources changed', () => {
    for (const script of ['start', 'worker', 'client', 'emulator', 'codec-server']) {
      expect(pkg.scripts[script]).toMatch(/^node scripts\/build-state\.js ensure && node lib\//);
    }
    expect(pkg.scripts.build).toMatch(/&& node scripts\/build-state\.js mark$/);
  });
});

describe('staleReason (scripts/build-state.js)', () => {
  const root = mkdtempSync(join(tmpdir(), 'build-state-'));
  const write = (path: string, atMs: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x');
    utimesSync(join(root, path), atMs / 1000, atMs / 1000);
  };
  const now = Date.now();

  test('an installed package (no src/) is never rebuilt', () => {
    expect(staleReason(join(root, 'installed'))).toBeUndefined();
  });

  test('never built, then current, then a source newer than the build', () => {
    write('src/workflows/a.ts', now - 60_000);
    expect(staleReason(root)).toBe('lib/ has not been built');
    write('lib/.build-stamp', now - 30_000);
    expect(staleReason(root)).toBeUndefined();
    write('src/messages/b.ts', now);
    expect(staleReason(root)).toBe('src/messages/b.ts changed since the last build');
  });
});

describe('the compiled CLI as a process', () => {
  let discord: TestDiscord;
  beforeAll(async () => {
    discord = await startTestDiscord();
  });
  afterAll(async () => {
    await discord.emulator.close();
  });

  test('node bin/discord-notify.js start testWebhook --wait prints the result and exits 0', async () => {
    const routes = routedWebhooks(discord);
    const { stdout } = await withWorker({ env: routes.env }, ({ taskQueue }) =>
      promisify(execFile)(process.execPath, ['bin/discord-notify.js', 'start', 'testWebhook', '--wait'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, TEMPORAL_ADDRESS: testAddress(), TEMPORAL_TASK_QUEUE: taskQueue, ...routes.env },
      }),
    );
    expect(stdout).toMatch(/^Started testWebhook as workflow testWebhook-/);
    expect(stdout).toContain('"status": "sent"');
    expect(discord.posts(routes.webhooks.default)).toHaveLength(1);
  }, 240_000);
});
