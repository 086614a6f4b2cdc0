import type { Notification } from '../discord/builder';
import type { Mentions } from '../discord/schemas';
import { escapeUntrustedInline } from '../discord/text';
import type { Audience, Metrics } from '../inputs/domain';
import { formatCount, formatMoney, formatPercent } from './format';
import { PALETTE } from './palette';

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
