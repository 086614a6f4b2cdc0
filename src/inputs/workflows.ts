// Input schemas of every workflow: validated first thing in the workflow and by the CLI before it starts one.
import { z } from 'zod';
import { AudienceSchema, LeadSchema, MAX_AUDIENCES, MetricsSchema, PostSchema } from './domain';
import { PALETTE, PALETTE_NAMES, type PaletteName } from '../messages/palette';
import { ColorSchema as ColorValueSchema, MentionsSchema, SnowflakeSchema } from '../discord/schemas';
import { isWorkflowType, type WorkflowType } from '../vocabulary';

/** Caps that keep one notification's history small; the builder still cuts/splits to Discord's limits. */
export const INPUT_CAPS = {
  /** Up to 10 messages of content. */
  contentChars: 20_000,
  textChars: 20_000,
  fields: 100,
} as const satisfies Record<string, number>;

/** A channel name: `alerts` reads DISCORD_WEBHOOK_URL_ALERTS in the worker. */
export const ChannelSchema = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,64}$/, 'must be letters, digits or _ (it names DISCORD_WEBHOOK_URL_<CHANNEL>)')
  .transform((name) => name.toLowerCase());

/** An int 0..0xFFFFFF or a palette name (red, orange, yellow, green, blue, purple, gray). */
export const ColorSchema = z.union(
  [ColorValueSchema, z.enum(PALETTE_NAMES as [PaletteName, ...PaletteName[]]).transform((name) => PALETTE[name])],
  { error: `must be an integer from 0 to 16777215 (0xFFFFFF) or one of ${PALETTE_NAMES.join(', ')}` },
);

/** Who may be pinged; the only way a notification pings anyone (the same schema the builder takes). */
export const MentionsInputSchema = MentionsSchema;

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const FieldInputSchema = z
  .object({ name: text(1_000), value: text(INPUT_CAPS.textChars), inline: z.boolean().optional() })
  .strict();

export const SendNotificationInputSchema = z
  .object({
    channel: ChannelSchema.optional(),
    content: text(INPUT_CAPS.contentChars).optional(),
    title: text(1_000).optional(),
    description: text(INPUT_CAPS.textChars).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2_048)
      .optional(),
    color: ColorSchema.optional(),
    fields: z.array(FieldInputSchema).max(INPUT_CAPS.fields).optional(),
    footer: text(2_048).optional(),
    mentions: MentionsInputSchema.optional(),
    threadId: SnowflakeSchema.optional(),
  })
  .strict()
  .refine(
    (input) => [input.content, input.title, input.description].some((value) => value?.trim()) || input.fields?.length,
    {
      message: 'needs at least one of content, title, description or fields',
    },
  );
export type SendNotificationInput = z.input<typeof SendNotificationInputSchema>;
export type SendNotificationParams = z.output<typeof SendNotificationInputSchema>;

export const TestWebhookInputSchema = z.object({ channel: ChannelSchema.optional() }).strict();
export type TestWebhookInput = z.input<typeof TestWebhookInputSchema>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD', abort: true })
  .refine((value) => {
    // Month 13 or day 00 make an Invalid Date, whose toISOString() throws a RangeError: thrown from the input check,
    // that would fail the workflow TASK (retried forever) instead of the workflow.
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a calendar date');

/** On our own task queue only our own workflow types exist: an unknown one would leave the child stuck. */
const knownOnOwnQueue = (
  step: { workflowType: string; taskQueue?: string | undefined },
  context: z.core.$RefinementCtx,
) => {
  if (step.taskQueue === undefined && !isWorkflowType(step.workflowType)) {
    context.addIssue({
      code: 'custom',
      path: ['workflowType'],
      message: `"${step.workflowType}" is not a workflow of this worker; set taskQueue to run your own`,
    });
  }
};

const workflowTypeName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be a workflow type name (letters, digits, _)');
const taskQueue = z.string().trim().min(1).max(200);

export const HotLeadAlertInputSchema = z
  .object({
    lead: LeadSchema,
    score: z.number().int('must be a whole number').min(0).max(100),
    stage: z.string().trim().min(1).max(256).optional(),
    channel: ChannelSchema.optional(),
  })
  .strict();
export type HotLeadAlertInput = z.input<typeof HotLeadAlertInputSchema>;

export const DailyPerformanceReportInputSchema = z
  .object({ date: isoDate.optional(), metrics: MetricsSchema.optional(), channel: ChannelSchema.optional() })
  .strict();
export type DailyPerformanceReportInput = z.input<typeof DailyPerformanceReportInputSchema>;

/** The weekly report: the seven days ending with `endDate` (default: yesterday in REPORT_TIMEZONE). */
export const WeeklyPerformanceReportInputSchema = z
  .object({ endDate: isoDate.optional(), channel: ChannelSchema.optional() })
  .strict();
export type WeeklyPerformanceReportInput = z.input<typeof WeeklyPerformanceReportInputSchema>;

export const RetargetingReportInputSchema = z
  .object({
    date: isoDate.optional(),
    audiences: z.array(AudienceSchema).max(MAX_AUDIENCES).optional(),
    totalVisitors: z.number().int().min(0).optional(),
    channel: ChannelSchema.optional(),
  })
  .strict();
export type RetargetingReportInput = z.input<typeof RetargetingReportInputSchema>;

export const CampaignPublishedInputSchema = z
  .object({
    postContent: text(INPUT_CAPS.textChars),
    posts: z.array(PostSchema).max(INPUT_CAPS.fields),
    channel: ChannelSchema.optional(),
  })
  .strict();
export type CampaignPublishedInput = z.input<typeof CampaignPublishedInputSchema>;

export const ErrorAlertInputSchema = z
  .object({
    flowName: z.string().trim().min(1).max(200),
    errorMessage: z.string().min(1).max(50_000),
    details: text(INPUT_CAPS.textChars).optional(),
    channel: ChannelSchema.optional(),
  })
  .strict();
export type ErrorAlertInput = z.input<typeof ErrorAlertInputSchema>;

export const CampaignWithNotificationsInputSchema = z
  .object({
    campaignName: z.string().trim().min(1).max(200),
    workflowType: workflowTypeName,
    args: z.array(z.unknown()).max(10).optional(),
    taskQueue: taskQueue.optional(),
  })
  .strict()
  .superRefine(knownOnOwnQueue);
export type CampaignWithNotificationsInput = z.input<typeof CampaignWithNotificationsInputSchema>;

export const CampaignStepSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    workflowType: workflowTypeName,
    args: z.array(z.unknown()).max(10).optional(),
    taskQueue: taskQueue.optional(),
  })
  .strict()
  .superRefine(knownOnOwnQueue);

export const CampaignWithProgressInputSchema = z
  .object({
    campaignName: z.string().trim().min(1).max(200),
    steps: z.array(CampaignStepSchema).min(1).max(25),
  })
  .strict();
export type CampaignWithProgressInput = z.input<typeof CampaignWithProgressInputSchema>;

export const SimulatedCampaignStepInputSchema = z
  .object({
    durationMs: z.number().int().min(0).max(600_000).optional(),
    fail: z.union([z.boolean(), z.string().min(1).max(1_000)]).optional(),
    items: z.number().int().min(0).max(1_000_000).optional(),
    failedItems: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()
  .refine((input) => (input.failedItems ?? 0) <= (input.items ?? 10), {
    message: 'failedItems must not exceed items',
    path: ['failedItems'],
  });
export type SimulatedCampaignStepInput = z.input<typeof SimulatedCampaignStepInputSchema>;

export const SystemHealthCheckInputSchema = z.object({ channel: ChannelSchema.optional() }).strict();
export type SystemHealthCheckInput = z.input<typeof SystemHealthCheckInputSchema>;

/**
 * Every startable workflow type and its input schema: checked by the CLI before it starts a run, and by the
 * `validateInput` local activity that every workflow calls first (zod runs in the worker, not in workflow code).
 */
export const WORKFLOW_INPUTS = {
  sendNotification: SendNotificationInputSchema,
  testWebhook: TestWebhookInputSchema,
  hotLeadAlert: HotLeadAlertInputSchema,
  dailyPerformanceReport: DailyPerformanceReportInputSchema,
  weeklyPerformanceReport: WeeklyPerformanceReportInputSchema,
  retargetingReport: RetargetingReportInputSchema,
  campaignPublished: CampaignPublishedInputSchema,
  errorAlert: ErrorAlertInputSchema,
  campaignWithNotifications: CampaignWithNotificationsInputSchema,
  campaignWithProgress: CampaignWithProgressInputSchema,
  simulatedCampaignStep: SimulatedCampaignStepInputSchema,
  systemHealthCheck: SystemHealthCheckInputSchema,
} as const satisfies Record<WorkflowType, z.ZodType>;
export type { WorkflowType };

/** A workflow's input after validation (defaults applied, palette names turned into colors, channels lower-cased). */
export type WorkflowParams<T extends WorkflowType> = z.output<(typeof WORKFLOW_INPUTS)[T]>;
