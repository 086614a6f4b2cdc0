import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { requireTemporalCli } from './temporal-cli';

/** Options for a local `temporal server start-dev`. */
export interface DevServerOptions {
  /** Frontend gRPC port. @default a free port */
  port?: number;
  /** Web UI port; `false` runs the server headless. @default false */
  uiPort?: number | false;
  /** SQLite file that keeps state across restarts. @default in-memory */
  dbFile?: string;
  /** How long to wait for the frontend to answer health checks. @default 90_000 */
  startTimeoutMs?: number;
  /** `--dynamic-config-value KEY=JSON` pairs (benchmark probes only; the product needs none). */
  dynamicConfig?: Record<string, unknown>;
  /** Where the server's own output goes. @default ignored */
  stdio?: 'ignore' | 'inherit';
  /** Variables added to the server process's environment (e.g. the Go runtime's `GOMAXPROCS`). */
  env?: Record<string, string>;
}

/** A running dev server started by {@link startDevServer}. */
export interface DevServer {
  readonly address: string;
  readonly uiUrl: string | undefined;
  readonly pid: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

const EXITED_DURING_START = 'temporal server start-dev exited during start-up';

/** Thrown when the dev server exits or never answers during start-up. */
export class DevServerStartError extends Error {
  override readonly name = 'DevServerStartError';
  constructor(
    message: string,
    readonly output: string,
    /** True when the process ended during start-up (a port taken, a panic); false when it ran but never answered. */
    readonly exited: boolean,
  ) {
    super(output ? `${message}\n${output.trim()}` : message);
  }
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export async function portAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls the frontend's gRPC health service until it reports SERVING. */
export async function waitForFrontend(address: string, timeoutMs: number, isAlive: () => boolean = () => true) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && isAlive()) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        const response = await connection.healthService.check({});
        // status 1 = SERVING (grpc.health.v1)
        if (Number(response.status) === 1) {
          await connection.workflowService.getSystemInfo({});
          return;
        }
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Temporal frontend at ${address} did not become healthy within ${timeoutMs} ms` +
      (lastError instanceof Error ? `: ${lastError.message}` : ''),
  );
}

/**
 * The start and the end of what a process printed: a Go panic names its cause in its first line and is followed by
 * pages of goroutine stacks, which a tail alone would keep instead of the cause.
 */
function startAndEnd(headChars = 2_000, tailChars = 6_000) {
  let head = '';
  let tail = '';
  let cut = false;
  return {
    add(text: string): void {
      const room = Math.max(0, headChars - head.length);
      head += text.slice(0, room);
      const rest = text.slice(room);
      cut ||= tail.length + rest.length > tailChars;
      tail = (tail + rest).slice(-tailChars);
    },
    text: (): string => (cut ? `${head}\n…\n${tail}` : head + tail),
  };
}

/**
 * Starts `temporal server start-dev` and waits, with our own health check, until it serves.
 * The SDK's ephemeral server gives up after 5 s, too short for a loaded 2-core machine.
 * @throws {DevServerStartError} when the process exits early (e.g. a port in use) or never becomes healthy
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = requireTemporalCli();
  const port = options.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (options.uiPort === undefined || options.uiPort === false) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  // None by default: the project must work on a server with default settings, as Temporal Cloud's namespaces are.
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }

  const env = options.env ? { ...process.env, ...options.env } : undefined;
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const output = startAndEnd();
  const keep = (chunk: Buffer) => {
    if (options.stdio === 'inherit') process.stderr.write(chunk);
    output.add(chunk.toString());
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
    if (!killed) {
      child.kill('SIGKILL');
      await exit;
    }
  };

  try {
    await waitForFrontend(address, options.startTimeoutMs ?? 90_000, () => !exited);
  } catch (error) {
    // Read before stopping: stop() ends the process, which would make a server that never answered look exited.
    const exitedEarly = exited;
    await stop();
    const reason = exitedEarly ? EXITED_DURING_START : error instanceof Error ? error.message : String(error);
    throw new DevServerStartError(reason, output.text(), exitedEarly);
  }
  if (exited) throw new DevServerStartError(EXITED_DURING_START, output.text(), true);

  const uiUrl = typeof options.uiPort === 'number' ? `http://127.0.0.1:${options.uiPort}` : undefined;
  return { address, uiUrl, pid: child.pid ?? -1, process: child, stop };
}
