// How the test run finds Chromium and Python, and what it does without them: skip with one line each outside CI,
// fail in CI or when required, always fail when CHROMIUM_PATH / PYTHON name something unusable.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOptionalTools, findChromium, findPython } from '../setup/optional-tools';

function binDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tools-'));
  for (const [name, script] of Object.entries(files)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

const empty = () => binDir({});
const goodPython = () => binDir({ python3: 'echo 3.12' });

describe('findChromium', () => {
  test('CHROMIUM_PATH wins over PATH', () => {
    const pathDir = binDir({ chromium: 'exit 0' });
    const own = join(binDir({ 'my-chrome': 'exit 0' }), 'my-chrome');
    expect(findChromium({ PATH: pathDir, CHROMIUM_PATH: own })).toEqual({ path: own });
  });

  test.each(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'])(
    'finds %s on PATH',
    (name) => {
      const dir = binDir({ [name]: 'exit 0' });
      expect(findChromium({ PATH: `${empty()}:${dir}` })).toEqual({ path: join(dir, name) });
    },
  );

  test('a CHROMIUM_PATH that is not executable is an error, not a skip', () => {
    expect(findChromium({ PATH: '', CHROMIUM_PATH: '/nowhere/chromium' })).toEqual({
      invalid: 'CHROMIUM_PATH=/nowhere/chromium is not an executable file',
    });
  });

  test('nothing found says where it looked', () => {
    expect(findChromium({ PATH: empty() })).toEqual({
      missing:
        'no Chromium found (CHROMIUM_PATH is unset and none of chromium, chromium-browser, google-chrome, google-chrome-stable, chrome is on PATH)',
    });
  });
});

describe('findPython', () => {
  test('python3 on PATH that has venv and ensurepip', () => {
    const dir = goodPython();
    expect(findPython({ PATH: dir })).toEqual({ path: join(dir, 'python3'), version: '3.12' });
  });

  test('a Python without the venv module names the package to install', () => {
    const dir = binDir({ python3: `echo "ModuleNotFoundError: No module named 'ensurepip'" >&2; exit 1` });
    expect(findPython({ PATH: dir })).toEqual({
      missing: `${join(dir, 'python3')} has no venv/ensurepip module (Debian/Ubuntu: \`sudo apt-get install python3-venv\`)`,
    });
  });

  test('a Python older than 3.9 is refused with its version', () => {
    const dir = binDir({ python3: 'echo 3.8; exit 1' });
    expect(findPython({ PATH: dir })).toEqual({
      missing: `${join(dir, 'python3')} is Python 3.8; the example needs 3.9 or newer`,
    });
  });

  test('PYTHON naming something unusable is an error', () => {
    expect(findPython({ PATH: '', PYTHON: '/nowhere/python3' })).toMatchObject({
      invalid: expect.stringMatching(/^PYTHON=\/nowhere\/python3: \/nowhere\/python3 cannot run/) as unknown,
    });
  });
});

describe('checkOptionalTools', () => {
  test('outside CI, each missing tool is ONE line saying what is skipped and how to get it', () => {
    const lines = checkOptionalTools({ PATH: empty() });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^⚠ SKIPPED the 5 browser test suites \(test\/browser\): no Chromium found .*apt-get install chromium.*CHROMIUM_PATH.*CI=true or REQUIRE_BROWSER=1/,
    );
    expect(lines[1]).toMatch(
      /^⚠ SKIPPED the Python pipeline example test .*: no Python found .*python3-venv.*REQUIRE_PYTHON=1/,
    );
    for (const line of lines) expect(line).not.toContain('\n');
  });

  test('nothing to say when both are there', () => {
    const dir = binDir({ chromium: 'exit 0', python3: 'echo 3.11' });
    expect(checkOptionalTools({ PATH: dir })).toEqual([]);
  });

  test.each([
    [{ CI: 'true' }, /Chromium is required here.*\nPython is required here/],
    [{ REQUIRE_BROWSER: '1' }, /^Chromium is required here \(CI or REQUIRE_BROWSER\) but no Chromium found[^\n]*$/],
  ])('%j: a missing tool fails the run', (env, message) => {
    const pathDir = 'CI' in env ? empty() : goodPython();
    expect(() => checkOptionalTools({ PATH: pathDir, ...env })).toThrow(message);
  });
});
