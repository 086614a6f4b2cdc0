import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { parseWebhookUrl, type WebhookTarget } from './discord/webhook-url';
import { type Mentions } from './discord/schemas';
import {
  emptyAsUndefined,
  hostPort,
  integer,
  optionalString,
  parseDuration,
  parseMentions,
  flag,
  timeOfDay,
  timeZone,
  withDefault,
} from './config-values';
import { parseCodecConfig, type CodecConfig } from './codec/settings';
import { isLocalDemo, reportSourceConfig, type ReportSourceConfig } from './config-reports';

/** Notification types whose pings are configured with `DISCORD_MENTIONS_<TYPE>`. */
export const NOTIFICATION_TYPES = [
  'hot_lead',
  'daily_report',
  'retargeting_report',
  'campaign_published',
  'error_alert',
  'campaign',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * Deliveries per second per webhook, enforced by the Temporal server across every worker: just under Discord's
 * 5 requests per 2 s, so five consecutive sends always span more than Discord's 2-second window.
 */
export const DEFAULT_DELIVERY_RATE = 2.45;

const DIGEST_VARIABLE = /^DISCORD_DIGEST_([A-Z0-9_]+)$/;
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
    z
      .string()
      .trim()
      .min(1, 'must not be blank')
      .max(80)
      .refine((name) => !/discord|clyde/i.test(name), 'Discord rejects usernames containing "discord" or "clyde"')
      .refine((name) => !/^(everyone|here)$/i.test(name), 'Discord rejects the usernames "everyone" and "here"')
      .optional(),
  ),
  DISCORD_AVATAR_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/ })
      .max(2_048)
      .optional(),
  ),
  DISCORD_TIMEOUT_MS: integer(1_000, 120_000, 15_000),
  DISCORD_DELIVERY_RATE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: 'must be a number of requests per second' }).min(0).max(50).default(DEFAULT_DELIVERY_RATE),
  ),
  HOT_LEAD_THRESHOLD: integer(0, 100, 80),
  REPORT_TIMEZONE: z.preprocess(emptyAsUndefined, timeZone.default('UTC')),
  DAILY_REPORT_TIME: z.preprocess(emptyAsUndefined, timeOfDay.prefault('09:00')),
  RETARGETING_REPORT_TIME: z.preprocess(emptyAsUndefined, timeOfDay.prefault('09:30')),
  // Report data (src/config-reports.ts): unset sources use sample data in the local demo only.
  METRICS_SOURCE: optionalString,
  AUDIENCES_SOURCE: optionalString,
  METRICS_SOURCE_UNDATED: flag,
  AUDIENCES_SOURCE_UNDATED: flag,
  METRICS_SOURCE_AUTH: optionalString,
  AUDIENCES_SOURCE_AUTH: optionalString,
  REPORT_SOURCE_TIMEOUT_MS: integer(1_000, 25_000, 10_000),
  WORKER_METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65_535).optional()),
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
    /** Server-enforced deliveries per second per webhook across all workers; 0 turns the shared limit off. */
    readonly deliveryRate: number;
    /** Channels whose notifications are collected into digests, with the collection window in ms. */
    readonly digests: ReadonlyMap<string, number>;
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

/**
 * Reads and validates the environment once; the only reader of `process.env` in the project.
 * Empty values count as unset. Webhook URLs are checked but never printed.
 * @throws {ConfigError} naming every invalid variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): Config {
  const problems: string[] = [];
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const allowedHosts = parsed.success ? parsed.data.DISCORD_ALLOWED_HOSTS : [];

  const channels = new Map<string, WebhookTarget>();
  let defaultChannel: WebhookTarget | undefined;
  const mentions: Partial<Record<NotificationType, Mentions>> = {};
  const digests = new Map<string, number>();
  for (const [variable, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!value) continue;
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
    const digest = DIGEST_VARIABLE.exec(variable);
    if (digest?.[1]) {
      const windowMs = parseDuration(value);
      if (windowMs === undefined || windowMs < 100 || windowMs > 3_600_000) {
        problems.push(`${variable}: must be a window between 100ms and 1h, e.g. 10s, 1500ms or 2m`);
      } else digests.set(digest[1].toLowerCase(), windowMs);
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
  const codec = parsed.success ? parseCodecConfig(parsed.data, problems) : undefined;
  const sources = parsed.success
    ? {
        metrics: reportSourceConfig(
          'METRICS_SOURCE',
          {
            location: parsed.data.METRICS_SOURCE,
            undated: parsed.data.METRICS_SOURCE_UNDATED,
            auth: parsed.data.METRICS_SOURCE_AUTH,
          },
          problems,
        ),
        audiences: reportSourceConfig(
          'AUDIENCES_SOURCE',
          {
            location: parsed.data.AUDIENCES_SOURCE,
            undated: parsed.data.AUDIENCES_SOURCE_UNDATED,
            auth: parsed.data.AUDIENCES_SOURCE_AUTH,
          },
          problems,
        ),
      }
    : undefined;
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
      deliveryRate: data.DISCORD_DELIVERY_RATE,
      digests,
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
    },
    workerMetricsPort: data.WORKER_METRICS_PORT,
    codec,
  };
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
