import { z } from 'zod';
import { DEFAULT_CHANNEL_RATE_LIMIT, DEFAULT_GLOBAL_RATE_LIMIT, DEFAULT_RATE_LIMIT, LIMITS } from './constants';
import { EmulatorInputError } from './errors';
import { isSnowflake } from './snowflake';
import { usernameError } from './validate-message';

/** A snowflake id: a decimal uint64 string. */
export const SnowflakeSchema = z
  .string()
  .refine(isSnowflake, 'must be a snowflake (a decimal id string such as "1300000000000000001")');

/** Webhook tokens: URL-safe characters of any length (Discord documents neither charset nor length). */
export const WebhookTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,512}$/, 'must be 1-512 characters of A-Z, a-z, 0-9, ".", "_" or "-"');

/** What {@link DiscordEmulator.createWebhook} and `POST /_emulator/webhooks` accept; names follow Discord's rules. */
export const CreateWebhookSchema = z.strictObject({
  id: SnowflakeSchema.optional(),
  token: WebhookTokenSchema.optional(),
  channelId: SnowflakeSchema.optional(),
  name: z
    .string()
    .superRefine((name, ctx) => {
      const error = usernameError(name);
      if (error) ctx.addIssue({ code: 'custom', message: error.message });
    })
    .optional(),
});
export type CreateWebhookOptions = z.input<typeof CreateWebhookSchema>;

/** A fixed-window limit: `limit` requests per `windowMs`, the window starting at the first request after a reset. */
export const WindowLimitSchema = z.strictObject({
  limit: z.int().min(1).max(1_000_000),
  windowMs: z.int().min(1).max(86_400_000),
});
export type WindowLimit = z.infer<typeof WindowLimitSchema>;

/** The limits in force; `null` means off. */
export const RateLimitSettingsSchema = z.strictObject({
  /** Per-webhook bucket (visible in the `X-RateLimit-*` headers). */
  rateLimit: WindowLimitSchema.nullable(),
  /** Discord's hidden per-channel limit on new messages, shared by the webhooks of a channel. */
  channelRateLimit: WindowLimitSchema.nullable(),
  /** Global limit per client IP. */
  globalRateLimit: WindowLimitSchema.nullable(),
});
export type RateLimitSettings = z.infer<typeof RateLimitSettingsSchema>;

/** `PUT /_emulator/rate-limits` and {@link DiscordEmulator.setRateLimits}: `null` disables a limit, absent keeps it. */
export const RateLimitsUpdateSchema = RateLimitSettingsSchema.partial();
export type RateLimitsUpdate = z.input<typeof RateLimitsUpdateSchema>;

const HeaderValueSchema = z.string().regex(/^[\t\x20-\x7e]*$/, 'must be printable ASCII');

/** What an injected fault does to a matching request. */
export const FaultActionSchema = z.discriminatedUnion('type', [
  /** Answer with this status (e.g. 500, 502 with a Cloudflare HTML page, 503) instead of processing. */
  z.strictObject({
    type: z.literal('status'),
    status: z.int().min(200).max(599),
    body: z.json().optional(),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name'), HeaderValueSchema).optional(),
  }),
  /** Answer 429 without touching the real buckets. */
  z.strictObject({
    type: z.literal('rate-limit'),
    retryAfterS: z.number().positive().max(86_400),
    global: z.boolean().optional(),
    scope: z.enum(['user', 'global', 'shared']).optional(),
  }),
  /** Delay by `ms`, then process normally; without `ms` never answer (until the client gives up). */
  z.strictObject({ type: z.literal('hang'), ms: z.int().min(0).max(600_000).optional() }),
  /** Destroy the connection before answering; nothing is processed. */
  z.strictObject({ type: z.literal('reset') }),
  /** Process the request (the message IS created), then destroy the connection instead of answering. */
  z.strictObject({ type: z.literal('drop-response') }),
]);
export type FaultAction = z.infer<typeof FaultActionSchema>;

const MethodSchema = z.enum(['GET', 'POST', 'PATCH', 'DELETE']);

/** A fault for the next `times` requests matching `webhookId` and `method` (either absent = any). */
export const FaultSchema = z.strictObject({
  webhookId: SnowflakeSchema.optional(),
  method: MethodSchema.optional(),
  times: z.int().min(1).max(100_000).default(1),
  action: FaultActionSchema,
});
export type FaultInput = z.input<typeof FaultSchema>;
export type Fault = z.infer<typeof FaultSchema>;

/** {@link startEmulator} options. */
export const EmulatorOptionsSchema = z.strictObject({
  /** @default '127.0.0.1' */
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port. @default 0 */
  port: z.int().min(0).max(65_535).default(0),
  /** `null` switches the per-webhook bucket (and its headers) off. @default 5 per 2000 ms */
  rateLimit: WindowLimitSchema.nullable().default({ ...DEFAULT_RATE_LIMIT }),
  /** `null` switches Discord's hidden per-channel limit off (`shared`-scope 429s). @default 30 per 60000 ms */
  channelRateLimit: WindowLimitSchema.nullable().default({ ...DEFAULT_CHANNEL_RATE_LIMIT }),
  /** Global limit per client IP. @default 50 per 1000 ms */
  globalRateLimit: WindowLimitSchema.nullable().default({ ...DEFAULT_GLOBAL_RATE_LIMIT }),
  /** Larger bodies get 413/40005. @default 25 MiB */
  maxBodyBytes: z.int().min(1).default(LIMITS.requestBytes),
  /** Webhooks to create at start-up. @default [] */
  webhooks: z.array(CreateWebhookSchema).default([]),
  /** Oldest recorded requests are dropped past this many. @default 10_000 */
  maxRecordedRequests: z.int().min(1).default(10_000),
});
export type EmulatorOptions = z.input<typeof EmulatorOptionsSchema>;
export type ResolvedEmulatorOptions = z.infer<typeof EmulatorOptionsSchema>;

/** `GET /_emulator/requests` query (empty values such as `?webhookId=` are dropped before parsing). */
export const RequestsQuerySchema = z.strictObject({
  webhookId: z.string().optional(),
  method: MethodSchema.optional(),
  since: z.string().regex(/^\d+$/, 'must be a non-negative integer (a request seq)').transform(Number).optional(),
});

/** Formats zod issues as one line naming every field, e.g. `rateLimit.limit: Too small: expected int to be >=1`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Parses untrusted input (options, control bodies, queries) with `schema`.
 * @throws {EmulatorInputError} naming `what` and every offending field.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new EmulatorInputError(what, describeIssues(parsed.error));
  return parsed.data;
}
