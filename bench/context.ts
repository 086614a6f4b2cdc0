/** What every scenario gets from bench/main.ts, and what it hands back. */
import type { Client } from '@temporalio/client';
import type { Cell } from './table';
import type { TargetCheck } from './report';

/** Run-wide settings and shared services. */
export interface BenchContext {
  /** Smaller N and shorter windows, one run: a smoke test of the benchmark itself. */
  readonly quick: boolean;
  /** Runs of each scenario; the targets are checked against the worst. */
  readonly runs: number;
  /** The burst also runs the peers (`@discordjs/rest`, a seed-guide-style sender): about 4 more minutes a run. */
  readonly peers: boolean;
  /** Logs of every child process of this run. */
  readonly logDir: string;
  /** The dev server started for the run, with default settings. */
  readonly devServer: { readonly address: string; readonly pid: number };
  readonly client: Client;
  /** Writes a progress line to stdout. */
  log(line: string): void;
}

/** A scenario's outcome: its table (printed and kept for the doc) and its raw data for the JSON file. */
export interface ScenarioResult {
  readonly name: string;
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly Cell[][];
  /** Further tables (diagnostics), printed after the main one. */
  readonly extraTables?: readonly { title: string; headers: readonly string[]; rows: readonly Cell[][] }[];
  readonly targets: readonly TargetCheck[];
  readonly data: unknown;
  /** When the scenario finished (ISO time); partial runs merge into bench/results/latest.json. */
  readonly ranAt?: string;
  /** System load (1-minute average) at the start and end of the scenario. */
  readonly load: { start: number; end: number };
}
