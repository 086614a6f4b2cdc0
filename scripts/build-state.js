#!/usr/bin/env node
// Whether lib/ is up to date with the sources, so the run scripts and the CLI build only when something changed.
//   node scripts/build-state.js mark     after a build: lib/ now matches the sources (the last step of npm run build)
//   node scripts/build-state.js ensure   build first if a source is newer than the last build, else nothing
// In an installed package there is no src/: nothing is ever rebuilt there.
'use strict';
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..');
const STAMP = join(ROOT, 'lib', '.build-stamp');
/** What `npm run build` reads: a change to any of them makes lib/ stale. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'scripts/copy-assets.js', 'scripts/bundle-workflows.js'];

/** The newest file under `path` (a file or a directory), as [mtimeMs, path]. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [stat.mtimeMs, path];
  let best = [0, path];
  for (const entry of readdirSync(path)) {
    const found = newest(join(path, entry));
    if (found[0] > best[0]) best = found;
  }
  return best;
}

/** When the newest file the build reads was last changed (ms), e.g. to tell whether another build of it is stale. */
function newestInputMs(root = ROOT) {
  const paths = INPUTS.map((input) => join(root, input)).filter((path) => existsSync(path));
  return Math.max(0, ...paths.map((path) => newest(path)[0]));
}

/**
 * Why lib/ must be rebuilt, or undefined when it need not (or cannot: no src/ in an installed package).
 * @returns e.g. `src/messages/hot-lead.ts changed since the last build`
 */
function staleReason(root = ROOT) {
  if (!existsSync(join(root, 'src'))) return undefined;
  const stamp = join(root, 'lib', '.build-stamp');
  if (!existsSync(stamp)) return 'lib/ has not been built';
  const builtAt = statSync(stamp).mtimeMs;
  for (const input of INPUTS) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    const [mtimeMs, file] = newest(path);
    if (mtimeMs > builtAt) return `${file.slice(root.length + 1)} changed since the last build`;
  }
  return undefined;
}

/** Records that lib/ matches the sources as of now. */
function markBuilt() {
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/**
 * Builds (`npm run build`, output to stderr) when lib/ is stale.
 * @returns 0 when lib/ is up to date afterwards, else the build's exit code
 */
function ensureBuilt() {
  const reason = staleReason();
  if (!reason) return 0;
  process.stderr.write(`${reason}: building (npm run build) ...\n`);
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
    : spawnSync('npm', ['run', 'build', '--silent'], {
        cwd: ROOT,
        stdio: ['ignore', 2, 2],
        shell: process.platform === 'win32',
      });
  if (build.status !== 0) process.stderr.write('The build failed; fix the errors above and run the command again.\n');
  return build.status ?? 1;
}

module.exports = { staleReason, newestInputMs, markBuilt, ensureBuilt };

if (require.main === module) {
  const command = process.argv[2];
  if (command === 'mark') markBuilt();
  else if (command === 'ensure') process.exitCode = ensureBuilt();
  else {
    console.error('Usage: node scripts/build-state.js mark|ensure');
    process.exitCode = 2;
  }
}
