/**
 * `npm run bench [-- --only burst,hot-leads,outage,low-load] [--quick] [--runs N] [--peers]`: starts its own
 * Temporal dev server (default settings) and Discord emulators, runs each scenario `--runs` times (2 by default; the
 * targets are checked against the worst run), prints each table as it completes and a summary of targets, and writes
 * reports/bench-results.json. A run that is not `--quick` also writes bench/results/latest.json and regenerates
 * docs/benchmarks.md's results and the README's "## Benchmarks" table from it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type BenchContext, type ScenarioResult } from './context';
import type { BenchResults } from './bench-docs';
import { writeBenchDocs } from './write-bench-docs';
import { machineInfo } from './machine';
import { startBenchDevServer } from './dev-server';
import { PROJECT_ROOT, REPORTS_DIR } from './project';
import { burstScenario } from './scenarios/burst';
import { hotLeadsScenario } from './scenarios/hot-leads';
import { lowLoadScenario } from './scenarios/low-load';
import { outageScenario } from './scenarios/outage';
import { formatTable } from './table';

const SCENARIOS = {
  burst: burstScenario,
  'hot-leads': hotLeadsScenario,
  outage: outageScenario,
  'low-load': lowLoadScenario,
} as const;
type ScenarioName = keyof typeof SCENARIOS;

/** What the benchmarks' dev server runs with: nothing but the defaults, as the product needs. */
const DEV_SERVER = 'temporal server start-dev, in memory, default settings (no dynamic config)';

interface Options {
  only: ScenarioName[];
  quick: boolean;
  runs: number;
  peers: boolean;
}

const USAGE = `usage: npm run bench -- [--only ${Object.keys(SCENARIOS).join(',')}] [--quick] [--runs N] [--peers]`;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { only: Object.keys(SCENARIOS) as ScenarioName[], quick: false, runs: 0, peers: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--quick') options.quick = true;
    else if (flag === '--peers') options.peers = true;
    else if (flag === '--only') {
      const names = value()
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const unknown = names.filter((name) => !(name in SCENARIOS));
      if (unknown.length > 0 || names.length === 0)
        throw new Error(`--only: unknown scenario ${unknown.join(', ') || '(none)'}\n${USAGE}`);
      options.only = names as ScenarioName[];
    } else if (flag === '--runs') {
      options.runs = Number(value());
      if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > 10)
        throw new Error(`--runs must be 1-10\n${USAGE}`);
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (options.runs === 0) options.runs = options.quick ? 1 : 2;
  return options;
}

function printScenario(result: ScenarioResult): void {
  console.log(formatTable(result.title, result.headers, result.rows));
  for (const extra of result.extraTables ?? [])
    if (extra.rows.length > 0) console.log(formatTable(extra.title, extra.headers, extra.rows));
  console.log(
    `(load average ${result.load.start.toFixed(1)} → ${result.load.end.toFixed(1)} on ${process.env.BENCH_CORES ?? 'this'} machine)`,
  );
}

async function writeResults(
  options: Options,
  results: Omit<BenchResults, 'scenarios' | 'summary'> & { scenarios: Record<string, ScenarioResult> },
  scenarios: Record<string, ScenarioResult>,
): Promise<string[]> {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const written = [join(REPORTS_DIR, 'bench-results.json')];
  writeFileSync(written[0]!, `${JSON.stringify(results, null, 2)}\n`);
  if (!options.quick) {
    // Committed, so the README's numbers have a source; a partial run replaces only its own scenarios.
    const latest = join(PROJECT_ROOT, 'bench', 'results', 'latest.json');
    const previous = existsSync(latest)
      ? (JSON.parse(readFileSync(latest, 'utf8')) as { scenarios?: Record<string, ScenarioResult> })
      : {};
    mkdirSync(join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
    // Scenarios that no longer exist are dropped, in the order of SCENARIOS.
    const all: Record<string, ScenarioResult> = { ...previous.scenarios, ...scenarios };
    const merged = Object.fromEntries(
      Object.keys(SCENARIOS).flatMap((name) => (all[name] ? [[name, all[name]] as const] : [])),
    );
    const combined: BenchResults = {
      ...results,
      scenarios: merged,
      summary: Object.values(merged).flatMap((result) => result.targets),
    };
    writeFileSync(latest, `${JSON.stringify(combined, null, 2)}\n`);
    written.push(latest, ...(await writeBenchDocs(combined, PROJECT_ROOT)));
  }
  return written;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const options = parseOptions(process.argv.slice(2));
  const machine = await machineInfo();
  const logDir = join(REPORTS_DIR, 'bench-logs', machine.date.replace(/[:.]/g, '-'));
  mkdirSync(logDir, { recursive: true });
  console.log(
    `Benchmarks: ${options.only.join(', ')}${options.quick ? ' (quick)' : ''}${options.peers ? ' with peers' : ''}, ${options.runs} run(s) each`,
  );
  console.log(
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, temporal CLI ${machine.temporalCli}`,
  );
  console.log(`load average at start: ${machine.loadAtStart.join(' ')}; child logs in ${logDir}`);
  const devServer = await startBenchDevServer();
  const connection = await Connection.connect({ address: devServer.address });
  const context: BenchContext = {
    quick: options.quick,
    runs: options.runs,
    peers: options.peers,
    logDir,
    devServer: { address: devServer.address, pid: devServer.pid },
    client: new Client({ connection }),
    log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  };
  const scenarios: Record<string, ScenarioResult> = {};
  try {
    for (const name of options.only) {
      const result = { ...(await SCENARIOS[name](context)), ranAt: new Date().toISOString() };
      scenarios[name] = result;
      printScenario(result);
    }
  } finally {
    await connection.close();
    await devServer.stop();
  }
  const targets = Object.values(scenarios).flatMap((result) => result.targets);
  console.log(
    formatTable(
      'Summary: targets',
      ['scenario', 'target', 'measured', ''],
      targets.map((t) => [t.scenario, t.target, t.measured, t.pass]),
    ),
  );
  const results = {
    machine: { ...machine, loadAtEnd: loadavg().map((value) => Math.round(value * 100) / 100) },
    settings: {
      quick: options.quick,
      runs: options.runs,
      peers: options.peers,
      devServer: DEV_SERVER,
      durationS: Math.round((Date.now() - startedAt) / 1000),
    },
    scenarios,
    summary: targets,
  };
  for (const file of await writeResults(options, results, scenarios)) console.log(`wrote ${file}`);
  console.log(`bench took ${(results.settings.durationS / 60).toFixed(1)} min`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
