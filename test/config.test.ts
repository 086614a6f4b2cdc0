import { ConfigError, loadConfig, readEnvironment } from '../src/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOKEN = 'aB3-dEf_ghIjklMNopqRstuVwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXyz_-12';
const DISCORD_URL = `https://discord.com/api/webhooks/1234567890123456789/${TOKEN}`;

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('applies the contract defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.temporal).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'marketing-notifications',
      apiKey: undefined,
      tls: false,
      uiUrl: 'http://localhost:8233',
    });
    expect(config.discord.channels.size).toBe(0);
    expect(config.discord.defaultChannel).toBeUndefined();
    expect(config.discord.channelLimit).toEqual({ limit: 30, windowMs: 60_000 });
    expect(config.notifications).toEqual({ hotLeadThreshold: 80, reportTimezone: 'UTC', mentions: {} });
    expect(config.reports.dailyReportTime).toEqual({ hour: 9, minute: 0 });
    expect(config.reports.retargetingReportTime).toEqual({ hour: 9, minute: 30 });
    expect(config.reports.weeklyReportDay).toBe('MONDAY');
    expect(config.reports.weeklyReportTime).toEqual({ hour: 9, minute: 0 });
    expect(config.reports.metrics).toEqual({
      variable: 'METRICS_SOURCE',
      location: undefined,
      undated: false,
      auth: undefined,
    });
    expect(config.reports.audiences.location).toBeUndefined();
    expect(config.reports.sourceTimeoutMs).toBe(10_000);
    expect(config.reports.localDemo).toBe(false);
  });

  test('WEEKLY_REPORT_DAY takes a day name or its first three letters in any case; WEEKLY_REPORT_TIME is HH:MM', () => {
    expect(loadConfig({ WEEKLY_REPORT_DAY: 'friday', WEEKLY_REPORT_TIME: '17:45' }).reports).toMatchObject({
      weeklyReportDay: 'FRIDAY',
      weeklyReportTime: { hour: 17, minute: 45 },
    });
    expect(loadConfig({ WEEKLY_REPORT_DAY: ' Sun ' }).reports.weeklyReportDay).toBe('SUNDAY');
    expect(
      loadConfig({ DISCORD_MENTIONS_WEEKLY_REPORT: 'role:123456789012345678' }).notifications.mentions.weekly_report,
    ).toEqual({ roles: ['123456789012345678'] });
    expect(loadConfig({ WEEKLY_REPORT_DAY: '' }).reports.weeklyReportDay).toBe('MONDAY');
    expect(problemsOf({ WEEKLY_REPORT_DAY: 'mo', WEEKLY_REPORT_TIME: '25:00' })).toEqual([
      'WEEKLY_REPORT_DAY: must be a day of the week, e.g. monday (or mon)',
      'WEEKLY_REPORT_TIME: must be HH:MM in 24-hour time, e.g. 09:30',
    ]);
    expect(problemsOf({ WEEKLY_REPORT_DAY: 'weekday' })).toEqual([
      'WEEKLY_REPORT_DAY: must be a day of the week, e.g. monday (or mon)',
    ]);
  });

  test('treats empty strings as unset', () => {
    const config = loadConfig({ HOT_LEAD_THRESHOLD: '', TEMPORAL_NAMESPACE: '', DISCORD_WEBHOOK_URL: '' });
    expect(config.notifications.hotLeadThreshold).toBe(80);
    expect(config.temporal.namespace).toBe('default');
    expect(config.discord.defaultChannel).toBeUndefined();
  });

  test('discovers named channels from DISCORD_WEBHOOK_URL_<NAME>, keyed in lower case', () => {
    const config = loadConfig({
      DISCORD_WEBHOOK_URL: DISCORD_URL,
      DISCORD_WEBHOOK_URL_ALERTS: DISCORD_URL,
      DISCORD_WEBHOOK_URL_SLOW_LANE: DISCORD_URL,
    });
    expect([...config.discord.channels.keys()].sort()).toEqual(['alerts', 'slow_lane']);
    expect(config.discord.defaultChannel).toEqual({
      id: '1234567890123456789',
      token: TOKEN,
      apiBase: 'https://discord.com/api',
      apiVersion: undefined,
    });
  });

  test('refuses a webhook outside Discord unless its host is allowed, without printing the token', () => {
    const url = `http://127.0.0.1:8787/api/v10/webhooks/1234567890123456789/${TOKEN}`;
    const problems = problemsOf({ DISCORD_WEBHOOK_URL_ALERTS: url });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DISCORD_WEBHOOK_URL_ALERTS: /);
    expect(problems.join('\n')).not.toContain(TOKEN);
    const allowed = loadConfig({ DISCORD_WEBHOOK_URL_ALERTS: url, DISCORD_ALLOWED_HOSTS: '127.0.0.1:8787' });
    expect(allowed.discord.channels.get('alerts')?.apiBase).toBe('http://127.0.0.1:8787/api/v10');
  });

  test('names every invalid variable at once', () => {
    const problems = problemsOf({
      HOT_LEAD_THRESHOLD: '101',
      REPORT_TIMEZONE: 'Mars/Olympus',
      DAILY_REPORT_TIME: '9am',
      TEMPORAL_ADDRESS: 'localhost',
      DISCORD_USERNAME: 'Discord Bot',
      DISCORD_MENTIONS_HOT_LEAD: 'role:12,team:1',
      DISCORD_MENTIONS_NEWSLETTER: 'everyone',
    });
    const variables = problems.map((problem) => problem.split(':')[0]).sort();
    expect(variables).toEqual([
      'DAILY_REPORT_TIME',
      'DISCORD_MENTIONS_HOT_LEAD',
      'DISCORD_MENTIONS_HOT_LEAD',
      'DISCORD_MENTIONS_NEWSLETTER',
      'DISCORD_USERNAME',
      'HOT_LEAD_THRESHOLD',
      'REPORT_TIMEZONE',
      'TEMPORAL_ADDRESS',
    ]);
  });

  test('parses who may be pinged per notification type', () => {
    const config = loadConfig({
      DISCORD_MENTIONS_HOT_LEAD: 'role:123456789012345678, user:223456789012345678,everyone',
    });
    expect(config.notifications.mentions.hot_lead).toEqual({
      users: ['223456789012345678'],
      roles: ['123456789012345678'],
      everyone: true,
    });
  });

  test('DISCORD_CHANNEL_LIMIT takes <messages>/<window> or off, and names what is wrong', () => {
    expect(loadConfig({ DISCORD_CHANNEL_LIMIT: '20/1m' }).discord.channelLimit).toEqual({
      limit: 20,
      windowMs: 60_000,
    });
    expect(loadConfig({ DISCORD_CHANNEL_LIMIT: ' 5 / 10s ' }).discord.channelLimit).toEqual({
      limit: 5,
      windowMs: 10_000,
    });
    expect(loadConfig({ DISCORD_CHANNEL_LIMIT: 'OFF' }).discord.channelLimit).toBeNull();
    for (const bad of ['30', '0/60s', '30/0s', '30/2h', 'x/60s', '2000/60s']) {
      expect(() => loadConfig({ DISCORD_CHANNEL_LIMIT: bad })).toThrow(
        'DISCORD_CHANNEL_LIMIT: must be <messages>/<window> (1-1000 per 1s-1h), e.g. 30/60s, or off',
      );
    }
  });

  test('variables of the replaced delivery design stop start-up and say what replaced them', () => {
    expect(() => loadConfig({ DISCORD_DIGEST_ALERTS: '10s', DISCORD_DELIVERY_RATE: '2' })).toThrow(
      [
        'Invalid configuration:',
        '  - DISCORD_DIGEST_ALERTS: no longer used; digests are gone: every channel folds what waits into as few messages as Discord allows. Remove it.',
        "  - DISCORD_DELIVERY_RATE: no longer used; the channel outboxes keep Discord's limits for all workers now; use DISCORD_CHANNEL_LIMIT for the channel limit. Remove it.",
      ].join('\n'),
    );
  });

  test('system health: every 5 minutes, no filter, the own task queue watched, a 2-minute grace period', () => {
    expect(loadConfig({ TEMPORAL_TASK_QUEUE: 'mine' }).health).toEqual({
      checkIntervalMs: 300_000,
      watchQuery: undefined,
      watchTaskQueues: ['mine'],
      workerGraceMs: 120_000,
    });
    const config = loadConfig({
      HEALTH_CHECK_INTERVAL: '1h',
      HEALTH_WATCH_QUERY: " TaskQueue = 'etl' ",
      HEALTH_WATCH_TASK_QUEUES: 'etl, billing,etl',
      HEALTH_WORKER_GRACE: '90s',
      DISCORD_MENTIONS_SYSTEM_HEALTH: 'role:123456789012345678',
    });
    expect(config.health).toEqual({
      checkIntervalMs: 3_600_000,
      watchQuery: "TaskQueue = 'etl'",
      watchTaskQueues: ['etl', 'billing'],
      workerGraceMs: 90_000,
    });
    expect(config.notifications.mentions.system_health).toEqual({ roles: ['123456789012345678'] });
    expect(loadConfig({ HEALTH_WATCH_TASK_QUEUES: 'none' }).health.watchTaskQueues).toEqual([]);
  });

  test('system health: a grace period under 70s, an interval out of range and an empty queue name are refused', () => {
    expect(
      problemsOf({ HEALTH_WORKER_GRACE: '30s', HEALTH_CHECK_INTERVAL: '2d', HEALTH_WATCH_TASK_QUEUES: 'a,,b' }),
    ).toEqual([
      'HEALTH_CHECK_INTERVAL: must be a duration from 10s to 24h, e.g. 90s, 5m or 1h',
      'HEALTH_WATCH_TASK_QUEUES: must be a comma-separated list of task queue names (or "none")',
      'HEALTH_WORKER_GRACE: must be a duration from 1m 10s to 24h, e.g. 90s, 5m or 1h',
    ]);
  });

  test('an API key turns TLS on for Temporal Cloud', () => {
    const config = loadConfig({ TEMPORAL_API_KEY: 'key', TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233' });
    expect(config.temporal.tls).toBe(true);
    expect(config.temporal.apiKey).toBe('key');
  });
});

describe('readEnvironment', () => {
  test('reads .env and lets variables already set win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, '.env'), 'HOT_LEAD_THRESHOLD=90\nPATH=/nowhere\n# comment\n');
    const env = readEnvironment(dir);
    expect(env.HOT_LEAD_THRESHOLD).toBe('90');
    expect(env.PATH).toBe(process.env.PATH);
  });

  test('returns the environment as is without .env', () => {
    expect(readEnvironment(mkdtempSync(join(tmpdir(), 'env-')))).toBe(process.env);
  });
});

describe('report sources and the local demo', () => {
  const EMULATOR_URL = `http://127.0.0.1:8787/api/webhooks/1234567890123456789/${TOKEN}`;

  test('the local demo: every webhook on a DISCORD_ALLOWED_HOSTS host', () => {
    const demo = { DISCORD_ALLOWED_HOSTS: '127.0.0.1:8787', DISCORD_WEBHOOK_URL: EMULATOR_URL };
    expect(loadConfig(demo).reports.localDemo).toBe(true);
    expect(loadConfig({ ...demo, DISCORD_WEBHOOK_URL_REPORTS: EMULATOR_URL }).reports.localDemo).toBe(true);
  });

  test.each([
    ['no webhook at all', {}],
    ['a webhook on Discord', { DISCORD_WEBHOOK_URL: DISCORD_URL }],
    [
      'one channel on Discord, the rest on the emulator',
      {
        DISCORD_ALLOWED_HOSTS: '127.0.0.1:8787',
        DISCORD_WEBHOOK_URL: EMULATOR_URL,
        DISCORD_WEBHOOK_URL_ALERTS: DISCORD_URL,
      },
    ],
  ])('not the local demo: %s', (_, env) => {
    expect(loadConfig(env).reports.localDemo).toBe(false);
  });

  test('a relative file is resolved; a URL is kept; UNDATED, AUTH and the timeout are read', () => {
    const config = loadConfig({
      METRICS_SOURCE: 'reports/metrics.json',
      METRICS_SOURCE_UNDATED: 'true',
      AUDIENCES_SOURCE: 'https://bi.example/audiences?key=abc',
      AUDIENCES_SOURCE_AUTH: 'Bearer s3cret',
      REPORT_SOURCE_TIMEOUT_MS: '2500',
    });
    expect(config.reports.metrics).toEqual({
      variable: 'METRICS_SOURCE',
      location: join(process.cwd(), 'reports', 'metrics.json'),
      undated: true,
      auth: undefined,
    });
    expect(config.reports.audiences).toEqual({
      variable: 'AUDIENCES_SOURCE',
      location: 'https://bi.example/audiences?key=abc',
      undated: false,
      auth: { header: 'authorization', value: 'Bearer s3cret' },
    });
    expect(config.reports.sourceTimeoutMs).toBe(2_500);
  });

  test('AUTH as "Header-Name: value" names its own header', () => {
    const config = loadConfig({ METRICS_SOURCE: 'https://bi.example/m', METRICS_SOURCE_AUTH: 'X-Api-Key: k-123' });
    expect(config.reports.metrics.auth).toEqual({ header: 'x-api-key', value: 'k-123' });
  });

  test('bad report settings are named without quoting the auth value', () => {
    const problems = problemsOf({
      METRICS_SOURCE: 'ftp://files.example/m.json',
      METRICS_SOURCE_UNDATED: 'yes',
      AUDIENCES_SOURCE: 'data/audiences.json',
      AUDIENCES_SOURCE_AUTH: 'Bearer top-secret-value',
      REPORT_SOURCE_TIMEOUT_MS: '60000',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'METRICS_SOURCE_UNDATED: must be true or false',
        'REPORT_SOURCE_TIMEOUT_MS: Too big: expected number to be <=25000',
      ]),
    );
    expect(
      problemsOf({
        METRICS_SOURCE: 'ftp://files.example/m.json',
        AUDIENCES_SOURCE: 'data/audiences.json',
        AUDIENCES_SOURCE_AUTH: 'Bearer top-secret-value',
      }),
    ).toEqual([
      'METRICS_SOURCE: must be a JSON file path or an http(s) URL',
      'AUDIENCES_SOURCE_AUTH: is only sent to an http(s) AUDIENCES_SOURCE; AUDIENCES_SOURCE is not one',
    ]);
    expect(problems.join('\n')).not.toContain('top-secret-value');
  });
});
