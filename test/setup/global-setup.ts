import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startDevServer, type DevServer } from '../../src/dev/dev-server';

declare global {
  // Shared between global set-up and tear-down, which run in the same process.
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
}

/** Starts ONE Temporal dev server (with its Web UI for the browser tests) for the whole test run. */
export default async function globalSetup(): Promise<void> {
  const server = await startDevServer({ uiPort: await freePort(), startTimeoutMs: 120_000 });
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  // Test workers are spawned after this and inherit these variables.
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.TEMPORAL_TEST_UI_URL = server.uiUrl;
  process.env.TEMPORAL_TEST_SERVER_PID = String(server.pid);
  const dir = join(__dirname, '..', '..', 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dev-server.json'), JSON.stringify({ address: server.address, uiUrl: server.uiUrl }));
}
