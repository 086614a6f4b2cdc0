import type { Notification } from '../discord/notification';
import type { Mentions } from '../discord/schemas';
import { escapeUntrustedInline } from '../discord/text';
import type { Audience, Metrics } from '../inputs/domain';
import { formatCount, formatMoney, formatPercent } from './format';
import { PALETTE } from './palette';
import { changeOf, WEEKLY_RATE_RULE, type WeekFigures, type WeekSummary } from './weekly-figures';

/** The footer of a report made from sample data (local demo only), so nobody takes its figures for real ones. */
export const sampleDataFooter = (variable: 'METRICS_SOURCE' | 'AUDIENCES_SOURCE') => ({
  text: `Sample data (local demo): set ${variable} for your own figures`,
});

/** The seed's daily performance report for one calendar date (`YYYY-MM-DD`); `sample` labels demo figures. */
export function dailyPerformanceReport(
  metrics: Metrics,
  date: string,
  now: Date,
  mentions?: Mentions,
  sample = false,
): Notification {
  return {
    content: '📊 **Daily Marketing Report**',
    ...(mentions && { mentions }),
    embeds: [
      {
        title: `Performance - ${date}`,
        description: 'Consolidated metrics from all marketing channels',
        color: PALETTE.blue,
        fields: [
          { name: '💰 Total Ad Spend', value: formatMoney(metrics.totalSpend), inline: true },
          { name: '👥 Conversions', value: formatCount(metrics.totalConversions), inline: true },
          { name: '📊 Cost Per Lead', value: formatMoney(metrics.costPerLead), inline: true },
          { name: '🎯 CTR', value: formatPercent(metrics.ctr, 2), inline: true },
          { name: '📥 Opt-in Rate', value: formatPercent(metrics.optinRate, 1), inline: true },
          { name: '✅ Close Rate', value: formatPercent(metrics.closeRate, 1), inline: true },
        ],
        ...(sample && { footer: sampleDataFooter('METRICS_SOURCE') }),
        timestamp: now.toISOString(),
      },
    ],
  };
}

/** A figure and, below it, its change against the week before: `$1,234.50\n▲ 12.3%` (short: fields sit three in a row). */
function withChange(
  figures: WeekFigures | null,
  previous: WeekFigures | null,
  key: keyof WeekFigures,
  format: (value: number) => string,
): string {
  const value = figures?.[key] ?? null;
  const change = changeOf(value, previous?.[key]);
  const shown = value === null ? '–' : format(value);
  switch (change.kind) {
    case 'up':
      return `${shown}\n▲ ${change.percent.toFixed(1)}%`;
    case 'down':
      return `${shown}\n▼ ${change.percent.toFixed(1)}%`;
    case 'same':
      return `${shown}\n= no change`;
    case 'new':
      return `${shown}\n▲ up from 0`;
    case 'none':
      return `${shown}\nno comparison`;
  }
}

/** `2026-11-23, 2026-11-25` or, past five, the first five and how many more. */
const dateList = (dates: readonly string[]): string =>
  dates.length <= 5 ? dates.join(', ') : `${dates.slice(0, 5).join(', ')} and ${dates.length - 5} more`;

/** The lines that name the days the source had no data for, this week and the week before. */
function missingDaysLines(week: WeekSummary, previous: WeekSummary): string[] {
  const lines: string[] = [];
  if (week.missingDays.length > 0) {
    lines.push(`⚠️ No data for ${dateList(week.missingDays)}: figures cover ${week.days} of 7 days.`);
  }
  if (previous.missingDays.length === 7) lines.push('⚠️ No data for the week before: nothing to compare with.');
  else if (previous.missingDays.length > 0) {
    lines.push(`⚠️ The week before lacks ${dateList(previous.missingDays)}: it covers ${previous.days} of 7 days.`);
  }
  return lines;
}

/**
 * The weekly performance report: the week's figures (from {@link aggregateWeek}), each with its change against the
 * week before, and the days the source had no data for named in the description. `sample` labels demo figures.
 */
export function weeklyPerformanceReport(
  week: WeekSummary,
  previous: WeekSummary,
  now: Date,
  mentions?: Mentions,
  sample = false,
): Notification {
  const [current, before] = [week.figures, previous.figures];
  const money = (value: number) => formatMoney(value);
  return {
    content: '📊 **Weekly Marketing Report**',
    ...(mentions && { mentions }),
    embeds: [
      {
        title: `Performance - ${week.startDate} to ${week.endDate}`,
        description: [
          `Consolidated metrics from all marketing channels, compared with ${previous.startDate} to ${previous.endDate}`,
          ...missingDaysLines(week, previous),
        ].join('\n'),
        color: PALETTE.blue,
        fields: [
          { name: '💰 Total Ad Spend', value: withChange(current, before, 'totalSpend', money), inline: true },
          { name: '👥 Conversions', value: withChange(current, before, 'totalConversions', formatCount), inline: true },
          { name: '📊 Cost Per Lead', value: withChange(current, before, 'costPerLead', money), inline: true },
          {
            name: '🎯 CTR',
            value: withChange(current, before, 'ctr', (value) => formatPercent(value, 2)),
            inline: true,
          },
          {
            name: '📥 Opt-in Rate',
            value: withChange(current, before, 'optinRate', (value) => formatPercent(value, 1)),
            inline: true,
          },
          {
            name: '✅ Close Rate',
            value: withChange(current, before, 'closeRate', (value) => formatPercent(value, 1)),
            inline: true,
          },
        ],
        footer: {
          text: sample ? `${sampleDataFooter('METRICS_SOURCE').text} · ${WEEKLY_RATE_RULE}` : WEEKLY_RATE_RULE,
        },
        timestamp: now.toISOString(),
      },
    ],
  };
}

/** Sum of daily budgets in cents, so many small budgets add up exactly. */
const totalBudget = (audiences: readonly Audience[]): number =>
  audiences.reduce((cents, audience) => cents + Math.round(audience.recommendedBudget * 100), 0) / 100;

/**
 * The seed's retargeting report: one field per audience. Past 25 audiences the builder continues in further
 * embeds and messages, so none is dropped. `sample` labels demo figures.
 */
export function retargetingReport(
  report: { audiences: readonly Audience[]; totalVisitors?: number | undefined },
  now: Date,
  mentions?: Mentions,
  sample = false,
): Notification {
  const { audiences } = report;
  const visitors = report.totalVisitors ?? audiences.reduce((sum, audience) => sum + audience.usersCount, 0);
  return {
    content: '📊 **Daily Retargeting Report**',
    ...(mentions && { mentions }),
    embeds: [
      {
        title: `${audiences.length}-Audience Retargeting Status`,
        description: `Total visitors processed: ${formatCount(visitors)}\nTotal daily budget: ${formatMoney(totalBudget(audiences))}`,
        color: PALETTE.blue,
        fields: audiences.map((audience) => ({
          name: escapeUntrustedInline(audience.name),
          value: `Users: ${formatCount(audience.usersCount)} | Budget: ${formatMoney(audience.recommendedBudget)}/day`,
          inline: false,
        })),
        ...(sample && { footer: sampleDataFooter('AUDIENCES_SOURCE') }),
        timestamp: now.toISOString(),
      },
    ],
  };
}
