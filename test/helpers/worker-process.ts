// The compiled worker (`node lib/worker.js`) as a child process: what users run, killable with a real signal.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
/** `tsc -p tsconfig.build.json` output, private to these tests so no one's `npm run build` on lib/ races it. */
const BUILD_DIR = join(ROOT, 'reports', 'reliability-build');
export const BUILD_LIB = join(BUILD_DIR, 'lib');
const STAMP = join(BUILD_DIR, 'built-at');
const LOCK = join(ROOT, 'reports', 'reliability-build.lock');

function newestSourceMs(dir = join(ROOT, 'src')): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the project once (per change of src/) with `tsc -p tsconfig.build.json` into reports/reliability-build/lib and
 * returns the path of the compiled `worker.js`. Test files in parallel Jest workers share one build through a lock.
 */
export function compiledWorker(): string {
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else builds; a lock older than 5 minutes belongs to a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 300_000)
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${LOCK} held for 5 minutes`);
      sleepSync(500);
    }
  }
  try {
    const worker = join(BUILD_LIB, 'worker.js');
    if (existsSync(STAMP) && existsSync(worker) && statSync(STAMP).mtimeMs > newestSourceMs()) return worker;
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      BUILD_LIB,
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ];
    const result = spawnSync(process.execPath, [tsc, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    // Type errors elsewhere (someone mid-edit) do not stop tsc's emit; a missing worker does.
    if (!existsSync(worker))
      throw new Error(`tsc did not emit worker.js (exit ${result.status}):\n${result.stdout}${result.stderr}`);
    writeFileSync(STAMP, new Date().toISOString());
    return worker;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The runner's environment without the project's own variables, so only what a test passes counts. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const project =
    /^(TEMPORAL_(?!CLI_PATH$)|DISCORD_|EMULATOR_|START_|HOT_LEAD|REPORT_|DAILY_|RETARGETING_|METRICS_|AUDIENCES_|WORKER_|HEALTH_)/;
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !project.test(key))), ...extra };
}

/** `node <build>/worker.js` with exactly `env`, run in an empty directory (no `.env`), its output collected. */
export class WorkerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  exitCode: number | null | undefined;
  signal: NodeJS.Signals | null | undefined;
  readonly exited: Promise<number | null>;
  private readonly cwd: string;

  constructor(env: Record<string, string>, workerPath = compiledWorker()) {
    this.cwd = mkdtempSync(join(tmpdir(), 'worker-'));
    this.child = spawn(process.execPath, [workerPath], { cwd: this.cwd, env: cleanEnv(env) });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.signal = signal;
        rmSync(this.cwd, { recursive: true, force: true });
        resolve(code);
      }),
    );
  }

  get output(): string {
    return `${this.stdout}${this.stderr}`;
  }

  /** Resolves once the output matches; rejects when the process exits first or after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (this.exitCode !== undefined || Date.now() > deadline) {
        const why = this.exitCode !== undefined ? `exited (${this.exitCode ?? this.signal})` : 'timed out';
        throw new Error(`worker ${why} before ${pattern}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends `signal` to this child (by its pid) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exitCode === undefined) this.child.kill(signal);
    await this.exited;
  }
}

/** The line the worker prints once every worker is created and about to poll. */
export const WORKER_READY = /Worker on task queue "[^"]+"/;
