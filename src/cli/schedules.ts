// `npx discord-notify schedules <subcommand>`: apply the report and system-health schedules, list, trigger, pause,
// unpause, delete.
import { parseArgs } from 'node:util';
import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import type { ClientConfig } from '../config';
import { CATCHUP_WINDOW_MS } from '../vocabulary';
import { SCHEDULE_IDS, applySchedules, desiredSchedules, scheduleSourceWarnings } from '../schedules';
import { scheduleUrl } from './connect';
import { CliError, ExitCode } from './errors';
import { describeApplyResult, describeDuration, describeRunTime, describeSpec } from './schedule-format';

const EXIT_CODES = `Exit codes: 0 done, 1 Temporal refused the request, 2 usage, 3 Temporal unreachable, 4 no such schedule.`;

export const SCHEDULES_HELP = `Usage: npx discord-notify schedules <subcommand> [options]

Subcommands:
  apply [--dry-run] [--id-prefix <prefix>]   create or update the schedules (${SCHEDULE_IDS.join(', ')})
  list                                       every schedule of the namespace: id, when, next run, paused
  trigger <scheduleId>                       start one run now
  pause <scheduleId> [--note <text>]         take no scheduled actions until unpaused
  unpause <scheduleId> [--note <text>]       take scheduled actions again
  delete <scheduleId>                        delete the schedule (runs it started stay in history)

Every subcommand accepts --help. ${EXIT_CODES}`;

const SUBCOMMAND_HELP = {
  apply: `Usage: npx discord-notify schedules apply [--dry-run] [--id-prefix <prefix>]

Creates or updates ${SCHEDULE_IDS.join(', ')}: the reports every day at DAILY_REPORT_TIME (09:00) and
RETARGETING_REPORT_TIME (09:30), and every WEEKLY_REPORT_DAY (monday) at WEEKLY_REPORT_TIME (09:00), in
REPORT_TIMEZONE (UTC), starting dailyPerformanceReport / retargetingReport / weeklyPerformanceReport with input {}
on TEMPORAL_TASK_QUEUE, catch-up window ${describeDuration(CATCHUP_WINDOW_MS)} (a run missed during an outage still starts within the
hour, never later); systemHealthCheck every HEALTH_CHECK_INTERVAL (5m), catch-up window one interval. Overlap
policy SKIP. Idempotent: prints created, updated (with what changed) or unchanged per schedule. A paused schedule
stays paused. Warns first (on stderr) about a report whose METRICS_SOURCE or AUDIENCES_SOURCE is unset outside the
local demo: its runs would fail.

Options:
      --dry-run             print what it would do; change nothing
      --id-prefix <prefix>  prefix the schedule ids, e.g. staging- (two deployments in one namespace)
  -h, --help                this help

${EXIT_CODES}`,
  list: `Usage: npx discord-notify schedules list

Lists every schedule of TEMPORAL_NAMESPACE: id, workflow, when (in words, with its time zone), next run, paused.

${EXIT_CODES}`,
  trigger: `Usage: npx discord-notify schedules trigger <scheduleId>

Starts one run now, as if its time had come (even while paused).

${EXIT_CODES}`,
  pause: `Usage: npx discord-notify schedules pause <scheduleId> [--note <text>]

Pauses the schedule: no scheduled runs until \`schedules unpause\`. --note says why (shown in the Web UI).

${EXIT_CODES}`,
  unpause: `Usage: npx discord-notify schedules unpause <scheduleId> [--note <text>]

Resumes a paused schedule and prints its next run.

${EXIT_CODES}`,
  delete: `Usage: npx discord-notify schedules delete <scheduleId>

Deletes the schedule. Runs it already started stay in the workflow history; \`schedules apply\` recreates the
project's schedules.

${EXIT_CODES}`,
} as const;
type Subcommand = keyof typeof SUBCOMMAND_HELP;

export type SchedulesArgs =
  | { sub: 'apply'; dryRun: boolean; idPrefix: string }
  | { sub: 'list' }
  | { sub: 'trigger' | 'delete'; scheduleId: string }
  | { sub: 'pause' | 'unpause'; scheduleId: string; note: string | undefined };

/** Parses `schedules …` arguments; returns the help text to print for --help. */
export function parseSchedulesArgs(argv: string[]): SchedulesArgs | { help: string } {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') return { help: SCHEDULES_HELP };
  if (!(sub in SUBCOMMAND_HELP)) {
    throw new CliError(`schedules: unknown subcommand "${sub}"\n\n${SCHEDULES_HELP}`, ExitCode.Usage);
  }
  const name = sub as Subcommand;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      ...(name === 'apply' && {
        'dry-run': { type: 'boolean', default: false },
        'id-prefix': { type: 'string', default: '' },
      }),
      ...((name === 'pause' || name === 'unpause') && { note: { type: 'string' } }),
    },
  });
  if (values.help) return { help: SUBCOMMAND_HELP[name] };
  const usage = (problem: string) =>
    new CliError(`schedules ${name}: ${problem}\n\n${SUBCOMMAND_HELP[name]}`, ExitCode.Usage);
  if (name === 'apply' || name === 'list') {
    if (positionals.length > 0) throw usage(`unexpected argument "${positionals[0]}"`);
    if (name === 'list') return { sub: name };
    const idPrefix = String(values['id-prefix']);
    if (!/^[A-Za-z0-9._-]*$/.test(idPrefix)) throw usage('--id-prefix may hold only letters, digits, ".", "_" and "-"');
    return { sub: name, dryRun: values['dry-run'] === true, idPrefix };
  }
  const [scheduleId, ...extra] = positionals;
  if (!scheduleId) throw usage('missing <scheduleId>');
  if (extra.length > 0) throw usage(`unexpected argument "${extra[0]}"`);
  if (name === 'pause' || name === 'unpause') {
    return { sub: name, scheduleId, note: typeof values.note === 'string' ? values.note : undefined };
  }
  return { sub: name, scheduleId };
}

function notFound(config: ClientConfig, scheduleId: string): CliError {
  return new CliError(
    `schedule "${scheduleId}" does not exist in namespace ${config.temporal.namespace}; ` +
      '`npx discord-notify schedules list` shows the ones that do',
    ExitCode.NotFound,
  );
}

/** Runs `fn`, turning "no such schedule" into exit code 4 with a message naming it. */
async function onSchedule<T>(config: ClientConfig, scheduleId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw notFound(config, scheduleId);
    throw error;
  }
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
}

async function list(config: ClientConfig, client: Client, out: (line: string) => void): Promise<void> {
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) ids.push(summary.scheduleId);
  const described: ScheduleDescription[] = [];
  // The list is eventually consistent; describe each one for its current state and next run.
  for (const id of ids.sort()) {
    try {
      described.push(await client.schedule.getHandle(id).describe());
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error; // deleted meanwhile
    }
  }
  if (described.length === 0) {
    out(
      `No schedules in namespace ${config.temporal.namespace}. Create the report and system-health schedules with: npx discord-notify schedules apply`,
    );
    return;
  }
  const rows = described.map((schedule) => {
    const next = schedule.info.nextActionTimes[0];
    return [
      schedule.scheduleId,
      schedule.action.workflowType,
      describeSpec(schedule.spec),
      schedule.state.paused ? '-' : next ? describeRunTime(next, schedule.spec.timezone) : 'none',
      schedule.state.paused ? `yes${schedule.state.note ? ` (${schedule.state.note})` : ''}` : 'no',
    ];
  });
  for (const line of table([['ID', 'WORKFLOW', 'WHEN', 'NEXT RUN', 'PAUSED'], ...rows])) out(line);
}

/** Runs one `schedules` subcommand against a connected client. */
export async function schedulesCommand(
  args: SchedulesArgs,
  config: ClientConfig,
  client: Client,
  out: (line: string) => void,
  warn: (line: string) => void = out,
) {
  switch (args.sub) {
    case 'apply': {
      for (const line of scheduleSourceWarnings(config, { idPrefix: args.idPrefix })) warn(line);
      const desired = desiredSchedules(config, { idPrefix: args.idPrefix });
      const results = await applySchedules(client, desired, { dryRun: args.dryRun });
      for (const result of results) for (const line of describeApplyResult(result, args.dryRun)) out(line);
      if (args.dryRun) out('Dry run: nothing was changed.');
      return;
    }
    case 'list':
      return list(config, client, out);
    case 'trigger':
      await onSchedule(config, args.scheduleId, () => client.schedule.getHandle(args.scheduleId).trigger());
      out(`Triggered ${args.scheduleId}: one run starts now. Runs: ${scheduleUrl(config, args.scheduleId)}`);
      return;
    case 'pause':
      await onSchedule(config, args.scheduleId, () =>
        client.schedule
          .getHandle(args.scheduleId)
          .pause(args.note ?? 'Paused with `npx discord-notify schedules pause`'),
      );
      out(`Paused ${args.scheduleId}. Resume with: npx discord-notify schedules unpause ${args.scheduleId}`);
      return;
    case 'unpause': {
      const handle = client.schedule.getHandle(args.scheduleId);
      const schedule = await onSchedule(config, args.scheduleId, async () => {
        await handle.unpause(args.note ?? 'Unpaused with `npx discord-notify schedules unpause`');
        return handle.describe();
      });
      const next = schedule.info.nextActionTimes[0];
      out(`Unpaused ${args.scheduleId}; next run ${next ? describeRunTime(next, schedule.spec.timezone) : 'none'}`);
      return;
    }
    case 'delete':
      await onSchedule(config, args.scheduleId, () => client.schedule.getHandle(args.scheduleId).delete());
      out(`Deleted ${args.scheduleId}. Runs it started stay in the workflow history.`);
      return;
  }
}
