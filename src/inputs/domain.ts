// The marketing data the templates render. Shared by workflow inputs and the report-source loaders.
import { z } from 'zod';

// Messages leave out the field's name: every problem is reported with its path (`metrics.ctr: must not be negative`).
const finite = () =>
  z
    .number({ error: 'must be a number' })
    .refine(Number.isFinite, { message: 'must be a finite number', abort: true })
    .refine((value) => value >= 0, 'must not be negative');
const count = () => finite().refine(Number.isInteger, 'must be a whole number');

/** A lead from the CRM. Only `email` is required; everything shown is escaped, so it cannot ping or format. */
export const LeadSchema = z
  .object({
    firstName: z.string().trim().max(256).optional(),
    lastName: z.string().trim().max(256).optional(),
    email: z.email().max(320),
    notionId: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,200}$/, 'must be a Notion page id (letters, digits and dashes)')
      .optional(),
    company: z.string().trim().max(256).optional(),
  })
  .strict();
export type Lead = z.infer<typeof LeadSchema>;

/** One day's consolidated marketing metrics; money in dollars, rates in percent. */
export const MetricsSchema = z
  .object({
    totalSpend: finite(),
    totalConversions: count(),
    costPerLead: finite(),
    ctr: finite(),
    optinRate: finite(),
    closeRate: finite(),
  })
  .strict();
export type Metrics = z.infer<typeof MetricsSchema>;

/** One retargeting audience and its recommended daily budget in dollars. */
export const AudienceSchema = z
  .object({
    name: z.string().trim().min(1).max(256),
    usersCount: count(),
    recommendedBudget: finite(),
  })
  .strict();
export type Audience = z.infer<typeof AudienceSchema>;

/** At most this many audiences in one report (10 messages of fields at most). */
export const MAX_AUDIENCES = 250;

export const AudienceReportSchema = z
  .object({
    audiences: z.array(AudienceSchema).max(MAX_AUDIENCES),
    totalVisitors: count().optional(),
  })
  .strict();
export type AudienceReport = z.infer<typeof AudienceReportSchema>;

/** A published social post; one without a URL gets no field. */
export const PostSchema = z
  .object({
    platform: z.string().trim().min(1).max(64),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2_048)
      .optional(),
  })
  .strict();
export type Post = z.infer<typeof PostSchema>;

/** What a campaign step returns when it wants its counts in the completion message. */
export const StepCountsSchema = z.object({ total: count(), success: count(), failed: count() });
export type StepCounts = z.infer<typeof StepCountsSchema>;
