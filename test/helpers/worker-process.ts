// The compiled worker (`node lib/worker.js`) as a child process: what users run, killable with a real signal.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledPackage, PACKAGE_LIB } from './compiled-package';

export const ROOT = join(__dirname, '..', '..');
/** The compiled package's lib folder (see compiled-package.ts). */
export const BUILD_LIB = PACKAGE_LIB;

/**
 * Builds the package once per change of src/ (as `npm run build` does, into a folder of its own) and returns the path
 * of the compiled `worker.js`. Test files in parallel Jest workers share one build.
 */
export function compiledWorker(): string {
  return join(compiledPackage(), 'worker.js');
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
