// The environment schemas of the worker and of the CLI, composed from the shared parts in src/config-parts.ts, and the
// one reader of the environment. Each process validates its variables once at start and stops naming every problem.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { z } from 'zod';
import { CodecKeysEnvSchema } from './codec/settings';
import { composeEnv, problemLines, type Env, type PartsOutput } from './config-compose';
import {
  DiscordEnvSchema,
  HealthEnvSchema,
  MentionsEnvSchema,
  NotificationsEnvSchema,
  ReportsEnvSchema,
  RetiredEnvSchema,
  TemporalEnvSchema,
  WebhooksEnvSchema,
  WorkerMetricsEnvSchema,
} from './config-parts';
import { isLocalDemo } from './config-reports';

/** Thrown when the environment is invalid; the message lists every problem by variable name, tokens redacted. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Validates `env` against a process's schema once; the output type is the schema's.
 * @throws {ConfigError} naming every invalid variable
 */
export function loadEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemLines(parsed.error.issues));
  return parsed.data;
}

// Problems are listed in the order of the parts: the plain variables first, then those found by name.

/** The parts the CLI reads: the connection, the payload keys, and what the schedules and their warnings need. */
const CLIENT_PARTS = {
  temporal: TemporalEnvSchema,
  notifications: NotificationsEnvSchema,
  reports: ReportsEnvSchema,
  health: HealthEnvSchema,
  codec: CodecKeysEnvSchema,
  webhooks: WebhooksEnvSchema,
  retired: RetiredEnvSchema,
};

/** The parts the worker reads: the CLI's, plus how it posts to Discord, who may be pinged, and its metrics port. */
export const WORKER_PARTS = {
  temporal: TemporalEnvSchema,
  discord: DiscordEnvSchema,
  notifications: NotificationsEnvSchema,
  reports: ReportsEnvSchema,
  health: HealthEnvSchema,
  workerMetricsPort: WorkerMetricsEnvSchema,
  codec: CodecKeysEnvSchema,
  webhooks: WebhooksEnvSchema,
  mentions: MentionsEnvSchema,
  retired: RetiredEnvSchema,
};

/** `HEALTH_WATCH_TASK_QUEUES`: unset watches the worker's own task queue; `none` watches none. */
function watchedQueues(list: readonly string[] | undefined, taskQueue: string): readonly string[] {
  if (list === undefined) return [taskQueue];
  return list.length === 1 && list[0]!.toLowerCase() === 'none' ? [] : list;
}

/** The settings the CLI works with, grouped; what depends on more than one part is derived here. */
function clientSettings(parts: PartsOutput<typeof CLIENT_PARTS>) {
  const { temporal, webhooks, notifications, reports, health, codec } = parts;
  const targets = [...(webhooks.defaultChannel ? [webhooks.defaultChannel] : []), ...webhooks.channels.values()];
  return {
    temporal,
    notifications,
    /** `localDemo`: every webhook is on a DISCORD_ALLOWED_HOSTS host (the emulator): unset sources use sample data. */
    reports: { ...reports, localDemo: isLocalDemo(targets) },
    health: { ...health, watchTaskQueues: watchedQueues(health.watchTaskQueues, temporal.taskQueue) },
    /** Payload encryption (TEMPORAL_CODEC_KEY...); `codec.encryption` is undefined when TEMPORAL_CODEC_KEY is unset. */
    codec,
  };
}

/** The worker's settings: the CLI's, plus the webhooks and how to post to them, the mentions and the metrics port. */
export function workerSettings(parts: PartsOutput<typeof WORKER_PARTS>) {
  const client = clientSettings(parts);
  return {
    ...client,
    discord: { ...parts.discord, ...parts.webhooks },
    notifications: { ...client.notifications, mentions: parts.mentions },
    workerMetricsPort: parts.workerMetricsPort,
  };
}

/** The CLI's one environment schema (`npx discord-notify`). */
export const ClientEnvSchema = composeEnv(CLIENT_PARTS).transform(clientSettings);
/** What the CLI reads from the environment; built once by {@link loadClientConfig}. */
export type ClientConfig = z.output<typeof ClientEnvSchema>;

/** The worker's one environment schema: every variable of the contract the worker reads. */
export const WorkerEnvSchema = composeEnv(WORKER_PARTS).transform(workerSettings);
/** The validated configuration of the worker; built once by {@link loadConfig}. */
export type Config = z.output<typeof WorkerEnvSchema>;

/**
 * The worker's configuration, read and validated once. Empty values count as unset. Webhook URLs are checked but
 * never printed.
 * @throws {ConfigError} naming every invalid variable
 */
export function loadConfig(env: Env = readEnvironment()): Config {
  return loadEnv(WorkerEnvSchema, env);
}

/**
 * The CLI's configuration: the variables it reads, validated once.
 * @throws {ConfigError} naming every invalid variable
 */
export function loadClientConfig(env: Env = readEnvironment()): ClientConfig {
  return loadEnv(ClientEnvSchema, env);
}

/** What a Temporal connection (a client's or a worker's) needs: the frontend, TLS, and an API key for Temporal Cloud. */
export function temporalConnectionOptions(config: Pick<ClientConfig, 'temporal'>): {
  address: string;
  tls: boolean;
  apiKey?: string;
} {
  const { address, tls, apiKey } = config.temporal;
  return { address, tls, ...(apiKey && { apiKey }) };
}

/**
 * `process.env` merged over `.env` in the working directory (variables already set win), as the contract says; the
 * only reader of `process.env` in the project.
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
