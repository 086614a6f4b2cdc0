// npm postinstall: provisions the temporal CLI for `npm start` and `npm test` (see scripts/temporal-cli.js), and
// Temporal's time-skipping test server for `npm test` (scripts/temporal-test-server.js).
// Skipped when this package is installed as a dependency of another project, or with TEMPORAL_CLI_SKIP_INSTALL=1.
'use strict';

const path = require('node:path');
const { ensureTemporalCli, cliVersion } = require('./temporal-cli');
const { ensureTestServer } = require('./temporal-test-server');

async function run() {
  if (process.env.TEMPORAL_CLI_SKIP_INSTALL === '1') return;
  if (path.resolve(__dirname, '..').split(path.sep).includes('node_modules')) return;
  const found = await ensureTemporalCli();
  console.log(`temporal CLI: ${found.path} (${found.source}, version ${cliVersion(found.path)})`);
  console.log(`Temporal test server: ${await ensureTestServer()}`);
}

run().catch((error) => {
  // npm install still succeeds: the library part works without the CLI. `npm start` and `npm test` repeat this message.
  console.warn(`\n⚠️  ${error instanceof Error ? error.message : String(error)}\n`);
});
