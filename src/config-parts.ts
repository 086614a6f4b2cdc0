// The shared parts of the environment schemas: each reads its variables and yields one group of settings. A process's
// one schema (src/config.ts, src/cli/start-support.ts, src/codec/codec-server.ts, src/healthcheck.ts) composes the
// parts it reads with composeEnv (src/config-compose.ts). Pure: no environment access.
import { z } from 'zod';
import { addProblems, EnvironmentSchema, type Env } from './config-compose';
import { reportSourceConfig } from './config-reports';
import {
  boundedMs,
  duration,
  emptyAsUndefined,
  flag,
  hostPort,
  integer,
  optionalString,
  parseMentions,
  timeOfDay,
  timeZone,
  weekDay,
  windowLimit,
  withDefault,
} from './config-values';
import type { Mentions } from './discord/schemas';
import { parseWebhookUrl, type WebhookTarget } from './discord/webhook-url';
import {
  DEFAULT_CHANNEL_LIMIT,
  DISCORD_REQUEST_TIMEOUT_MS,
  HEALTH_CHECK_INTERVAL_MS,
  HEALTH_WORKER_GRACE_MS,
  REPORT_SOURCE_TIMEOUT_MS,
  USERNAME_RULES,
} from './vocabulary';

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

/** The Temporal connection and where its Web UI is: every process that talks to Temporal. */
export const TemporalEnvSchema = z
  .object({
    TEMPORAL_ADDRESS: z.preprocess(emptyAsUndefined, hostPort.default('localhost:7233')),
    TEMPORAL_NAMESPACE: withDefault('default'),
    TEMPORAL_TASK_QUEUE: withDefault('marketing-notifications'),
    TEMPORAL_API_KEY: optionalString,
    TEMPORAL_TLS: z.preprocess(emptyAsUndefined, z.enum(['true', 'false', '1', '0']).optional()),
    TEMPORAL_UI_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  })
  .transform((env) => ({
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    apiKey: env.TEMPORAL_API_KEY,
    /** An API key (Temporal Cloud) turns TLS on. */
    tls: env.TEMPORAL_TLS === 'true' || env.TEMPORAL_TLS === '1' || env.TEMPORAL_API_KEY !== undefined,
    uiUrl: (env.TEMPORAL_UI_URL ?? 'http://localhost:8233').replace(/\/+$/, ''),
  }));

/** `DISCORD_ALLOWED_HOSTS`: `host:port` entries allowed besides Discord's own hosts (the emulator). */
const allowedHosts = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((list) => (list ?? '').split(',').map((entry) => entry.trim().toLowerCase()))
    .pipe(z.array(z.union([z.literal(''), hostPort, z.string().regex(/^[a-z0-9.-]+$/, 'must be host or host:port')])))
    .transform((hosts) => hosts.filter(Boolean)),
);

/** How the worker posts: allowed hosts, the default username and avatar, the request timeout, the channel limit. */
export const DiscordEnvSchema = z
  .object({
    DISCORD_ALLOWED_HOSTS: allowedHosts,
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
  })
  .transform((env) => ({
    allowedHosts: env.DISCORD_ALLOWED_HOSTS,
    username: env.DISCORD_USERNAME,
    avatarUrl: env.DISCORD_AVATAR_URL,
    timeoutMs: env.DISCORD_TIMEOUT_MS,
    /** Discord's hidden per-channel limit the outboxes keep (`DISCORD_CHANNEL_LIMIT`); null when switched off. */
    channelLimit: env.DISCORD_CHANNEL_LIMIT === undefined ? { ...DEFAULT_CHANNEL_LIMIT } : env.DISCORD_CHANNEL_LIMIT,
  }));

const WEBHOOK_VARIABLE = /^DISCORD_WEBHOOK_URL(?:_([A-Z0-9_]+))?$/;

/** Set variables whose name matches `pattern`, trimmed, in the environment's order. */
function variablesLike(env: Env, pattern: RegExp): [RegExpExecArray, string][] {
  return Object.entries(env).flatMap(([variable, raw]) => {
    const match = pattern.exec(variable);
    const value = raw?.trim();
    return match && value ? [[match, value] as [RegExpExecArray, string]] : [];
  });
}

/**
 * The webhooks, found by name: `DISCORD_WEBHOOK_URL` (where unset channels go) and `DISCORD_WEBHOOK_URL_<NAME>`
 * (named channels, keyed by lower-case name). Checked against DISCORD_ALLOWED_HOSTS; problems never print the URL.
 */
export const WebhooksEnvSchema = EnvironmentSchema.transform((env, ctx) => {
  const hosts = allowedHosts.safeParse(env.DISCORD_ALLOWED_HOSTS);
  const channels = new Map<string, WebhookTarget>();
  let defaultChannel: WebhookTarget | undefined;
  for (const [match, value] of variablesLike(env, WEBHOOK_VARIABLE)) {
    try {
      const target = parseWebhookUrl(value, { allowedHosts: hosts.success ? hosts.data : [] });
      if (match[1]) channels.set(match[1].toLowerCase(), target);
      else defaultChannel = target;
    } catch (error) {
      addProblems(ctx, [`${match[0]}: ${error instanceof Error ? error.message : String(error)}`]);
    }
  }
  return { channels, defaultChannel };
});

/** Who may be pinged per notification type (`DISCORD_MENTIONS_<TYPE>`); never taken from data. */
export const MentionsEnvSchema = EnvironmentSchema.transform((env, ctx) => {
  const mentions: Partial<Record<NotificationType, Mentions>> = {};
  const problems: string[] = [];
  for (const [match, value] of variablesLike(env, /^DISCORD_MENTIONS_([A-Z0-9_]+)$/)) {
    const type = match[1]!.toLowerCase() as NotificationType;
    if (NOTIFICATION_TYPES.includes(type)) mentions[type] = parseMentions(match[0], value, problems);
    else {
      problems.push(`${match[0]}: unknown notification type; use one of ${NOTIFICATION_TYPES.join(', ')} (upper case)`);
    }
  }
  addProblems(ctx, problems);
  return mentions;
});

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

/** Refuses the retired variables, each with what replaced it. */
export const RetiredEnvSchema = EnvironmentSchema.transform((env, ctx) => {
  for (const [pattern, instead] of RETIRED_VARIABLES) {
    for (const [match] of variablesLike(env, pattern))
      addProblems(ctx, [`${match[0]}: no longer used; ${instead}. Remove it.`]);
  }
});

/** When hot leads alert, and the zone reports are dated and scheduled in. */
export const NotificationsEnvSchema = z
  .object({
    HOT_LEAD_THRESHOLD: integer(0, 100, 80),
    REPORT_TIMEZONE: z.preprocess(emptyAsUndefined, timeZone.default('UTC')),
  })
  .transform((env) => ({ hotLeadThreshold: env.HOT_LEAD_THRESHOLD, reportTimezone: env.REPORT_TIMEZONE }));

/** The report sources (METRICS_SOURCE, AUDIENCES_SOURCE and their options) and when the reports run. */
export const ReportsEnvSchema = z
  .object({
    DAILY_REPORT_TIME: z.preprocess(emptyAsUndefined, timeOfDay.prefault('09:00')),
    RETARGETING_REPORT_TIME: z.preprocess(emptyAsUndefined, timeOfDay.prefault('09:30')),
    WEEKLY_REPORT_DAY: z.preprocess(emptyAsUndefined, weekDay.prefault('monday')),
    WEEKLY_REPORT_TIME: z.preprocess(emptyAsUndefined, timeOfDay.prefault('09:00')),
    METRICS_SOURCE: optionalString,
    AUDIENCES_SOURCE: optionalString,
    METRICS_SOURCE_UNDATED: flag,
    AUDIENCES_SOURCE_UNDATED: flag,
    METRICS_SOURCE_AUTH: optionalString,
    AUDIENCES_SOURCE_AUTH: optionalString,
    REPORT_SOURCE_TIMEOUT_MS: boundedMs(REPORT_SOURCE_TIMEOUT_MS),
  })
  .transform((env, ctx) => {
    const problems: string[] = [];
    const source = (variable: 'METRICS_SOURCE' | 'AUDIENCES_SOURCE') =>
      reportSourceConfig(
        variable,
        { location: env[variable], undated: env[`${variable}_UNDATED`], auth: env[`${variable}_AUTH`] },
        problems,
      );
    const sources = { metrics: source('METRICS_SOURCE'), audiences: source('AUDIENCES_SOURCE') };
    addProblems(ctx, problems);
    return {
      ...sources,
      /** One request to an http(s) source, in ms (REPORT_SOURCE_TIMEOUT_MS). */
      sourceTimeoutMs: env.REPORT_SOURCE_TIMEOUT_MS,
      dailyReportTime: env.DAILY_REPORT_TIME,
      retargetingReportTime: env.RETARGETING_REPORT_TIME,
      /** `WEEKLY_REPORT_DAY` and `WEEKLY_REPORT_TIME`: when the weekly performance report runs. */
      weeklyReportDay: env.WEEKLY_REPORT_DAY,
      weeklyReportTime: env.WEEKLY_REPORT_TIME,
    };
  });

/** The system-health check: its schedule, what it watches, when a task queue counts as offline. */
export const HealthEnvSchema = z
  .object({
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
  })
  .transform((env) => ({
    /** `HEALTH_CHECK_INTERVAL`: how often the `system-health` schedule runs the check. */
    checkIntervalMs: env.HEALTH_CHECK_INTERVAL,
    /** `HEALTH_WATCH_QUERY`: a visibility query narrowing which closed executions are reported. */
    watchQuery: env.HEALTH_WATCH_QUERY,
    /** `HEALTH_WATCH_TASK_QUEUES` as listed; unset is resolved to the worker's own task queue by the process schema. */
    watchTaskQueues: env.HEALTH_WATCH_TASK_QUEUES,
    /** `HEALTH_WORKER_GRACE`: how long a watched queue may go without a poll before it is reported offline. */
    workerGraceMs: env.HEALTH_WORKER_GRACE,
  }));

/** `WORKER_METRICS_PORT`: where the worker serves Prometheus metrics; unset serves none. */
export const WorkerMetricsEnvSchema = z
  .object({
    WORKER_METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65_535).optional()),
  })
  .transform((env) => env.WORKER_METRICS_PORT);
