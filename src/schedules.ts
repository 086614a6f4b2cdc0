// The report schedules: what `schedules apply` and `npm start` keep in place on the Temporal server.
import { isDeepStrictEqual } from 'node:util';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleOptions,
  type ScheduleSpecDescription,
} from '@temporalio/client';
// The SDK's own spec codec: what create() sends, decoded the way describe() decodes it. Exact-pinned SDK version.
import { decodeScheduleSpec, encodeScheduleSpec } from '@temporalio/client/lib/schedule-helpers';
import type { ClientConfig } from './config';
import type { WorkflowType } from './inputs/workflows';
import { CATCHUP_WINDOW_MS } from './vocabulary';

/** Memo on every schedule this project creates, so the Web UI and `temporal schedule describe` say who owns it. */
export const MANAGED_MEMO = {
  managedBy: 'temporal-discord-notifications',
  note: 'Managed by this project: `npx discord-notify schedules apply` (and `npm start`) creates and updates it.',
} as const;

/** The contract's report schedules: schedule id → workflow type, the time-of-day setting and the data source. */
export const REPORT_SCHEDULES = [
  {
    id: 'daily-performance-report',
    workflowType: 'dailyPerformanceReport',
    time: 'dailyReportTime',
    source: 'metrics',
  },
  { id: 'retargeting-report', workflowType: 'retargetingReport', time: 'retargetingReportTime', source: 'audiences' },
  {
    id: 'weekly-performance-report',
    workflowType: 'weeklyPerformanceReport',
    time: 'weeklyReportTime',
    day: 'weeklyReportDay',
    source: 'metrics',
  },
] as const satisfies readonly {
  id: string;
  workflowType: WorkflowType;
  time: 'dailyReportTime' | 'retargetingReportTime' | 'weeklyReportTime';
  /** A weekly schedule: the setting naming its day. */
  day?: 'weeklyReportDay';
  source: 'metrics' | 'audiences';
}[];

/**
 * What to warn about before applying the schedules: a report whose source is unset fails every run outside the
 * local demo (InvalidReportSource, nothing posted). Judged by this process's configuration; the worker's is what
 * counts, so this warns rather than refuses.
 */
export function scheduleSourceWarnings(config: ClientConfig, options: DesiredSchedulesOptions = {}): string[] {
  if (config.reports.localDemo) return [];
  return REPORT_SCHEDULES.flatMap(({ id, source }) => {
    const { variable, location } = config.reports[source];
    if (location !== undefined) return [];
    return [
      `warning: ${variable} is not set: ${options.idPrefix ?? ''}${id} will fail every run (InvalidReportSource) and ` +
        `post nothing, unless the worker's environment sets it. Sample data is used only in the local demo ` +
        `(every webhook on DISCORD_ALLOWED_HOSTS). See README "Report data".`,
    ];
  });
}

/** The system-health check's schedule: `systemHealthCheck` every HEALTH_CHECK_INTERVAL. */
export const HEALTH_SCHEDULE = { id: 'system-health', workflowType: 'systemHealthCheck' } as const satisfies {
  id: string;
  workflowType: WorkflowType;
};

/** Every schedule `schedules apply` keeps in place, by id. */
export const SCHEDULE_IDS: readonly string[] = [...REPORT_SCHEDULES.map((schedule) => schedule.id), HEALTH_SCHEDULE.id];

/**
 * Every HEALTH_CHECK_INTERVAL, overlap SKIP (one check at a time), a catch-up window of one interval: after an
 * outage one check runs at once and covers everything since the last one (the ledger knows where that was).
 */
function healthSchedule(config: ClientConfig, scheduleId: string): ScheduleOptions {
  const every = config.health.checkIntervalMs;
  return {
    scheduleId,
    spec: { intervals: [{ every }] },
    action: {
      type: 'startWorkflow',
      workflowType: HEALTH_SCHEDULE.workflowType,
      args: [{}],
      taskQueue: config.temporal.taskQueue,
      workflowId: scheduleId,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: every, pauseOnFailure: false },
    memo: { ...MANAGED_MEMO },
  };
}

export interface DesiredSchedulesOptions {
  /** Prepended to every schedule id (and so to its workflow ids), e.g. `staging-`. @default '' */
  idPrefix?: string;
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * The schedules as they should be: the report schedules (a calendar in REPORT_TIMEZONE: every day at
 * DAILY_REPORT_TIME / RETARGETING_REPORT_TIME, every WEEKLY_REPORT_DAY at WEEKLY_REPORT_TIME; overlap SKIP, a
 * one-hour catch-up window) and the system-health check's, each starting
 * its workflow with `{}` on TEMPORAL_TASK_QUEUE under a workflow id prefixed with the schedule id.
 * @see https://docs.temporal.io/develop/typescript/schedules
 */
export function desiredSchedules(config: ClientConfig, options: DesiredSchedulesOptions = {}): ScheduleOptions[] {
  const prefix = options.idPrefix ?? '';
  const reports = REPORT_SCHEDULES.map((schedule) => {
    const { id, workflowType, time } = schedule;
    const { hour, minute } = config.reports[time];
    const at = `${twoDigits(hour)}:${twoDigits(minute)}`;
    const dayOfWeek = 'day' in schedule ? config.reports[schedule.day] : undefined;
    const scheduleId = `${prefix}${id}`;
    return {
      scheduleId,
      spec: {
        calendars: [
          dayOfWeek === undefined
            ? { hour, minute, comment: `every day at ${at}` }
            : { dayOfWeek, hour, minute, comment: `every ${dayOfWeek.toLowerCase()} at ${at}` },
        ],
        timezone: config.notifications.reportTimezone,
      },
      action: {
        type: 'startWorkflow',
        workflowType,
        args: [{}],
        taskQueue: config.temporal.taskQueue,
        // The server appends the scheduled time: daily-performance-report-2026-11-28T09:00:00Z.
        workflowId: scheduleId,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW_MS, pauseOnFailure: false },
      memo: { ...MANAGED_MEMO },
    } satisfies ScheduleOptions;
  });
  return [...reports, healthSchedule(config, `${prefix}${HEALTH_SCHEDULE.id}`)];
}

/** One part of a schedule that differs from what is wanted, in comparable (describe()) form. */
export type ScheduleChange =
  | { part: 'spec'; from: ScheduleSpecDescription; to: ScheduleSpecDescription }
  | { part: 'timezone'; from: string; to: string }
  | { part: 'action'; from: ActionFingerprint; to: ActionFingerprint }
  | { part: 'policies'; from: PoliciesFingerprint; to: PoliciesFingerprint };

/** The action fields `apply` owns. */
export interface ActionFingerprint {
  workflowType: string;
  workflowId: string | undefined;
  taskQueue: string;
  args: unknown[];
  /** Anything else set on the action (retry policy, timeouts, memo, summary): apply removes it. */
  extras: Record<string, unknown>;
}
export interface PoliciesFingerprint {
  overlap: string;
  catchupWindowMs: number;
  pauseOnFailure: boolean;
}

const withoutUndefined = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

function actionFingerprint(action: ScheduleOptions['action'] | ScheduleDescription['action']): ActionFingerprint {
  const { workflowType, workflowId, taskQueue, args, retry, memo, staticSummary, staticDetails } = action;
  const { workflowExecutionTimeout, workflowRunTimeout, workflowTaskTimeout } = action;
  return {
    workflowType: typeof workflowType === 'string' ? workflowType : workflowType.name,
    workflowId,
    taskQueue,
    args: [...((args ?? []) as unknown[])],
    extras: withoutUndefined({
      retry,
      memo: memo && Object.keys(memo).length > 0 ? memo : undefined,
      staticSummary,
      staticDetails,
      workflowExecutionTimeout,
      workflowRunTimeout,
      workflowTaskTimeout,
    }),
  };
}

const zone = (timezone: string | undefined) => timezone || 'UTC';
const specWithoutZone = (spec: ScheduleSpecDescription): ScheduleSpecDescription =>
  withoutUndefined({ ...spec, timezone: undefined });

/** What differs between the wanted schedule and the one on the server; empty when they match. */
export function scheduleChanges(desired: ScheduleOptions, current: ScheduleDescription): ScheduleChange[] {
  const changes: ScheduleChange[] = [];
  const wantedSpec = decodeScheduleSpec(encodeScheduleSpec(desired.spec));
  if (!isDeepStrictEqual(specWithoutZone(current.spec), specWithoutZone(wantedSpec))) {
    changes.push({ part: 'spec', from: current.spec, to: wantedSpec });
  }
  if (zone(current.spec.timezone) !== zone(wantedSpec.timezone)) {
    changes.push({ part: 'timezone', from: zone(current.spec.timezone), to: zone(wantedSpec.timezone) });
  }
  const [fromAction, toAction] = [actionFingerprint(current.action), actionFingerprint(desired.action)];
  if (!isDeepStrictEqual(fromAction, toAction)) changes.push({ part: 'action', from: fromAction, to: toAction });
  const fromPolicies: PoliciesFingerprint = {
    overlap: current.policies.overlap ?? ScheduleOverlapPolicy.SKIP,
    catchupWindowMs: current.policies.catchupWindow,
    pauseOnFailure: current.policies.pauseOnFailure,
  };
  const toPolicies: PoliciesFingerprint = {
    overlap: desired.policies?.overlap ?? ScheduleOverlapPolicy.SKIP,
    catchupWindowMs: Number(desired.policies?.catchupWindow),
    pauseOnFailure: desired.policies?.pauseOnFailure ?? false,
  };
  if (!isDeepStrictEqual(fromPolicies, toPolicies))
    changes.push({ part: 'policies', from: fromPolicies, to: toPolicies });
  return changes;
}

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

export interface ApplyResult {
  scheduleId: string;
  outcome: ApplyOutcome;
  /** What an update changed (or, with `dryRun`, would change). */
  changes: ScheduleChange[];
  /** The wanted spec, for printing. */
  spec: ScheduleSpecDescription;
}

async function describeOrUndefined(client: Client, scheduleId: string): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(scheduleId).describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Creates each schedule that is missing and updates each one that differs (spec, time zone, action, policies);
 * leaves matching ones alone, so applying twice changes nothing. Keeps a schedule's paused state and note.
 * With `dryRun`, only reports what it would do.
 * @throws {ServiceError} when Temporal refuses a request
 */
export async function applySchedules(
  client: Client,
  desired: readonly ScheduleOptions[],
  options: { dryRun?: boolean } = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const wanted of desired) {
    const spec = decodeScheduleSpec(encodeScheduleSpec(wanted.spec));
    let current = await describeOrUndefined(client, wanted.scheduleId);
    if (!current) {
      if (options.dryRun) {
        results.push({ scheduleId: wanted.scheduleId, outcome: 'created', changes: [], spec });
        continue;
      }
      try {
        await client.schedule.create(wanted);
        results.push({ scheduleId: wanted.scheduleId, outcome: 'created', changes: [], spec });
        continue;
      } catch (error) {
        // Created concurrently by another apply: compare with that one instead.
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        current = await client.schedule.getHandle(wanted.scheduleId).describe();
      }
    }
    const changes = scheduleChanges(wanted, current);
    if (changes.length > 0 && !options.dryRun) {
      await client.schedule.getHandle(wanted.scheduleId).update((previous) => ({
        ...previous,
        spec: wanted.spec,
        action: wanted.action,
        policies: wanted.policies,
        state: {
          paused: previous.state.paused,
          note: previous.state.note,
          remainingActions: previous.state.remainingActions,
        },
      }));
    }
    results.push({
      scheduleId: wanted.scheduleId,
      outcome: changes.length > 0 ? 'updated' : 'unchanged',
      changes,
      spec,
    });
  }
  return results;
}
