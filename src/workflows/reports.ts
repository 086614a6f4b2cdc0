import { dateIn } from '../messages/format';
import {
  dailyPerformanceReport as dailyReportMessage,
  retargetingReport as retargetingMessage,
} from '../messages/reports';
import { reportSources, settings } from './helpers/proxies';
import { parseInput } from './helpers/input';
import { notify, type NotifyResult } from './helpers/notify';
import { DEFAULT_CHANNELS } from './helpers/routing';
import type { DailyPerformanceReportInput, RetargetingReportInput } from '../inputs/workflows';

/**
 * The daily marketing report. Without inline `metrics` it loads them for `date` (default: today in
 * REPORT_TIMEZONE) from METRICS_SOURCE, so a Schedule can start it with no input.
 */
export async function dailyPerformanceReport(
  input: DailyPerformanceReportInput = {},
): Promise<NotifyResult & { date: string }> {
  const params = await parseInput('dailyPerformanceReport', input);
  const { reportTimezone, mentions } = await settings.loadSettings();
  const now = new Date();
  const date = params.date ?? dateIn(now, reportTimezone);
  const metrics = params.metrics ?? (await reportSources.loadMetrics({ date }));
  const result = await notify(dailyReportMessage(metrics, date, now, mentions.daily_report), {
    channel: params.channel ?? DEFAULT_CHANNELS.reports,
    wait: true,
  });
  return { ...result, date };
}

/** The daily retargeting report; without inline `audiences` it loads them from AUDIENCES_SOURCE. */
export async function retargetingReport(
  input: RetargetingReportInput = {},
): Promise<NotifyResult & { audiences: number }> {
  const params = await parseInput('retargetingReport', input);
  const { mentions } = await settings.loadSettings();
  const report = params.audiences
    ? { audiences: params.audiences, totalVisitors: params.totalVisitors }
    : await reportSources.loadAudiences();
  const result = await notify(retargetingMessage(report, new Date(), mentions.retargeting_report), {
    channel: params.channel ?? DEFAULT_CHANNELS.reports,
    wait: true,
  });
  return { ...result, audiences: report.audiences.length };
}
