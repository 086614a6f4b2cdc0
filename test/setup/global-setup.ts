import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { DevServerStartError, freePort, startDevServer, type DevServer } from '../../src/dev/dev-server';
import { checkOptionalTools } from './optional-tools';

declare global {
  // Shared between global set-up and tear-down, which run in the same process.
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
}

/**
 * The shared dev server, on free ports. Once, in CI, the server panicked while building its frontend service, just
 * after the main suite's processes had ended; the likely cause is a port that was free when picked and taken before
 * the server bound it (the server also picks some ports itself). A server that exits during start-up is therefore
 * started again on new ports, twice at most, with the start of its output on stderr. One Go scheduler thread: the
 * server shares 2 cores with six Jest workers; five workflow suites, three runs each, cost it 11.3 CPU-seconds with
 * one thread and 13.3 with two (scheduler spinning, parallel GC). In whole runs the difference is within their noise.
 */
async function startSharedServer(attempt = 1): Promise<DevServer> {
  try {
    return await startDevServer({ uiPort: await freePort(), startTimeoutMs: 120_000, env: { GOMAXPROCS: '1' } });
  } catch (error) {
    if (!(error instanceof DevServerStartError && error.exited) || attempt === 3) throw error;
    process.stderr.write(`\nThe dev server exited during start-up (attempt ${attempt}), starting it on new ports:\n`);
    process.stderr.write(`${error.output.split('\n').slice(0, 5).join('\n')}\n`);
    return startSharedServer(attempt + 1);
  }
}

/** Starts ONE Temporal dev server (with its Web UI for the browser tests) for the whole test run. */
export default async function globalSetup(): Promise<void> {
  // Chromium and Python first: where one is required but missing, fail before anything starts. Where one is merely
  // missing, its suites skip, and this is the one line that says so.
  for (const line of checkOptionalTools()) process.stderr.write(`\n${line}\n`);
  const dir = join(__dirname, '..', '..', 'reports');
  mkdirSync(dir, { recursive: true });
  // Bundling takes seconds; do it once, while the server starts.
  const bundling = bundleWorkflowCode({
    workflowsPath: require.resolve('../../src/workflows'),
    logger: new DefaultLogger('WARN'),
  }).then(({ code }) => writeFileSync(join(dir, 'workflow-bundle.js'), code));
  bundling.catch(() => undefined); // awaited below; avoids an unhandled rejection while the server starts
  const server = await startSharedServer();
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  try {
    await bundling;
  } catch (error) {
    await server.stop();
    throw error;
  }
  // Test workers are spawned after this and inherit these variables.
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.TEMPORAL_TEST_UI_URL = server.uiUrl;
  process.env.TEMPORAL_TEST_SERVER_PID = String(server.pid);
  writeFileSync(join(dir, 'dev-server.json'), JSON.stringify({ address: server.address, uiUrl: server.uiUrl }));
}
