/** The worker image's HEALTHCHECK (`node lib/healthcheck.js`) against a stand-in metrics endpoint. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/dev/dev-server';
import { checkWorkerMetrics, runHealthcheck } from '../src/healthcheck';
import { compiledPackage } from './helpers/compiled-package';

const WORKER_METRICS = [
  '# HELP temporal_worker_start worker_start',
  '# TYPE temporal_worker_start counter',
  'temporal_worker_start{namespace="default",service_name="temporal-core-sdk",task_queue="q"} 1',
  '',
].join('\n');

/** A local HTTP server on port 0 answering /metrics with `status` and `body` (or never, when `hang`). */
async function metricsServer(reply: {
  status?: number;
  body?: string;
  hang?: boolean;
}): Promise<{ port: number; server: Server }> {
  const server = createServer((request, response) => {
    if (reply.hang) return;
    if (request.url !== '/metrics') response.writeHead(404).end();
    else response.writeHead(reply.status ?? 200, { 'content-type': 'text/plain; version=0.0.4' }).end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

const servers: Server[] = [];
async function serve(reply: Parameters<typeof metricsServer>[0]): Promise<number> {
  const { port, server } = await metricsServer(reply);
  servers.push(server);
  return port;
}
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

describe('checkWorkerMetrics', () => {
  test('is healthy when /metrics answers with worker metrics', async () => {
    const port = await serve({ body: WORKER_METRICS });
    await expect(checkWorkerMetrics({ port })).resolves.toEqual({
      healthy: true,
      detail: `http://127.0.0.1:${port}/metrics answers with worker metrics`,
    });
  });

  test('is unhealthy while the endpoint answers but no worker has started (still bundling or connecting)', async () => {
    const port = await serve({ body: '# no metrics yet\n' });
    await expect(checkWorkerMetrics({ port })).resolves.toMatchObject({
      healthy: false,
      detail: expect.stringContaining('no worker has started'),
    });
  });

  test('is unhealthy on an HTTP error, a closed port or a timeout', async () => {
    const failing = await serve({ status: 500, body: WORKER_METRICS });
    await expect(checkWorkerMetrics({ port: failing })).resolves.toMatchObject({
      healthy: false,
      detail: expect.stringContaining('HTTP 500'),
    });
    const closed = await freePort();
    await expect(checkWorkerMetrics({ port: closed })).resolves.toMatchObject({
      healthy: false,
      detail: expect.stringContaining('did not answer'),
    });
    const hanging = await serve({ hang: true });
    // Ended by its own timeout: the server never answers.
    await expect(checkWorkerMetrics({ port: hanging, timeoutMs: 300 })).resolves.toEqual({
      healthy: false,
      // (Jest's sandbox prints the DOMException's name before its message; Node alone does not.)
      detail: expect.stringMatching(
        new RegExp(
          `^http://127\\.0\\.0\\.1:${hanging}/metrics did not answer: (TimeoutError: )?The operation was aborted due to timeout$`,
        ),
      ),
    });
  });
});

describe('runHealthcheck (the exit code)', () => {
  const lines: string[] = [];
  const run = (env: NodeJS.ProcessEnv) => runHealthcheck({ env, log: (line) => lines.push(line) });

  test('0 when the worker answers, 1 when not, 0 with a note when metrics are off', async () => {
    await expect(run({ WORKER_METRICS_PORT: String(await serve({ body: WORKER_METRICS })) })).resolves.toBe(0);
    await expect(run({ WORKER_METRICS_PORT: String(await freePort()) })).resolves.toBe(1);
    await expect(run({})).resolves.toBe(0);
    expect(lines.at(-1)).toMatch(/WORKER_METRICS_PORT is unset/);
  });

  test('1 with the configuration error when the environment is invalid', async () => {
    await expect(run({ WORKER_METRICS_PORT: 'not-a-port' })).resolves.toBe(1);
    expect(lines.at(-1)).toMatch(/WORKER_METRICS_PORT/);
  });
});

describe('the compiled lib/healthcheck.js, as the Docker HEALTHCHECK runs it', () => {
  let outDir: string;
  // A directory without a .env, as in the image (.dockerignore keeps .env out).
  const cwd = mkdtempSync(join(tmpdir(), 'healthcheck-'));
  beforeAll(() => {
    outDir = compiledPackage();
  }, 300_000);

  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [join(outDir, 'healthcheck.js')],
        { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, output: `${stdout}${stderr}` }),
      );
    });

  test('exits 0 when the metrics port answers with worker metrics', async () => {
    const port = await serve({ body: WORKER_METRICS });
    await expect(run({ WORKER_METRICS_PORT: String(port) })).resolves.toEqual({
      code: 0,
      output: `http://127.0.0.1:${port}/metrics answers with worker metrics\n`,
    });
  });

  test('exits 1 when nothing answers on the metrics port', async () => {
    const port = await freePort();
    const result = await run({ WORKER_METRICS_PORT: String(port) });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/did not answer/);
  });
});
