/** The machine and software a benchmark ran on, recorded next to its numbers. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadTemporalCli, PROJECT_ROOT } from './project';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  temporalCli: string;
  packages: Record<string, string>;
  date: string;
  /** 1/5/15-minute load averages when the run started (other engineers share this machine). */
  loadAtStart: number[];
}

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'not installed';
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const cli = await loadTemporalCli();
  let temporalCli: string;
  try {
    temporalCli = cli.cliVersion(cli.requireTemporalCli());
  } catch (error) {
    temporalCli = `unknown (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    temporalCli,
    packages: Object.fromEntries(
      ['@temporalio/client', '@temporalio/worker', 'undici', 'discord.js', '@discordjs/rest'].map((name) => [
        name,
        packageVersion(name),
      ]),
    ),
    date: new Date().toISOString(),
    loadAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
