import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { parseWebhookUrl, type WebhookTarget } from './discord/webhook-url';
import { type Mentions } from './discord/schemas';
import {
  DEFAULT_CHANNEL_LIMIT,
  DISCORD_REQUEST_TIMEOUT_MS,
  HEALTH_CHECK_INTERVAL_MS,
  HEALTH_WORKER_GRACE_MS,
  REPORT_SOURCE_TIMEOUT_MS,
  USERNAME_RULES,
  formatIssues,
} from './vocabulary';
import {
  boundedMs,
  duration,
  emptyAsUndefined,
  hostPort,
  integer,
  optionalString,
  parseMentions,
  flag,
  timeOfDay,
  timeZone,
  weekDay,
  windowLimit,
  type WeekDay,
  withDefault,
} from './config-values';
import type { WindowLimit } from './discord/pacing';
import { parseCodecConfig, type CodecConfig } from './codec/settings';
import { isLocalDemo, reportSourceConfig, type ReportSourceConfig } from './config-reports';

/** Notification types whose pings are configured with `DISCORD_MENTIONS_<TYPE>`. */
export const NOTIFICATION_TYPES = [
  'hot_lead',
  'daily_report',
  'weekly_report',
  'retargeting_report',
  'campaign_published',
  'error_alert',
  'campaign',
  'system_health',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Variables of earlier releases whose job the outbox does now; set, they stop start-up with what to do instead. */
const RETIRED_VARIABLES: readonly [RegExp, string][] = [
  [
    /^DISCORD_DIGEST_[A-Z0-9_]+$/,
    'digests are gone: every channel folds what waits into as few messages as Discord allows',
  ],
  [
    /^DISCORD_DELIVERY_RATE$/,
    "the channel outboxes keep Discord's limits for all workers now; use DISCORD_CHANNEL_LIMIT for the channel limit",
  ],
];
const WEBHOOK_VARIABLE = /^DISCORD_WEBHOOK_URL(?:_([A-Z0-9_]+))?$/;
const MENTIONS_VARIABLE = /^DISCORD_MENTIONS_([A-Z0-9_]+)$/;

/** Every plain variable of the contract; webhook and mention variables are discovered by name below. */
const EnvSchema = z.object({
  TEMPORAL_ADDRESS: z.preprocess(emptyAsUndefined, hostPort.default('localhost:7233')),
  TEMPORAL_NAMESPACE: withDefault('default'),
  TEMPORAL_TASK_QUEUE: withDefault('marketing-notifications'),
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: z.preprocess(emptyAsUndefined, z.enum(['true', 'false', '1', '0']).optional()),
  TEMPORAL_UI_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  DISCORD_ALLOWED_HOSTS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((list) => (list ?? '').split(',').map((entry) => entry.trim().toLowerCase()))
      .pipe(z.array(z.union([z.literal(''), hostPort, z.string().regex(/^[a-z0-9.-]+$/, 'must be host or host:port')])))
      .transform((hosts) => hosts.filter(Boolean)),
  ),
  DISCORD_USERNAME: z.preprocess(
    emptyAsUndefined,
    USERNAME_RULES.reduce(
      (schema, rule) => schema.refine(rule.test, rule.message),
      z.string().trim().min(1, 'must not be blank').max(80),
    ).optional(),
  ),
  DISCORD_AVATAR_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/ })
      .max(2_048)
      .optional(),
  ),
  DISCORD_TIMEOUT_MS: boundedMs(DISCORD_REQUEST_TIMEOUT_MS),
  DISCORD_CHANNEL_LIMIT: z.preprocess(emptyAsUndefined, windowLimit.optional()),
  HOT_LEAD_THRESHOLD: integer(0, 100, 80),
  REPORT_TIMEZONE: z.preprocess(emptyAsUndefined, timeZone.default('UTC')),
  DAILY_REPORT_TIME: z.preprocess(emptyAsUndefined, timeOfDay.prefault('09:00')),
  RETARGETING_REPORT_TIME: z.preprocess(emptyAsUndefined, timeOfDay.prefault('09:30')),
  WEEKLY_REPORT_DAY: z.preprocess(emptyAsUndefined, weekDay.prefault('monday')),
  WEEKLY_REPORT_TIME: z.preprocess(emptyAsUndefined, timeOfDay.prefault('09:00')),
  // Report data (src/config-reports.ts): unset sources use sample data in the local demo only.
  METRICS_SOURCE: optionalString,
  AUDIENCES_SOURCE: optionalString,
  METRICS_SOURCE_UNDATED: flag,
  AUDIENCES_SOURCE_UNDATED: flag,
  METRICS_SOURCE_AUTH: optionalString,
  AUDIENCES_SOURCE_AUTH: optionalString,
  REPORT_SOURCE_TIMEOUT_MS: boundedMs(REPORT_SOURCE_TIMEOUT_MS),
  WORKER_METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65_535).optional()),
  // The system-health check (src/workflows/system-health.ts).
  HEALTH_CHECK_INTERVAL: duration(HEALTH_CHECK_INTERVAL_MS),
  HEALTH_WATCH_QUERY: optionalString,
  HEALTH_WATCH_TASK_QUEUES: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((list) =>
        list === undefined ? undefined : [...new Set(list.split(',').map((queue) => queue.trim()))],
      )
      .refine((queues) => !queues?.some((queue) => queue === '' || queue.length > 1_000), {
        message: 'must be a comma-separated list of task queue names (or "none")',
      }),
  ),
  HEALTH_WORKER_GRACE: duration(HEALTH_WORKER_GRACE_MS),
  // Payload encryption (src/codec): keys, and the codec server the Web UI calls to decrypt.
  TEMPORAL_CODEC_KEY: optionalString,
  TEMPORAL_CODEC_KEY_ID: optionalString,
  TEMPORAL_CODEC_PREVIOUS_KEYS: optionalString,
  TEMPORAL_CODEC_AUTH: optionalString,
  TEMPORAL_CODEC_CORS_ORIGINS: withDefault('http://localhost:8080'),
  TEMPORAL_CODEC_HOST: withDefault('127.0.0.1'),
  TEMPORAL_CODEC_PORT: integer(1, 65_535, 8888),
});

/** The validated configuration; built once by {@link loadConfig}. */
export interface Config {
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
    readonly apiKey: string | undefined;
    readonly tls: boolean;
    readonly uiUrl: string;
  };
  readonly discord: {
    /** Named channels from `DISCORD_WEBHOOK_URL_<NAME>`, keyed by lower-case name. */
    readonly channels: ReadonlyMap<string, WebhookTarget>;
    /** `DISCORD_WEBHOOK_URL`: where unset channels go. */
    readonly defaultChannel: WebhookTarget | undefined;
    readonly allowedHosts: readonly string[];
    readonly username: string | undefined;
    readonly avatarUrl: string | undefined;
    readonly timeoutMs: number;
    /** Discord's hidden per-channel limit the outboxes keep (`DISCORD_CHANNEL_LIMIT`); null when switched off. */
    readonly channelLimit: WindowLimit | null;
  };
  readonly notifications: {
    readonly hotLeadThreshold: number;
    readonly reportTimezone: string;
    /** Who may be pinged per notification type (`DISCORD_MENTIONS_<TYPE>`); never taken from data. */
    readonly mentions: Readonly<Partial<Record<NotificationType, Mentions>>>;
  };
  readonly reports: {
    readonly metrics: ReportSourceConfig;
    readonly audiences: ReportSourceConfig;
    /** One request to an http(s) source, in ms (REPORT_SOURCE_TIMEOUT_MS). */
    readonly sourceTimeoutMs: number;
    /** Every webhook is on a DISCORD_ALLOWED_HOSTS host (the emulator): unset sources use labelled sample data. */
    readonly localDemo: boolean;
    readonly dailyReportTime: { hour: number; minute: number };
    readonly retargetingReportTime: { hour: number; minute: number };
    /** `WEEKLY_REPORT_DAY` and `WEEKLY_REPORT_TIME`: when the weekly performance report runs. */
    readonly weeklyReportDay: WeekDay;
    readonly weeklyReportTime: { hour: number; minute: number };
  };
  /** The system-health check: its schedule, what it watches, when a task queue counts as offline. */
  readonly health: {
    /** `HEALTH_CHECK_INTERVAL`: how often the `system-health` schedule runs the check. */
    readonly checkIntervalMs: number;
    /** `HEALTH_WATCH_QUERY`: a visibility query narrowing which closed executions are reported. */
    readonly watchQuery: string | undefined;
    /** `HEALTH_WATCH_TASK_QUEUES`: task queues whose workers are watched; default the worker's own task queue. */
    readonly watchTaskQueues: readonly string[];
    /** `HEALTH_WORKER_GRACE`: how long a watched queue may go without a poll before it is reported offline. */
    readonly workerGraceMs: number;
  };
  readonly workerMetricsPort: number | undefined;
  /** Payload encryption (TEMPORAL_CODEC_*); `codec.encryption` is undefined when TEMPORAL_CODEC_KEY is unset. */
  readonly codec?: CodecConfig;
}

/** What a Temporal connection (a client's or a worker's) needs: the frontend, TLS, and an API key for Temporal Cloud. */
export function temporalConnectionOptions(config: Config): { address: string; tls: boolean; apiKey?: string } {
  const { address, tls, apiKey } = config.temporal;
  return { address, tls, ...(apiKey && { apiKey }) };
}

/** Thrown when the environment is invalid; the message lists every problem by variable name, tokens redacted. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** The variables found by name: webhooks, mentions, and retired ones (a problem each). */
function scanVariables(env: NodeJS.ProcessEnv, allowedHosts: readonly string[], problems: string[]) {
  const channels = new Map<string, WebhookTarget>();
  let defaultChannel: WebhookTarget | undefined;
  const mentions: Partial<Record<NotificationType, Mentions>> = {};
  for (const [variable, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!value) continue;
    const retired = RETIRED_VARIABLES.find(([pattern]) => pattern.test(variable));
    if (retired) {
      problems.push(`${variable}: no longer used; ${retired[1]}. Remove it.`);
      continue;
    }
    const webhook = WEBHOOK_VARIABLE.exec(variable);
    if (webhook) {
      try {
        const target = parseWebhookUrl(value, { allowedHosts });
        if (webhook[1]) channels.set(webhook[1].toLowerCase(), target);
        else defaultChannel = target;
      } catch (error) {
        problems.push(`${variable}: ${error instanceof Error ? error.message : String(error)}`);
      }
      continue;
    }
    const mention = MENTIONS_VARIABLE.exec(variable);
    if (mention?.[1]) {
      const type = mention[1].toLowerCase() as NotificationType;
      if (!NOTIFICATION_TYPES.includes(type)) {
        problems.push(
          `${variable}: unknown notification type; use one of ${NOTIFICATION_TYPES.join(', ')} (upper case)`,
        );
      } else mentions[type] = parseMentions(variable, value, problems);
    }
  }
  return { channels, defaultChannel, mentions };
}

/** METRICS_SOURCE and AUDIENCES_SOURCE with their _UNDATED and _AUTH companions. */
function reportSources(data: z.output<typeof EnvSchema>, problems: string[]) {
  const source = (variable: 'METRICS_SOURCE' | 'AUDIENCES_SOURCE') =>
    reportSourceConfig(
      variable,
      { location: data[variable], undated: data[`${variable}_UNDATED`], auth: data[`${variable}_AUTH`] },
      problems,
    );
  return { metrics: source('METRICS_SOURCE'), audiences: source('AUDIENCES_SOURCE') };
}

/**
 * Reads and validates the environment once; the only reader of `process.env` in the project.
 * Empty values count as unset. Webhook URLs are checked but never printed.
 * @throws {ConfigError} naming every invalid variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): Config {
  const problems: string[] = [];
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    problems.push(...formatIssues(parsed.error.issues));
  }
  const allowedHosts = parsed.success ? parsed.data.DISCORD_ALLOWED_HOSTS : [];

  const { channels, defaultChannel, mentions } = scanVariables(env, allowedHosts, problems);
  const codec = parsed.success ? parseCodecConfig(parsed.data, problems) : undefined;
  const sources = parsed.success ? reportSources(parsed.data, problems) : undefined;
  if (problems.length > 0 || !parsed.success || !sources) throw new ConfigError(problems);

  const data = parsed.data;
  return {
    temporal: {
      address: data.TEMPORAL_ADDRESS,
      namespace: data.TEMPORAL_NAMESPACE,
      taskQueue: data.TEMPORAL_TASK_QUEUE,
      apiKey: data.TEMPORAL_API_KEY,
      tls: data.TEMPORAL_TLS === 'true' || data.TEMPORAL_TLS === '1' || data.TEMPORAL_API_KEY !== undefined,
      uiUrl: (data.TEMPORAL_UI_URL ?? 'http://localhost:8233').replace(/\/+$/, ''),
    },
    discord: {
      channels,
      defaultChannel,
      allowedHosts,
      username: data.DISCORD_USERNAME,
      avatarUrl: data.DISCORD_AVATAR_URL,
      timeoutMs: data.DISCORD_TIMEOUT_MS,
      channelLimit:
        data.DISCORD_CHANNEL_LIMIT === undefined ? { ...DEFAULT_CHANNEL_LIMIT } : data.DISCORD_CHANNEL_LIMIT,
    },
    notifications: {
      hotLeadThreshold: data.HOT_LEAD_THRESHOLD,
      reportTimezone: data.REPORT_TIMEZONE,
      mentions,
    },
    reports: {
      ...sources,
      sourceTimeoutMs: data.REPORT_SOURCE_TIMEOUT_MS,
      localDemo: isLocalDemo([...(defaultChannel ? [defaultChannel] : []), ...channels.values()]),
      dailyReportTime: data.DAILY_REPORT_TIME,
      retargetingReportTime: data.RETARGETING_REPORT_TIME,
      weeklyReportDay: data.WEEKLY_REPORT_DAY,
      weeklyReportTime: data.WEEKLY_REPORT_TIME,
    },
    health: {
      checkIntervalMs: data.HEALTH_CHECK_INTERVAL,
      watchQuery: data.HEALTH_WATCH_QUERY,
      watchTaskQueues: watchedQueues(data.HEALTH_WATCH_TASK_QUEUES, data.TEMPORAL_TASK_QUEUE),
      workerGraceMs: data.HEALTH_WORKER_GRACE,
    },
    workerMetricsPort: data.WORKER_METRICS_PORT,
    codec,
  };
}

/** `HEALTH_WATCH_TASK_QUEUES`: unset watches the worker's own task queue; `none` watches none. */
function watchedQueues(list: readonly string[] | undefined, taskQueue: string): readonly string[] {
  if (list === undefined) return [taskQueue];
  return list.length === 1 && list[0]!.toLowerCase() === 'none' ? [] : list;
}

/**
 * `process.env` merged over `.env` in the working directory (variables already set win), as the contract says.
 * @throws {ConfigError} when `.env` exists but cannot be read
 */
export function readEnvironment(cwd = process.cwd()): NodeJS.ProcessEnv {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return process.env;
  try {
    return { ...parseEnv(readFileSync(file, 'utf8')), ...process.env };
  } catch (error) {
    throw new ConfigError([`.env: ${error instanceof Error ? error.message : String(error)}`]);
  }
}
