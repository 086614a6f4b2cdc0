// The tests mirror src/: the test of a module sits at test/<its path in src>.test.ts, so finding it takes no search.
// A module test is one whose name is a src file's name (`pacing.test.ts`, `builder.property.test.ts`); suites about
// more than one module (end-to-end, faults, crash, browser, docs ...) have names of their own. See test/README.md.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : filesUnder(path, keep);
    return keep(entry.name) ? [relative(ROOT, path)] : [];
  });
}

/** Where each test of a module should be: `test/x/y.test.ts` for the module `src/x/y.ts`. */
export function misplacedModuleTests(srcFiles: readonly string[], testFiles: readonly string[]): string[] {
  const modules = new Map<string, string[]>();
  for (const file of srcFiles) {
    const name = file.split('/').at(-1)!.replace(/\.ts$/, '');
    modules.set(name, [...(modules.get(name) ?? []), file.replace(/^src\//, '').replace(/\.ts$/, '')]);
  }
  return testFiles.flatMap((file) => {
    const match = /^test\/(.+?)(\.property)?\.test\.ts$/.exec(file);
    if (!match) return [];
    const name = match[1]!.split('/').at(-1)!;
    const paths = modules.get(name);
    if (!paths || paths.includes(match[1]!)) return [];
    return [
      `${file} tests a module of that name: move it to ${paths.map((p) => `test/${p}${match[2] ?? ''}.test.ts`).join(' or ')}`,
    ];
  });
}

test('every module test sits at the path of its module', () => {
  const src = filesUnder(join(ROOT, 'src'), (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
  const tests = filesUnder(join(ROOT, 'test'), (name) => name.endsWith('.test.ts'));
  expect(src.length).toBeGreaterThan(50);
  expect(tests.length).toBeGreaterThan(50);
  expect(misplacedModuleTests(src, tests)).toEqual([]);
});

test('the check finds a module test away from its module, and leaves suites of their own name alone', () => {
  const src = ['src/discord/pacing.ts', 'src/workflows/outbox.ts', 'src/activities/outbox.ts'];
  expect(
    misplacedModuleTests(src, [
      'test/discord/pacing.test.ts',
      'test/workflows/outbox.test.ts',
      'test/unit/discord/pacing.property.test.ts',
      'test/misc/outbox.test.ts',
      'test/e2e/worker-and-emulator.test.ts',
    ]),
  ).toEqual([
    'test/unit/discord/pacing.property.test.ts tests a module of that name: move it to test/discord/pacing.property.test.ts',
    'test/misc/outbox.test.ts tests a module of that name: move it to test/workflows/outbox.test.ts or ' +
      'test/activities/outbox.test.ts',
  ]);
});
