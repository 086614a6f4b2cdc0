import { dateIn } from '../messages/format';
import {
  dailyPerformanceReport as dailyReportMessage,
  retargetingReport as retargetingMessage,
  weeklyPerformanceReport as weeklyReportMessage,
} from '../messages/reports';
import { addDays, aggregateWeek, WEEK_LENGTH } from '../messages/weekly-figures';
import { reportSources, settings, weekSource } from './helpers/proxies';
import { parseInput } from './helpers/input';
import { notify, type NotifyResult } from './helpers/notify';
import { DEFAULT_CHANNELS } from '../vocabulary';
import type {
  DailyPerformanceReportInput,
  RetargetingReportInput,
  WeeklyPerformanceReportInput,
} from '../inputs/workflows';

/** What a report run returns: the notification's result, the report date, and whether the figures were sample data. */
export type ReportResult = NotifyResult & { date: string; sampleData: boolean };

/**
 * The daily marketing report. Without inline `metrics` it loads them for `date` (default: today in
 * REPORT_TIMEZONE) from METRICS_SOURCE, so a Schedule can start it with no input. Unset, that source gives the
 * labelled sample data in the local demo and fails the run (InvalidReportSource, nothing posted) anywhere else.
 */
export async function dailyPerformanceReport(input: DailyPerformanceReportInput = {}): Promise<ReportResult> {
  const params = await parseInput('dailyPerformanceReport', input);
  const { reportTimezone, mentions } = await settings.loadSettings();
  const now = new Date();
  const date = params.date ?? dateIn(now, reportTimezone);
  const { metrics, sample } = params.metrics
    ? { metrics: params.metrics, sample: false }
    : await reportSources.loadMetrics({ date });
  const result = await notify(dailyReportMessage(metrics, date, now, mentions.daily_report, sample), {
    channel: params.channel ?? DEFAULT_CHANNELS.reports,
    wait: true,
  });
  return { ...result, date, sampleData: sample };
}

/** What a weekly report run returns: the notification's result, the week, its missing days, whether sample data. */
export type WeeklyReportResult = NotifyResult & {
  startDate: string;
  endDate: string;
  missingDays: string[];
  sampleData: boolean;
};

/**
 * The weekly marketing report: the seven days ending with `endDate` (default: yesterday in REPORT_TIMEZONE, so a
 * Monday run covers Monday to Sunday just ended), each figure against the week before. Loads the 14 days from
 * METRICS_SOURCE in one activity, with the daily report's rule for an unset source; days without data are named.
 */
export async function weeklyPerformanceReport(input: WeeklyPerformanceReportInput = {}): Promise<WeeklyReportResult> {
  const params = await parseInput('weeklyPerformanceReport', input);
  const { reportTimezone, mentions } = await settings.loadSettings();
  const now = new Date();
  const endDate = params.endDate ?? addDays(dateIn(now, reportTimezone), -1);
  const previousEnd = addDays(endDate, -WEEK_LENGTH);
  const { daily, sample } = await weekSource.loadWeekMetrics({
    startDate: addDays(previousEnd, 1 - WEEK_LENGTH),
    endDate,
  });
  const week = aggregateWeek(endDate, daily);
  const previous = aggregateWeek(previousEnd, daily);
  const result = await notify(weeklyReportMessage(week, previous, now, mentions.weekly_report, sample), {
    channel: params.channel ?? DEFAULT_CHANNELS.reports,
    wait: true,
  });
  return { ...result, startDate: week.startDate, endDate, missingDays: week.missingDays, sampleData: sample };
}

/**
 * The daily retargeting report; without inline `audiences` it loads those of `date` (default: today in
 * REPORT_TIMEZONE) from AUDIENCES_SOURCE, with the same rule for an unset source.
 */
export async function retargetingReport(
  input: RetargetingReportInput = {},
): Promise<ReportResult & { audiences: number }> {
  const params = await parseInput('retargetingReport', input);
  const { reportTimezone, mentions } = await settings.loadSettings();
  const now = new Date();
  const date = params.date ?? dateIn(now, reportTimezone);
  const { audiences, totalVisitors, sample } = params.audiences
    ? { audiences: params.audiences, totalVisitors: params.totalVisitors, sample: false }
    : await reportSources.loadAudiences({ date });
  const result = await notify(
    retargetingMessage({ audiences, totalVisitors }, now, mentions.retargeting_report, sample),
    { channel: params.channel ?? DEFAULT_CHANNELS.reports, wait: true },
  );
  return { ...result, date, audiences: audiences.length, sampleData: sample };
}
