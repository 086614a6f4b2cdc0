/**
 * How fast the CLI answers on a built checkout, and how fast `npm start` says "Ready." when started again: wall time of
 * `npx discord-notify start testWebhook --wait` (and the same through `node bin/…` and `npm run client`) against a
 * running dev server, worker and emulator, then `npm start` twice on one data directory. Prints a table and writes
 * reports/cli-latency.json. Targets: a CLI call ≤ 1 s, the second `npm start` ≤ 5 s to Ready.
 *
 *   npm run build && npx tsc -p tsconfig.bench.json && node lib-bench/bench/probes/cli-latency.js [--runs 5]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchDevServer } from '../dev-server';
import { loadDevServer, loadEmulator, PROJECT_ROOT, REPORTS_DIR } from '../project';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs a command to completion; resolves with its wall time in ms, rejects on a non-zero exit. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(performance.now() - startedAt)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/** `npm start` until it prints "Ready."; then Ctrl-C and wait for it to stop. */
async function npmStartToReady(env: NodeJS.ProcessEnv): Promise<number> {
  const startedAt = performance.now();
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const readyMs = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/^Ready\.$/m.test(output)) resolve(performance.now() - startedAt);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited ${code} before Ready:\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  return readyMs;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Number(values.runs);
  const { freePort } = await loadDevServer();
  const { startEmulator } = await loadEmulator();
  const server = await startBenchDevServer();
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  const webhook = emulator.createWebhook({ name: 'Probe' });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: 'probe-cli-latency',
    DISCORD_ALLOWED_HOSTS: new URL(emulator.url).host,
    DISCORD_WEBHOOK_URL: webhook.url,
  };
  const worker = spawn(process.execPath, [join(PROJECT_ROOT, 'lib', 'worker.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rows: { command: string; medianMs: number; maxMs: number; runs: number }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (/Worker on task queue "/.test(log)) resolve();
      };
      worker.stdout.on('data', onData);
      worker.stderr.on('data', onData);
      worker.once('exit', (code) => reject(new Error(`worker exited ${code}:\n${log}`)));
    });
    const commands: [string, string, string[]][] = [
      ['npx discord-notify start testWebhook --wait', 'npx', ['discord-notify', 'start', 'testWebhook', '--wait']],
      ['npx discord-notify --help', 'npx', ['discord-notify', '--help']],
      [
        'node bin/discord-notify.js start testWebhook --wait',
        process.execPath,
        ['bin/discord-notify.js', 'start', 'testWebhook', '--wait'],
      ],
      [
        'npm run client -- start testWebhook --wait',
        'npm',
        ['run', 'client', '--silent', '--', 'start', 'testWebhook', '--wait'],
      ],
    ];
    for (const [label, command, args] of commands) {
      await timed(command, args, env); // warm-up: npm's and the OS's caches, the worker's first workflow task
      const times: number[] = [];
      for (let run = 0; run < runs; run++) times.push(await timed(command, args, env));
      rows.push({ command: label, medianMs: Math.round(median(times)), maxMs: Math.round(Math.max(...times)), runs });
    }
  } finally {
    worker.kill('SIGTERM');
    await emulator.close();
    await server.stop();
  }

  // npm start on its own dev server and emulator, twice on one data directory: the second start is the daily one.
  const dataDir = mkdtempSync(join(tmpdir(), 'probe-npm-start-'));
  const startEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    EMULATOR_PORT: '0',
    START_DATA_DIR: dataDir,
  };
  try {
    const first = await npmStartToReady(startEnv);
    const second: number[] = [];
    for (let run = 0; run < Math.min(runs, 3); run++) second.push(await npmStartToReady(startEnv));
    rows.push({
      command: 'npm start, first time (new data directory)',
      medianMs: Math.round(first),
      maxMs: Math.round(first),
      runs: 1,
    });
    rows.push({
      command: 'npm start, again (to "Ready.")',
      medianMs: Math.round(median(second)),
      maxMs: Math.round(Math.max(...second)),
      runs: second.length,
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const width = Math.max(...rows.map((row) => row.command.length));
  console.log(`${'command'.padEnd(width)}  median ms  max ms  runs`);
  for (const row of rows)
    console.log(
      `${row.command.padEnd(width)}  ${String(row.medianMs).padStart(9)}  ${String(row.maxMs).padStart(6)}  ${row.runs}`,
    );
  mkdirSync(REPORTS_DIR, { recursive: true });
  writeFileSync(
    join(REPORTS_DIR, 'cli-latency.json'),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
