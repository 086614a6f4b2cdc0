/**
 * Compiles the project (or some entry files) with tsc into a private directory under reports/, so these tests run
 * the same JavaScript the Docker image runs (`node lib/...`) without racing anyone else's `npm run build` on lib/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './deploy-files';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * Emits `src/` as `tsc -p tsconfig.build.json` does, into reports/deploy-build/<name>/lib (inside the repository,
 * so `node_modules` resolves). With `entries`, compiles only those files and what they import.
 * Type errors elsewhere in the tree do not stop the emit (tsc's default); a missing output file does.
 * @returns the output directory (the equivalent of lib/)
 */
export function compileProject(name: string, expected: string, entries?: string[]): string {
  const outDir = join(ROOT, 'reports', 'deploy-build', name, 'lib');
  rmSync(outDir, { recursive: true, force: true });
  const args = entries
    ? [
        ...['--outDir', outDir, '--rootDir', join(ROOT, 'src'), '--target', 'ES2022', '--module', 'commonjs'],
        ...['--moduleResolution', 'node', '--esModuleInterop', '--skipLibCheck', '--strict', '--types', 'node'],
        ...entries.map((entry) => join(ROOT, entry)),
      ]
    : ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir, '--declaration', 'false', '--sourceMap', 'false'];
  const result = spawnSync(process.execPath, [TSC, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  const output = join(outDir, expected);
  if (!existsSync(output)) {
    throw new Error(`tsc did not emit ${expected} (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return outDir;
}
