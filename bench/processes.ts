/**
 * Child processes of a benchmark (workers, senders, the emulator) and what the kernel says about them: CPU time from
 * /proc/<pid>/stat and resident memory from /proc/<pid>/status (Linux only; elsewhere the figures are absent).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A spawned child whose stdout lines are kept, so the benchmark can wait for "ready" and read results. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Resolves with the first stdout line (past or future) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the child is gone. */
  stop(graceMs?: number): Promise<void>;
  readonly exited: Promise<number | null>;
}

/** Only these variables reach a child unless given explicitly: no stray DISCORD_* or .env of the developer. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TEMPORAL_CLI_PATH'];

/** Spawns `node <script>` with a clean environment; stdout and stderr are also written to `logFile`. */
export function spawnNode(
  name: string,
  script: string,
  env: Record<string, string>,
  logFile: string,
  cwd?: string,
): Child {
  const base: Record<string, string> = {};
  for (const key of INHERITED) if (process.env[key]) base[key] = process.env[key];
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [script], { env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'], cwd });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters) {
        if (!waiter.pattern.test(line)) continue;
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      log.end();
      resolve(code);
    }),
  );
  return {
    name,
    pid: child.pid ?? -1,
    process: child,
    exited,
    waitForLine(pattern, timeoutMs) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const waiter = { pattern, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name}: no line matching ${String(pattern)} within ${timeoutMs} ms (log: ${logFile})`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then((code) => {
          if (!waiters.delete(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`${name} exited with code ${String(code)} before ${String(pattern)} (log: ${logFile})`));
        });
      });
    },
    send(line) {
      child.stdin?.write(`${line}\n`);
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used so far (its threads included). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Resident memory in MB (VmRSS). */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

/** Per-process CPU over a window, as seconds and as % of one core. */
export interface CpuUsage {
  readonly [process: string]: { seconds: number; percentOfCore: number };
}

/** Starts a CPU measurement of the named processes (plus the whole machine); `stop()` returns the deltas. */
export function measureCpu(pids: Record<string, number>): { stop(): CpuUsage } {
  const started = Date.now();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const machineBefore = machineCpuSeconds();
  return {
    stop() {
      const wallS = Math.max(0.001, (Date.now() - started) / 1000);
      const usage: Record<string, { seconds: number; percentOfCore: number }> = {};
      let ours = 0;
      for (const [name, pid] of Object.entries(pids)) {
        const start = before[name];
        const end = cpuSeconds(pid);
        if (start === undefined || end === undefined) continue;
        ours += end - start;
        usage[name] = { seconds: end - start, percentOfCore: ((end - start) / wallS) * 100 };
      }
      const machineAfter = machineCpuSeconds();
      if (machineBefore && machineAfter) {
        const busy = machineAfter.busy - machineBefore.busy;
        usage.machine = { seconds: busy, percentOfCore: (busy / wallS) * 100 };
        // Sampled a moment apart, the two sums can differ by a tick or two: never report negative others.
        const others = Math.max(0, busy - ours);
        usage.others = { seconds: others, percentOfCore: (others / wallS) * 100 };
      }
      return usage;
    },
  };
}

/** Samples a process's RSS every `intervalMs`; `stop()` returns the maximum seen, in MB. */
export function sampleRss(pid: number, intervalMs = 1_000): { stop(): number | undefined } {
  let max: number | undefined = rssMb(pid);
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now !== undefined) max = Math.max(max ?? 0, now);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const now = rssMb(pid);
      return now === undefined ? max : Math.max(max ?? 0, now);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
