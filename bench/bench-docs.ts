/**
 * Renders a results file (bench/results/latest.json) as markdown: the "Results" part of docs/benchmarks.md (every
 * table) and the "## Benchmarks" table of README.md (the targets), each between its `<!-- bench:… -->` markers.
 * Pure, so the tests check it; write-bench-docs.ts writes the files.
 */
import type { ScenarioResult } from './context';
import type { MachineInfo } from './machine';
import type { TargetCheck } from './report';
import { markdownTable } from './table';

/** What bench/main.ts writes to bench/results/latest.json. */
export interface BenchResults {
  machine: MachineInfo & { loadAtEnd: number[] };
  settings: { devServer?: string; runs?: number; peers?: boolean; durationS?: number };
  scenarios: Record<string, ScenarioResult>;
  summary: TargetCheck[];
}

/** The markers around the generated part of each file. */
export const DOC_MARKERS = {
  results: ['<!-- bench:results:start -->', '<!-- bench:results:end -->'],
  readme: ['<!-- bench:readme:start -->', '<!-- bench:readme:end -->'],
} as const;

const minutes = (s: number | undefined) => (s === undefined ? 'unknown' : `${(s / 60).toFixed(1)} min`);

/** One sentence: when, where, how loaded, how many runs, how long. */
export function measuredOn(results: BenchResults): string {
  const { machine, settings } = results;
  const runs = settings.runs ?? 1;
  return (
    `Measured ${machine.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpuModel}, ${machine.cores} cores, ` +
    `${machine.memoryGiB} GiB, Node ${machine.node}, temporal CLI ${machine.temporalCli}, ` +
    `${settings.devServer ?? 'temporal server start-dev, default settings'}; load average ` +
    `${machine.loadAtStart.join(' / ')} (1 / 5 / 15 min) at the start, ${machine.loadAtEnd.join(' / ')} at the end. ` +
    `${runs === 1 ? 'One run' : `Worst of ${runs} runs`} of each scenario; the whole run took ${minutes(settings.durationS)}.`
  );
}

/** The targets as a markdown table. */
export function targetsTable(targets: readonly TargetCheck[]): string {
  return markdownTable(
    ['scenario', 'target', 'measured', ''],
    targets.map((t) => [t.scenario, t.target, t.measured, t.pass]),
  );
}

/** Every scenario's tables and the targets: the generated part of docs/benchmarks.md. */
export function renderResults(results: BenchResults): string {
  const out: string[] = [measuredOn(results)];
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
  out.push('', '#### Targets', '', targetsTable(Object.values(results.scenarios).flatMap((s) => s.targets)));
  return out.join('\n');
}

/** The README's table: the targets, with where and how they were measured. */
export function renderReadme(results: BenchResults): string {
  const targets = Object.values(results.scenarios).flatMap((s) => s.targets);
  const missed = targets.filter((t) => !t.pass).length;
  return [
    measuredOn(results),
    '',
    targetsTable(targets),
    '',
    missed === 0 ? 'Every target met.' : `${missed} of ${targets.length} targets missed on this run.`,
  ].join('\n');
}

/**
 * Replaces what stands between `start` and `end` in `text` with `body` (markers kept). Throws, naming the marker,
 * when either is missing or they are out of order, so a hand-edited file is never silently left stale.
 */
export function replaceBetween(text: string, [start, end]: readonly [string, string], body: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0) throw new Error(`marker ${start} not found`);
  if (to < from) throw new Error(`marker ${end} not found after ${start}`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
