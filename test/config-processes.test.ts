// One environment schema per process, each composed from the shared parts: it reads only its own variables and
// names every invalid one at once, before anything starts.
import { StartEnvSchema } from '../src/cli/start-support';
import { CodecServerEnvSchema } from '../src/codec/codec-server';
import { ClientEnvSchema, ConfigError, loadEnv, WorkerEnvSchema } from '../src/config';
import { HealthcheckEnvSchema } from '../src/healthcheck';

function problemsOf(schema: Parameters<typeof loadEnv>[0], env: Record<string, string>): readonly string[] {
  try {
    loadEnv(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const TOKEN = 'Tok3n_secret-value.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const variables = (problems: readonly string[]) => problems.map((problem) => problem.split(':')[0]);

describe('each process validates its own variables, every problem at once', () => {
  test('the worker: Temporal, Discord, webhooks, mentions, reports, health, metrics and codec keys together', () => {
    const problems = problemsOf(WorkerEnvSchema, {
      TEMPORAL_ADDRESS: 'localhost',
      DISCORD_TIMEOUT_MS: '500',
      DISCORD_WEBHOOK_URL_ALERTS: `https://example.com/api/webhooks/123456789012345678/${TOKEN}`,
      DISCORD_MENTIONS_HOT_LEAD: 'team:1',
      DISCORD_DELIVERY_RATE: '2',
      HOT_LEAD_THRESHOLD: '101',
      REPORT_SOURCE_TIMEOUT_MS: '60000',
      HEALTH_WORKER_GRACE: '30s',
      WORKER_METRICS_PORT: '70000',
      TEMPORAL_CODEC_KEY_ID: 'k1',
    });
    expect(variables(problems)).toEqual([
      'TEMPORAL_ADDRESS',
      'DISCORD_TIMEOUT_MS',
      'HOT_LEAD_THRESHOLD',
      'REPORT_SOURCE_TIMEOUT_MS',
      'HEALTH_WORKER_GRACE',
      'WORKER_METRICS_PORT',
      'TEMPORAL_CODEC_KEY',
      'DISCORD_WEBHOOK_URL_ALERTS',
      'DISCORD_MENTIONS_HOT_LEAD',
      'DISCORD_DELIVERY_RATE',
    ]);
    expect(problems).toContain('DISCORD_TIMEOUT_MS: Too small: expected number to be >=1000');
    expect(problems.join('\n')).not.toContain(TOKEN);
  });

  test('the CLI: the variables it reads, not the worker-only ones', () => {
    const problems = problemsOf(ClientEnvSchema, {
      TEMPORAL_NAMESPACE: ' ',
      TEMPORAL_UI_URL: 'ftp://ui',
      REPORT_TIMEZONE: 'Mars/Olympus',
      DAILY_REPORT_TIME: '9am',
      HEALTH_CHECK_INTERVAL: '2d',
      TEMPORAL_CODEC_KEY: 'not base64!',
      // Read by the worker only: the CLI does not stop on them.
      DISCORD_TIMEOUT_MS: '500',
      DISCORD_USERNAME: 'Discord Bot',
      WORKER_METRICS_PORT: 'x',
      TEMPORAL_CODEC_PORT: '0',
    });
    expect(variables(problems)).toEqual([
      'TEMPORAL_NAMESPACE',
      'TEMPORAL_UI_URL',
      'REPORT_TIMEZONE',
      'DAILY_REPORT_TIME',
      'HEALTH_CHECK_INTERVAL',
      'TEMPORAL_CODEC_KEY',
      'TEMPORAL_CODEC_KEY_ID',
    ]);
    const config = loadEnv(ClientEnvSchema, { DISCORD_TIMEOUT_MS: '500', TEMPORAL_TASK_QUEUE: 'q' });
    expect(config.temporal.taskQueue).toBe('q');
    expect(config.health.watchTaskQueues).toEqual(['q']);
    expect(Object.keys(config).sort()).toEqual(['codec', 'health', 'notifications', 'reports', 'temporal']);
  });

  test("npm start: the worker's variables and its own, in one list", () => {
    const problems = problemsOf(StartEnvSchema, {
      HOT_LEAD_THRESHOLD: 'high',
      DISCORD_CHANNEL_LIMIT: '30',
      TEMPORAL_UI_PORT: '0',
      EMULATOR_PORT: 'abc',
    });
    expect(problems).toEqual([
      'DISCORD_CHANNEL_LIMIT: must be <messages>/<window> (1-1000 per 1s-1h), e.g. 30/60s, or off',
      'HOT_LEAD_THRESHOLD: must be a whole number',
      'TEMPORAL_UI_PORT: must be a port number',
      'EMULATOR_PORT: must be a port number',
    ]);
    const settings = loadEnv(StartEnvSchema, { START_DATA_DIR: ' ', EMULATOR_PORT: '0' });
    expect(settings.start).toEqual({ dataDir: '.data', uiPort: 8233, emulatorPort: 0 });
    expect(settings.config.temporal.address).toBe('localhost:7233');
  });

  test('the codec server: only TEMPORAL_CODEC_*, and it needs the key', () => {
    expect(
      problemsOf(CodecServerEnvSchema, {
        TEMPORAL_CODEC_KEY_ID: 'has space',
        TEMPORAL_CODEC_CORS_ORIGINS: 'localhost:8080',
        TEMPORAL_CODEC_PORT: '0',
        // Not read by the codec server: an invalid worker variable does not stop it.
        HOT_LEAD_THRESHOLD: '101',
      }),
    ).toEqual([
      'TEMPORAL_CODEC_KEY_ID: must be 1-64 characters of A-Z a-z 0-9 . _ - (starting with a letter or digit)',
      'TEMPORAL_CODEC_KEY: required when TEMPORAL_CODEC_KEY_ID or TEMPORAL_CODEC_PREVIOUS_KEYS is set',
      'TEMPORAL_CODEC_CORS_ORIGINS: "localhost:8080" is not an origin like http://localhost:8080',
      'TEMPORAL_CODEC_PORT: Too small: expected number to be >=1',
    ]);
  });

  test('the container healthcheck: only WORKER_METRICS_PORT', () => {
    expect(problemsOf(HealthcheckEnvSchema, { WORKER_METRICS_PORT: '0', HOT_LEAD_THRESHOLD: '101' })).toEqual([
      'WORKER_METRICS_PORT: Too small: expected number to be >=1',
    ]);
    expect(loadEnv(HealthcheckEnvSchema, { WORKER_METRICS_PORT: '9464' })).toEqual({ workerMetricsPort: 9464 });
  });
});
