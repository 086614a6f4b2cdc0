/** Writes a results file's markdown into docs/benchmarks.md and README.md (see bench-docs.ts for what goes where). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { DOC_MARKERS, renderReadme, renderResults, replaceBetween, type BenchResults } from './bench-docs';

/**
 * Writes the results into docs/benchmarks.md and README.md, formatted by the project's Prettier settings (so
 * `npm run lint` passes on the regenerated files); returns the files written.
 */
export async function writeBenchDocs(results: BenchResults, root: string): Promise<string[]> {
  const files = [
    [join(root, 'docs', 'benchmarks.md'), DOC_MARKERS.results, renderResults(results)],
    [join(root, 'README.md'), DOC_MARKERS.readme, renderReadme(results)],
  ] as const;
  for (const [file, markers, body] of files) {
    const text = replaceBetween(readFileSync(file, 'utf8'), markers, body);
    writeFileSync(file, await format(text, { ...(await resolveConfig(file)), filepath: file }));
  }
  return files.map(([file]) => file);
}
