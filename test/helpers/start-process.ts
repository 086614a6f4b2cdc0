import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_LIB } from './compiled-package';

export const ROOT = join(__dirname, '..', '..');
export const run = promisify(execFile);

/** `node lib/start.js` as `npm start` runs it (from the package the tests build), with its output collected. */
export class StartProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  /** `detached`: in a process group of its own, like a job in a terminal, so `interrupt()` can signal all of it. */
  constructor(env: NodeJS.ProcessEnv, cwd: string, options: { detached?: boolean } = {}) {
    this.child = spawn(process.execPath, [join(PACKAGE_LIB, 'start.js')], {
      cwd,
      env,
      detached: options.detached ?? false,
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Ctrl-C in a terminal: SIGINT to every process of the (detached) group, the dev server included. */
  interrupt(): void {
    process.kill(-this.child.pid!, 'SIGINT');
  }

  /** Resolves once stdout matches, rejects when the process exits first or after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    for (;;) {
      const match = pattern.exec(this.stdout);
      if (match) return match;
      if (exitCode !== undefined || Date.now() > deadline) {
        throw new Error(
          `${exitCode !== undefined ? `exited with ${exitCode}` : 'timed out'} before ${pattern}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function processTable(): Map<number, { ppid: number; state: string }> {
  const table = new Map<number, { ppid: number; state: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(ppid), state: state! });
    } catch {
      // exited while we read
    }
  }
  return table;
}

/** Every process below `pid` (children, grandchildren, ...), from /proc. */
export function descendants(pid: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, { ppid }] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** The command line of a process. */
export const commandLine = (pid: number): string =>
  readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();

/** True while the process exists and is not a zombie. */
export function alive(pid: number): boolean {
  const entry = processTable().get(pid);
  return entry !== undefined && entry.state !== 'Z';
}

/** True when nothing listens on 127.0.0.1:port. */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP server that accepts connections and never answers: a port "in use by something else". */
export async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}
