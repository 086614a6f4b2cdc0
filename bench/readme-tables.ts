/**
 * Prints bench/results/latest.json as markdown (machine, every scenario's tables, the target summary), so the numbers
 * in docs/benchmarks.md come from the committed results: `node lib-bench/bench/readme-tables.js`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from './context';
import type { MachineInfo } from './machine';
import { PROJECT_ROOT } from './project';
import type { TargetCheck } from './report';
import { markdownTable } from './table';

interface Results {
  machine: MachineInfo & { loadAtEnd: number[] };
  settings: { devServer?: string; devServerDynamicConfig?: Record<string, unknown> };
  scenarios: Record<string, ScenarioResult>;
  summary: TargetCheck[];
}

const file = process.argv[2] ?? join(PROJECT_ROOT, 'bench', 'results', 'latest.json');
const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
const { machine } = results;
const { devServer, devServerDynamicConfig } = results.settings;
const server =
  devServer ??
  `dev server with ${Object.entries(devServerDynamicConfig ?? {})
    .map(([key, value]) => `\`${key}=${String(value)}\``)
    .join(', ')}`;
const out: string[] = [
  `Measured ${machine.date.slice(0, 10)} on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ` +
    `Node ${machine.node}, temporal CLI ${machine.temporalCli} (${server}), load average ` +
    `${machine.loadAtStart.join(' / ')} (1 / 5 / 15 min) at the start.`,
];
for (const scenario of Object.values(results.scenarios)) {
  out.push('', `#### ${scenario.title}`, '', markdownTable(scenario.headers, scenario.rows));
  for (const extra of scenario.extraTables ?? []) {
    if (extra.rows.length > 0) out.push('', `${extra.title}:`, '', markdownTable(extra.headers, extra.rows));
  }
  const when = scenario.ranAt ? `Ran ${scenario.ranAt.slice(0, 16).replace('T', ' ')} UTC; l` : 'L';
  out.push(
    '',
    `${when}oad average ${scenario.load.start.toFixed(1)} → ${scenario.load.end.toFixed(1)} during the scenario.`,
  );
}
const targets = Object.values(results.scenarios).flatMap((scenario) => scenario.targets);
out.push(
  '',
  '#### Targets',
  '',
  markdownTable(
    ['scenario', 'target', 'measured', ''],
    targets.map((t) => [t.scenario, t.target, t.measured, t.pass]),
  ),
);
console.log(out.join('\n'));
