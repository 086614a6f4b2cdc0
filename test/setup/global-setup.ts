import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { freePort, startDevServer, type DevServer } from '../../src/dev/dev-server';
import { checkOptionalTools } from './optional-tools';

declare global {
  // Shared between global set-up and tear-down, which run in the same process.
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
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
  // One Go scheduler thread: the server shares 2 cores with four Jest workers, and with two threads it spent about
  // 15 % more CPU (scheduler spinning and parallel GC) for the same tests. Settings of the process, not of the server.
  const server = await startDevServer({ uiPort: await freePort(), startTimeoutMs: 120_000, env: { GOMAXPROCS: '1' } });
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
