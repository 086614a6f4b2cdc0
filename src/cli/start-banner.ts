// What `npm start` prints once everything runs: every URL and two ready-to-paste commands.
import type { Config } from '../config';
import type { ApplyResult } from '../schedules';
import { splitAddress } from './connect';
import { describeSpec } from './schedule-format';

/** The sample lead of the printed commands (the seed guide's example). */
export const HOT_LEAD_EXAMPLE = {
  lead: { firstName: 'Min-Ji', email: 'minjipark@salon.com', notionId: 'a1b2c3d4' },
  score: 92,
} as const;

const DEFAULT_ADDRESS_HOSTS = ['localhost', '127.0.0.1', '::1'];

/** True when a client that is told nothing (the temporal CLI's and the SDK's default, localhost:7233) finds it. */
export function isDefaultAddress(address: string): boolean {
  const { host, port } = splitAddress(address);
  return port === 7233 && DEFAULT_ADDRESS_HOSTS.includes(host);
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The temporal CLI as the user should type it: `temporal` when on PATH, else its full path. */
export interface TemporalCliWord {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'project' | 'sdk-cache';
}

/** `temporal workflow start …` and `npx discord-notify start …` lines that start the sample hot-lead alert. */
export function tryItCommands(config: Config, cli: TemporalCliWord | undefined): { temporal: string; npm: string } {
  const input = shellQuote(JSON.stringify(HOT_LEAD_EXAMPLE));
  const { address, namespace, taskQueue } = config.temporal;
  const temporal = [
    cli && cli.source !== 'PATH' ? shellQuote(cli.path) : 'temporal',
    'workflow start',
    `--task-queue ${shellQuote(taskQueue)}`,
    '--type hotLeadAlert',
    `--input ${input}`,
    ...(isDefaultAddress(address) ? [] : [`--address ${shellQuote(address)}`]),
    ...(namespace === 'default' ? [] : [`--namespace ${shellQuote(namespace)}`]),
    ...(config.temporal.tls ? ['--tls'] : []),
  ].join(' ');
  const env = [
    ...(isDefaultAddress(address) ? [] : [`TEMPORAL_ADDRESS=${shellQuote(address)}`]),
    ...(namespace === 'default' ? [] : [`TEMPORAL_NAMESPACE=${shellQuote(namespace)}`]),
    ...(taskQueue === 'marketing-notifications' ? [] : [`TEMPORAL_TASK_QUEUE=${shellQuote(taskQueue)}`]),
  ];
  const npm = [...env, 'npx discord-notify start hotLeadAlert', `--input ${input}`].join(' ');
  return { temporal, npm };
}

/** The webhook variables in use, by name only: their URLs hold tokens. */
export function webhookVariables(config: Config): string[] {
  return [
    ...(config.discord.defaultChannel ? ['DISCORD_WEBHOOK_URL'] : []),
    ...[...config.discord.channels.keys()].sort().map((name) => `DISCORD_WEBHOOK_URL_${name.toUpperCase()}`),
  ];
}

export interface BannerInput {
  /** The configuration the worker runs with. */
  config: Config;
  /** Set when `npm start` runs its own dev server. */
  devServer: { dbFile: string } | undefined;
  /** Base URL when the emulator runs. */
  emulatorUrl: string | undefined;
  /** The user's own webhook variables, when no emulator runs. */
  discordVariables: string[];
  schedules: ApplyResult[];
  cli: TemporalCliWord | undefined;
}

const row = (label: string, value: string) => `${label.padEnd(18)}${value}`;

/** Every URL, the worker, the schedules and two commands to try; never a webhook token. */
export function startBanner(input: BannerInput): string[] {
  const { config } = input;
  const commands = tryItCommands(config, input.cli);
  return [
    '',
    row(
      'Temporal server',
      `${config.temporal.address}${input.devServer ? ` (local dev server; data in ${input.devServer.dbFile})` : ' (already running)'}`,
    ),
    row('Temporal UI', config.temporal.uiUrl),
    ...(input.emulatorUrl
      ? [
          row(
            'Discord preview',
            `${input.emulatorUrl}/  (the Discord emulator: every message the worker sends shows here)`,
          ),
          row('Emulator webhooks', `${input.emulatorUrl}/api/v10/webhooks  (the worker's default channel posts here)`),
          row('Emulator API', `${input.emulatorUrl}/_emulator/messages`),
        ]
      : [row('Discord', `${input.discordVariables.join(', ')} (URLs not shown)`)]),
    row('Worker', `task queue ${config.temporal.taskQueue}, namespace ${config.temporal.namespace}`),
    ...input.schedules.map((result, index) =>
      row(index === 0 ? 'Schedules' : '', `${result.scheduleId} ${result.outcome} (${describeSpec(result.spec)})`),
    ),
    '',
    'Send a sample hot-lead alert with the temporal CLI or the project CLI:',
    `  ${commands.temporal}`,
    `  ${commands.npm}`,
    '',
    'Ready.',
    'Press Ctrl-C to stop (twice to force quit).',
  ];
}
