/**
 * Re-renders bench/results/latest.json (or the file given) into docs/benchmarks.md and the README's "## Benchmarks"
 * table, as `npm run bench` does after a full run: `node lib-bench/bench/readme-tables.js [results.json]`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './bench-docs';
import { writeBenchDocs } from './write-bench-docs';
import { PROJECT_ROOT } from './project';

const file = process.argv[2] ?? join(PROJECT_ROOT, 'bench', 'results', 'latest.json');
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
writeBenchDocs(results, PROJECT_ROOT).then(
  (written) => written.forEach((file) => console.log(`wrote ${file}`)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
