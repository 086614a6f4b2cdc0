// Schedules in words, for `schedules list`, `schedules apply` and `npm start`.
import {
  DAYS_OF_WEEK,
  MONTHS,
  type CalendarSpecDescription,
  type Range,
  type ScheduleSpecDescription,
} from '@temporalio/client';
import { dateTimeIn } from '../messages/format';
import type { ApplyResult, ScheduleChange } from '../schedules';

const pad = (value: number) => String(value).padStart(2, '0');

function ranges<T extends string | number>(values: readonly Range<T>[]): string {
  return values
    .map(({ start, end, step }) => {
      if (start === end) return String(start);
      return `${start}-${end}${step > 1 ? `/${step}` : ''}`;
    })
    .join(',');
}

const single = (values: readonly Range<number>[]) =>
  values.length === 1 && values[0]!.start === values[0]!.end ? values[0]!.start : undefined;

const covers = <T>(values: readonly Range<T>[], first: T, last: T) =>
  values.length === 1 && values[0]!.start === first && values[0]!.end === last && values[0]!.step <= 1;

/** `every day at 09:00`, `on MONDAY-FRIDAY at 09:00`, or the fields as ranges for anything unusual. */
export function describeCalendar(calendar: CalendarSpecDescription): string {
  const [hour, minute, second] = [single(calendar.hour), single(calendar.minute), single(calendar.second)];
  const time =
    hour !== undefined && minute !== undefined && second !== undefined
      ? `${pad(hour)}:${pad(minute)}${second === 0 ? '' : `:${pad(second)}`}`
      : `hour ${ranges(calendar.hour)}, minute ${ranges(calendar.minute)}, second ${ranges(calendar.second)}`;
  const days: string[] = [];
  if (!covers(calendar.dayOfWeek, DAYS_OF_WEEK[0], DAYS_OF_WEEK[6])) days.push(`on ${ranges(calendar.dayOfWeek)}`);
  if (!covers(calendar.dayOfMonth, 1, 31)) days.push(`on day ${ranges(calendar.dayOfMonth)} of the month`);
  if (!covers(calendar.month, MONTHS[0], MONTHS[11])) days.push(`in ${ranges(calendar.month)}`);
  if (calendar.year.length > 0) days.push(`in ${ranges(calendar.year)}`);
  return `${days.length > 0 ? days.join(' ') : 'every day'} at ${time}`;
}

/** `1h`, `90m`, `45s`: the largest unit that divides the duration. */
export function describeDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** The whole spec in words, e.g. `every day at 09:00 Europe/Berlin`; `withZone: false` leaves the zone out. */
export function describeSpec(spec: ScheduleSpecDescription, withZone = true): string {
  const parts = [
    ...(spec.calendars ?? []).map(describeCalendar),
    ...(spec.intervals ?? []).map(
      ({ every, offset }) => `every ${describeDuration(every)}${offset ? ` (offset ${describeDuration(offset)})` : ''}`,
    ),
  ];
  const extras = [
    spec.skip && spec.skip.length > 0 ? `except ${spec.skip.map(describeCalendar).join(', ')}` : '',
    spec.startAt ? `from ${spec.startAt.toISOString()}` : '',
    spec.endAt ? `until ${spec.endAt.toISOString()}` : '',
    spec.jitter ? `jitter ${describeDuration(spec.jitter)}` : '',
  ].filter(Boolean);
  const words = `${parts.length > 0 ? parts.join('; ') : 'no times'}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}`;
  return withZone ? `${words} ${spec.timezone || 'UTC'}` : words;
}

/** A run time in the schedule's own zone: `2026-11-29 09:00:00 UTC`. */
export function describeRunTime(date: Date, timezone: string | undefined): string {
  return dateTimeIn(date, timezone || 'UTC');
}

function describeChange(change: ScheduleChange): string {
  switch (change.part) {
    case 'spec':
      return `spec: ${describeSpec(change.from, false)} -> ${describeSpec(change.to, false)}`;
    case 'timezone':
      return `time zone: ${change.from} -> ${change.to}`;
    case 'action': {
      const words = (action: typeof change.from) =>
        `${action.workflowType} on task queue ${action.taskQueue}, workflow id ${action.workflowId ?? '(default)'}, ` +
        `input ${JSON.stringify(action.args)}${Object.keys(action.extras).length > 0 ? `, also ${Object.keys(action.extras).join(', ')}` : ''}`;
      return `action: ${words(change.from)} -> ${words(change.to)}`;
    }
    case 'policies': {
      const words = (policies: typeof change.from) =>
        `overlap ${policies.overlap}, catch-up window ${describeDuration(policies.catchupWindowMs)}` +
        `${policies.pauseOnFailure ? ', pause on failure' : ''}`;
      return `policies: ${words(change.from)} -> ${words(change.to)}`;
    }
  }
}

/** `daily-performance-report: created (every day at 09:00 UTC)` plus one indented line per change. */
export function describeApplyResult(result: ApplyResult, dryRun = false): string[] {
  const verb = dryRun
    ? { created: 'would be created', updated: 'would be updated', unchanged: 'unchanged' }[result.outcome]
    : result.outcome;
  return [
    `${result.scheduleId}: ${verb} (${describeSpec(result.spec)})`,
    ...result.changes.map((c) => `  ${describeChange(c)}`),
  ];
}
