// The weekly report's arithmetic: which dates make a week, how seven daily metrics become one week's figures, and
// how a figure compares with the week before. Pure and deterministic (it runs inside the workflow).
//
// The daily metrics carry two sums (spend, conversions) and four ratios without their parts. A ratio of a week is
// never the average of its daily ratios: each is recomputed from, or weighted by, the quantity it is a share of.
//   costPerLead = total spend / total conversions (a conversion is a lead, as the daily report counts them; the
//                 daily costPerLead values are not used). Exact.
//   closeRate   = sum(closeRate_d x conversions_d) / total conversions: a day's closed deals are its close rate of
//                 its leads. Exact.
//   ctr         = sum(ctr_d x spend_d) / total spend, and
//   optinRate   = sum(optinRate_d x spend_d) / total spend: their denominators (impressions, visitors) are not in the
//                 daily data, so each day counts in proportion to the traffic its spend bought. An approximation,
//                 exact when the cost per impression (or per visitor) was the same every day; the message says so.
// A ratio with nothing to weigh by (no conversions, or no spend, all week) is null, shown as "–", never 0.
import type { Metrics } from '../inputs/domain';

/** Days in a report week. */
export const WEEK_LENGTH = 7;

/** How each weekly ratio is computed, in words: the footer of every weekly report. */
export const WEEKLY_RATE_RULE =
  'Cost per lead and close rate from the week’s conversions; CTR and opt-in rate weighted by daily spend';

/** `YYYY-MM-DD` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** The seven dates ending with `endDate`, oldest first. */
export const weekDates = (endDate: string): string[] =>
  Array.from({ length: WEEK_LENGTH }, (_, index) => addDays(endDate, index - WEEK_LENGTH + 1));

/** One week's figures. Money in dollars (to the cent), ratios in percent (4 decimals); null: nothing to compute from. */
export interface WeekFigures {
  totalSpend: number;
  totalConversions: number;
  costPerLead: number | null;
  ctr: number | null;
  optinRate: number | null;
  closeRate: number | null;
}

/** One week: its dates, the days the source had and lacked, and its figures (null when it had no day at all). */
export interface WeekSummary {
  startDate: string;
  endDate: string;
  /** Days with data (0 to 7). */
  days: number;
  /** Days the source has no data for, oldest first. */
  missingDays: string[];
  figures: WeekFigures | null;
}

const cents = (dollars: number): number => Math.round(dollars * 100) / 100;
const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

/** The week ending with `endDate`, from the daily metrics the source had (keyed by date; other dates are ignored). */
export function aggregateWeek(endDate: string, daily: Readonly<Record<string, Metrics>>): WeekSummary {
  const dates = weekDates(endDate);
  const present = dates.filter((date) => daily[date] !== undefined).map((date) => daily[date]!);
  const summary = {
    startDate: dates[0]!,
    endDate,
    days: present.length,
    missingDays: dates.filter((date) => daily[date] === undefined),
  };
  if (present.length === 0) return { ...summary, figures: null };
  let spend = 0;
  let conversions = 0;
  let closes = 0;
  let clicksBySpend = 0;
  let optinsBySpend = 0;
  for (const day of present) {
    spend += day.totalSpend;
    conversions += day.totalConversions;
    closes += day.closeRate * day.totalConversions;
    clicksBySpend += day.ctr * day.totalSpend;
    optinsBySpend += day.optinRate * day.totalSpend;
  }
  return {
    ...summary,
    figures: {
      totalSpend: cents(spend),
      totalConversions: conversions,
      costPerLead: conversions > 0 ? cents(spend / conversions) : null,
      ctr: ratio(clicksBySpend, spend),
      optinRate: ratio(optinsBySpend, spend),
      closeRate: ratio(closes, conversions),
    },
  };
}

/** How a figure compares with the week before; `percent` is the relative change, rounded to 0.1. */
export type Change =
  | { kind: 'up' | 'down'; percent: number }
  /** The same value both weeks (zero both weeks too). */
  | { kind: 'same' }
  /** Zero the week before, more now: no percentage exists. */
  | { kind: 'new' }
  /** Nothing to compare: this week's or the previous week's value is unknown. */
  | { kind: 'none' };

/** The change from `previous` to `current`; never divides by zero. */
export function changeOf(current: number | null, previous: number | null | undefined): Change {
  if (current === null || previous === null || previous === undefined) return { kind: 'none' };
  if (current === previous) return { kind: 'same' };
  if (previous === 0) return { kind: 'new' };
  const percent = Math.round((Math.abs(current - previous) / previous) * 1_000) / 10;
  return { kind: current > previous ? 'up' : 'down', percent };
}
