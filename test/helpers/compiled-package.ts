// The package's JavaScript as `npm run build` makes it, for the tests that run compiled code (`npm start`,
// `node lib/worker.js`, a host project requiring lib/): copied from lib/ or built, once per change of the sources, and
// shared by every test file and Jest worker.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, shared with the run scripts
const { staleReason, newestInputMs } = require('../../scripts/build-state.js') as {
  staleReason(root?: string): string | undefined;
  newestInputMs(root?: string): number;
};

const ROOT = join(__dirname, '..', '..');
/** A package folder of its own (not lib/), so no one's `npm run build` races the tests' build. */
export const PACKAGE_DIR = join(ROOT, 'reports', 'test-package');
/** The package's compiled code: what lib/ holds after `npm run build`. */
export const PACKAGE_LIB = join(PACKAGE_DIR, 'lib');
const STAMP = join(PACKAGE_DIR, 'built-at');
const LOCK = join(ROOT, 'reports', 'test-package.lock');
/** Built after the last change of anything the build reads (scripts/build-state.js lists it). */
const upToDate = (): boolean => existsSync(STAMP) && statSync(STAMP).mtimeMs > newestInputMs();

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs node with `args` in the repository; throws with the output when `expected` was not written. */
function node(args: string[], expected: string): void {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (!existsSync(expected))
    throw new Error(`${expected} was not written (exit ${result.status}):\n${result.stdout}${result.stderr}`);
}

/**
 * lib/ copied, when `npm run build` made it from the current sources (as `npm install` does in a fresh clone): the
 * same JavaScript, without compiling and bundling it again (about 12 CPU-seconds). False when lib/ is stale or the
 * stamp `npm run build` leaves in it changed during the copy (a build that finished meanwhile).
 */
function copyBuiltLib(): boolean {
  if (staleReason() !== undefined) return false;
  const stampMs = () => statSync(join(ROOT, 'lib', '.build-stamp')).mtimeMs;
  const before = stampMs();
  cpSync(join(ROOT, 'lib'), PACKAGE_LIB, { recursive: true });
  return stampMs() === before;
}

/** The package into PACKAGE_DIR: lib/ copied when it is current, else compiled; then stamped. */
function build(): void {
  const startedAt = new Date();
  // Built over the previous build, not after deleting it: a worker another test file runs from it keeps its files.
  mkdirSync(PACKAGE_DIR, { recursive: true });
  if (!copyBuiltLib()) compile();
  // What lib/ finds beside it in a checkout: the CLI locator (src/dev/temporal-cli.ts) and package.json.
  for (const name of ['scripts', 'package.json']) {
    rmSync(join(PACKAGE_DIR, name), { force: true });
    symlinkSync(join(ROOT, name), join(PACKAGE_DIR, name));
  }
  // Stamped with the time the build started: a source saved while it ran makes the next call build again.
  writeFileSync(STAMP, startedAt.toISOString());
  utimesSync(STAMP, startedAt, startedAt);
}

/** `npm run build`'s three steps (tsc, the preview's browser files, the workflow bundle) into PACKAGE_LIB. */
function compile(): void {
  // The JavaScript `npm run build` emits, without its type check and .d.ts files (`npm run lint` checks the types; the
  // tests run code, not types): 40 % of tsc's CPU time. Type errors elsewhere (someone mid-edit) never stop the emit;
  // a missing file does.
  const tsc = [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')];
  node([...tsc, '--outDir', PACKAGE_LIB, '--noCheck', '--declaration', 'false'], join(PACKAGE_LIB, 'start.js'));
  cpSync(join(ROOT, 'src', 'emulator', 'preview', 'client'), join(PACKAGE_LIB, 'emulator', 'preview', 'client'), {
    recursive: true,
  });
  const bundle = join(PACKAGE_LIB, 'workflow-bundle.js');
  const bundler = `require('@temporalio/worker').bundleWorkflowCode({ workflowsPath: ${JSON.stringify(join(PACKAGE_LIB, 'workflows', 'index.js'))}, logger: new (require('@temporalio/worker').DefaultLogger)('WARN') }).then(({ code }) => require('node:fs').writeFileSync(${JSON.stringify(bundle)}, code))`;
  node(['-e', bundler], bundle);
}

/**
 * Builds the package once per change of its sources (tsc, assets and workflow bundle, as `npm run build`) and
 * returns its lib folder. Test files in parallel Jest workers share one build through a lock.
 */
export function compiledPackage(): string {
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else builds; a lock older than 5 minutes belongs to a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 300_000)
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${LOCK} held for 5 minutes`);
      sleepSync(500);
    }
  }
  try {
    if (!upToDate()) build();
    return PACKAGE_LIB;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
