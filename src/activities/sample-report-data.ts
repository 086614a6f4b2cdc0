// The figures the reports show in the local demo (every webhook on the emulator) when no source is configured.
// Never used against Discord, and always labelled "Sample data" in the message.
import type { AudienceReport, Metrics } from '../inputs/domain';

/** One day of plausible marketing metrics. */
export const SAMPLE_METRICS = {
  totalSpend: 1234.5,
  totalConversions: 87,
  costPerLead: 14.19,
  ctr: 2.34,
  optinRate: 12.34,
  closeRate: 4.56,
} as const satisfies Metrics;

/** Four retargeting audiences, like the seed guide's report. */
export const SAMPLE_AUDIENCES = {
  totalVisitors: 15230,
  audiences: [
    { name: 'Cart Abandoners (7 days)', usersCount: 1840, recommendedBudget: 45 },
    { name: 'Pricing Page Visitors', usersCount: 3260, recommendedBudget: 60 },
    { name: 'Blog Readers (3+ articles)', usersCount: 5120, recommendedBudget: 25 },
    { name: 'Webinar Registrants', usersCount: 940, recommendedBudget: 35 },
  ],
} as const satisfies AudienceReport;
