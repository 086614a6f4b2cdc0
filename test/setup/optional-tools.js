// The two tools the test suite uses that are not npm packages: Chromium (browser suites) and Python 3 with venv
// (the Python pipeline example). Found the same way by the jest global set-up (which prints one line per missing
// tool, or fails the run where the tool is required) and by the suites (which skip when it is missing).
// Plain CommonJS: the global set-up, the suites and .ci/run all load it.
'use strict';
const { accessSync, constants, readdirSync, statSync } = require('node:fs');
const { delimiter, join } = require('node:path');
const { spawnSync } = require('node:child_process');

/** The names a Chromium or Chrome binary goes by on PATH (Debian, Ubuntu, Fedora, Arch, Google's packages). */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const PYTHON_NAMES = ['python3', 'python'];

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` found executable in a directory of PATH. */
function onPath(names, env) {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** True when a missing tool must fail the run instead of skipping its suites: in CI, or when asked to. */
function toolRequired(env, variable) {
  return env.CI === 'true' || env.CI === '1' || env[variable] === '1' || env[variable] === 'true';
}

/**
 * Chromium for the browser suites: `CHROMIUM_PATH`, else the usual names on PATH.
 * @returns `{ path }`, `{ missing }` (nothing found: the suites skip unless required), or `{ invalid }` (CHROMIUM_PATH
 *   names no executable: always an error, the user asked for that binary)
 */
function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    return isExecutableFile(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH }
      : { invalid: `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file` };
  }
  const path = onPath(CHROMIUM_NAMES, env);
  return path
    ? { path }
    : { missing: `no Chromium found (CHROMIUM_PATH is unset and none of ${CHROMIUM_NAMES.join(', ')} is on PATH)` };
}

const CHROMIUM_HOW =
  'install it (Debian/Ubuntu: `sudo apt-get install chromium`; Fedora: `sudo dnf install chromium`; macOS: ' +
  '`brew install --cask chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary';

/**
 * Python 3.9+ with the venv module and pip's bootstrap (Debian ships them apart, in python3-venv): `PYTHON`, else
 * python3 or python on PATH.
 * @returns `{ path, version }`, `{ missing }`, or `{ invalid }` (PYTHON names something unusable)
 */
function findPython(env = process.env) {
  const path = env.PYTHON || onPath(PYTHON_NAMES, env);
  if (!path)
    return { missing: `no Python found (PYTHON is unset and neither ${PYTHON_NAMES.join(' nor ')} is on PATH)` };
  const probe = spawnSync(
    path,
    ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2]); sys.exit(sys.version_info < (3, 9))'],
    { encoding: 'utf8', timeout: 20_000, env },
  );
  const version = (probe.stdout ?? '').trim();
  let problem;
  if (probe.error) problem = `${path} cannot run (${probe.error.message})`;
  else if (/No module named '?(venv|ensurepip)/.test(probe.stderr ?? ''))
    problem = `${path} has no venv/ensurepip module (Debian/Ubuntu: \`sudo apt-get install python3-venv\`)`;
  else if (probe.status !== 0) problem = `${path} is Python ${version || '?'}; the example needs 3.9 or newer`;
  if (!problem) return { path, version };
  return env.PYTHON ? { invalid: `PYTHON=${env.PYTHON}: ${problem}` } : { missing: problem };
}

const PYTHON_HOW =
  'install Python 3.9+ with venv (Debian/Ubuntu: `sudo apt-get install python3 python3-venv`; macOS: ' +
  '`brew install python`) or set PYTHON to a python3 binary';

/** How many browser suites there are (test/browser/*.test.ts), for the line that says they were skipped. */
const browserSuites = () =>
  readdirSync(join(__dirname, '..', 'browser')).filter((name) => name.endsWith('.test.ts')).length;

/** The browser suites and the Python example: what each needs, and the line to print when it is missing. */
const OPTIONAL_TOOLS = [
  {
    tool: 'Chromium',
    suites: `the ${browserSuites()} browser test suites (test/browser)`,
    them: 'them',
    requiredBy: 'REQUIRE_BROWSER',
    find: findChromium,
    how: CHROMIUM_HOW,
  },
  {
    tool: 'Python',
    suites: 'the Python pipeline example test (test/examples/python-pipeline.test.ts)',
    them: 'it',
    requiredBy: 'REQUIRE_PYTHON',
    find: findPython,
    how: PYTHON_HOW,
  },
];

/**
 * Checks every optional tool once per test run.
 * @returns one loud line per tool whose suites will be skipped
 * @throws {Error} naming every tool that is missing where it is required (CI=true, REQUIRE_BROWSER=1,
 *   REQUIRE_PYTHON=1), or set to something unusable
 */
function checkOptionalTools(env = process.env) {
  const skipped = [];
  const errors = [];
  for (const { tool, suites, them, requiredBy, find, how } of OPTIONAL_TOOLS) {
    const found = find(env);
    if ('invalid' in found) errors.push(`${tool}: ${found.invalid}; ${how}.`);
    else if ('missing' in found) {
      if (toolRequired(env, requiredBy))
        errors.push(`${tool} is required here (CI or ${requiredBy}) but ${found.missing}; ${how}.`);
      else
        skipped.push(
          `⚠ SKIPPED ${suites}: ${found.missing}. To run ${them}, ${how}. (CI=true or ${requiredBy}=1 turn this into a failure.)`,
        );
    }
  }
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return skipped;
}

module.exports = { findChromium, findPython, toolRequired, checkOptionalTools, CHROMIUM_NAMES };
