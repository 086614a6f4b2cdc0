// The report-source contract at the activity, against real files and a real local HTTP server: the shapes a source
// may have, snake_case and camelCase keys, the date rule, the auth header, and a source that is down, slow, refuses,
// or answers garbage. Retryable problems are ReportSourceUnreachable; permanent ones InvalidReportSource.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../src/config';
import {
  createReportSourceActivities,
  type LoadedAudiences,
  type LoadedMetrics,
} from '../../src/activities/report-sources';
import { SAMPLE_METRICS } from '../../src/activities/sample-report-data';

const dir = mkdtempSync(join(tmpdir(), 'report-source-'));
const DATE = '2026-11-27';
const METRICS = { totalSpend: 20, totalConversions: 2, costPerLead: 10, ctr: 1.5, optinRate: 3, closeRate: 4 };
const SNAKE = { total_spend: 20, total_conversions: 2, cost_per_lead: 10, ctr: 1.5, optin_rate: 3, close_rate: 4 };

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler = (_, response) => response.end('{}');
const seen: { url: string; headers: IncomingMessage['headers'] }[] = [];
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url!, headers: request.headers });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});
const json =
  (body: unknown, status = 200): Handler =>
  (_, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

/** Runs an activity as the worker would, with the configuration `env` gives. */
function activities(env: Record<string, string>) {
  const all = createReportSourceActivities(loadConfig(env).reports);
  const environment = new MockActivityEnvironment();
  return {
    loadMetrics: (date = DATE) =>
      environment.run<[{ date: string }], LoadedMetrics, typeof all.loadMetrics>(all.loadMetrics, { date }),
    loadAudiences: (date = DATE) =>
      environment.run<[{ date: string }], LoadedAudiences, typeof all.loadAudiences>(all.loadAudiences, { date }),
  };
}

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('file sources', () => {
  test('a map keyed by date gives that date its entry, in snake_case or camelCase', async () => {
    const source = file('dated.json', { '2026-11-26': METRICS, [DATE]: SNAKE });
    await expect(activities({ METRICS_SOURCE: source }).loadMetrics()).resolves.toEqual({
      metrics: METRICS,
      sample: false,
    });
  });

  test('one object naming its own date is that date’s data, and refused for another date', async () => {
    const source = file('one-day.json', { date: DATE, ...SNAKE });
    const loaded = activities({ METRICS_SOURCE: source });
    await expect(loaded.loadMetrics()).resolves.toEqual({ metrics: METRICS, sample: false });
    const wrong = await failure(loaded.loadMetrics('2026-11-28'));
    expect(wrong.message).toBe(`METRICS_SOURCE (${source}): holds data for ${DATE}, not for 2026-11-28`);
  });

  test('one undated object is refused, saying how to date it or opt in; METRICS_SOURCE_UNDATED=true opts in', async () => {
    const source = file('undated.json', METRICS);
    const refused = await failure(activities({ METRICS_SOURCE: source }).loadMetrics());
    expect(refused.type).toBe('InvalidReportSource');
    expect(refused.nonRetryable).toBe(true);
    expect(refused.message).toBe(
      `METRICS_SOURCE (${source}): holds one undated object; key it by date ({"${DATE}": ...}), give it ` +
        `"date": "${DATE}", or set METRICS_SOURCE_UNDATED=true to use it for every date`,
    );
    const optedIn = activities({ METRICS_SOURCE: source, METRICS_SOURCE_UNDATED: 'true' });
    await expect(optedIn.loadMetrics('2030-01-01')).resolves.toEqual({ metrics: METRICS, sample: false });
  });

  test('a date the map does not have is named, with the dates it does have', async () => {
    const source = file('old.json', { '2026-10-01': METRICS, '2026-10-31': METRICS });
    const error = await failure(activities({ METRICS_SOURCE: source }).loadMetrics());
    expect(error.message).toBe(`METRICS_SOURCE (${source}): no entry for ${DATE} (it has 2026-10-01 … 2026-10-31)`);
  });

  test.each([
    ['garbage', 'total_spend=20', /holds something that is not JSON/],
    ['a wrong shape', { [DATE]: { ...METRICS, ctr: 'high' } }, /: ctr: must be a number$/],
    ['an unknown key', { [DATE]: { ...METRICS, revenue: 9 } }, /Unrecognized key: "revenue"/],
  ])('%s fails at once, naming the variable and the problem', async (name, value, message) => {
    const error = await failure(activities({ METRICS_SOURCE: file(`${name}.json`, value) }).loadMetrics());
    expect([error.type, error.nonRetryable]).toEqual(['InvalidReportSource', true]);
    expect(error.message).toMatch(/^METRICS_SOURCE \(/);
    expect(error.message).toMatch(message);
  });

  test('audiences: a dated map of { audiences, totalVisitors } or of plain lists, with the seed keys', async () => {
    const list = [{ audience_name: 'VIP', users_count: 5, recommended_budget: 7.25 }];
    const source = file('audiences.json', { [DATE]: list, '2026-11-28': { total_visitors: 9, audiences: list } });
    const loaded = activities({ AUDIENCES_SOURCE: source });
    const vip = { name: 'VIP', usersCount: 5, recommendedBudget: 7.25 };
    await expect(loaded.loadAudiences()).resolves.toEqual({ audiences: [vip], sample: false });
    await expect(loaded.loadAudiences('2026-11-28')).resolves.toEqual({
      audiences: [vip],
      totalVisitors: 9,
      sample: false,
    });
  });

  test('the shipped examples (examples/report-sources) follow the contract', async () => {
    const examples = join(__dirname, '..', '..', 'examples', 'report-sources');
    const loaded = activities({
      METRICS_SOURCE: join(examples, 'daily-metrics.json'),
      AUDIENCES_SOURCE: join(examples, 'audiences.json'),
    });
    expect((await loaded.loadMetrics('2026-11-26')).metrics.totalSpend).toBe(1180.25);
    expect((await loaded.loadMetrics(DATE)).metrics).toEqual(SAMPLE_METRICS);
    expect((await loaded.loadAudiences(DATE)).audiences.map((audience) => audience.name)).toEqual([
      'Cart Abandoners (7 days)',
      'Pricing Page Visitors',
      'Blog Readers (3+ articles)',
      'Webinar Registrants',
    ]);
  });
});

describe('no source', () => {
  const EMULATOR = { DISCORD_ALLOWED_HOSTS: '127.0.0.1:8787' };
  const hook = (host: string) => `${host}/api/webhooks/1234567890123456789/aB3-dEf_ghIjklMNopqRstuVwxyz0123456789`;

  test('in the local demo: the sample, flagged as such', async () => {
    const demo = activities({ ...EMULATOR, DISCORD_WEBHOOK_URL: hook('http://127.0.0.1:8787') });
    await expect(demo.loadMetrics()).resolves.toEqual({ metrics: SAMPLE_METRICS, sample: true });
    expect((await demo.loadAudiences()).sample).toBe(true);
  });

  test('against a real webhook: InvalidReportSource naming the variable, never the sample', async () => {
    const live = activities({ DISCORD_WEBHOOK_URL: hook('https://discord.com') });
    for (const [variable, load] of [
      ['METRICS_SOURCE', live.loadMetrics],
      ['AUDIENCES_SOURCE', live.loadAudiences],
    ] as const) {
      const error = await failure(load());
      expect([error.type, error.nonRetryable]).toEqual(['InvalidReportSource', true]);
      expect(error.message).toMatch(new RegExp(`^${variable}: is not set, so there are no \\w+ to report\\.`));
      expect(error.message).toContain('Sample data is used only in the local demo');
    }
  });
});

describe('http(s) sources', () => {
  test('asks for the date with ?date=, sends the auth header, and takes the answer as that date’s data', async () => {
    handler = json(SNAKE);
    const loaded = activities({ METRICS_SOURCE: `${base}/metrics?team=emea`, METRICS_SOURCE_AUTH: 'Bearer t0ken' });
    await expect(loaded.loadMetrics()).resolves.toEqual({ metrics: METRICS, sample: false });
    expect(seen[0]!.url).toBe(`/metrics?team=emea&date=${DATE}`);
    expect(seen[0]!.headers.authorization).toBe('Bearer t0ken');
    expect(seen[0]!.headers.accept).toBe('application/json');
  });

  test('a named auth header, and an answer keyed by date', async () => {
    handler = json({ [DATE]: METRICS });
    await activities({ METRICS_SOURCE: `${base}/m`, METRICS_SOURCE_AUTH: 'X-Api-Key: k-1' }).loadMetrics();
    expect(seen[0]!.headers['x-api-key']).toBe('k-1');
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  test('down: retryable ReportSourceUnreachable, "connection refused"', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(activities({ METRICS_SOURCE: `http://127.0.0.1:${port}/m` }).loadMetrics());
    expect([error.type, error.nonRetryable]).toEqual(['ReportSourceUnreachable', false]);
    expect(error.message).toBe(`METRICS_SOURCE (http://127.0.0.1:${port}/m): connection refused`);
  });

  test('slow: retryable after REPORT_SOURCE_TIMEOUT_MS, saying so', async () => {
    handler = () => undefined; // never answers
    const env = { METRICS_SOURCE: `${base}/slow`, REPORT_SOURCE_TIMEOUT_MS: '1000' };
    const error = await failure(activities(env).loadMetrics());
    expect([error.type, error.nonRetryable]).toEqual(['ReportSourceUnreachable', false]);
    expect(error.message).toBe(`METRICS_SOURCE (${base}/slow): no answer within 1000 ms (REPORT_SOURCE_TIMEOUT_MS)`);
  });

  test.each([
    [503, 'ReportSourceUnreachable', false, 'answered 503 Service Unavailable'],
    [429, 'ReportSourceUnreachable', false, 'answered 429 Too Many Requests'],
    [401, 'InvalidReportSource', true, 'answered 401 Unauthorized: check METRICS_SOURCE_AUTH'],
    [404, 'InvalidReportSource', true, `answered 404 Not Found for date=${DATE}`],
  ])('status %d: %s', async (status, type, nonRetryable, problem) => {
    handler = json({ error: 'nope' }, status);
    const env = { METRICS_SOURCE: `${base}/m?api_key=secret-in-query`, METRICS_SOURCE_AUTH: 'Bearer secret-token' };
    const error = await failure(activities(env).loadMetrics());
    expect([error.type, error.nonRetryable]).toEqual([type, nonRetryable]);
    expect(error.message).toBe(`METRICS_SOURCE (${base}/m): ${problem}`);
    expect(error.message).not.toMatch(/secret/);
  });

  test('garbage: an HTML page instead of JSON fails at once', async () => {
    handler = (_, response) => response.end('<html><body>Login</body></html>');
    const error = await failure(activities({ METRICS_SOURCE: `${base}/m` }).loadMetrics());
    expect([error.type, error.nonRetryable]).toEqual(['InvalidReportSource', true]);
    expect(error.message).toMatch(new RegExp(`^METRICS_SOURCE \\(${base}/m\\): answered something that is not JSON`));
  });

  test('an answer for another date is refused', async () => {
    handler = json({ date: '2026-11-26', ...METRICS });
    const error = await failure(activities({ METRICS_SOURCE: `${base}/m` }).loadMetrics());
    expect(error.message).toBe(`METRICS_SOURCE (${base}/m): holds data for 2026-11-26, not for ${DATE}`);
  });

  test('more than 5 MB is not report data', async () => {
    handler = (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`[${'0,'.repeat(3 * 1024 * 1024)}0]`);
    };
    const error = await failure(activities({ AUDIENCES_SOURCE: `${base}/a` }).loadAudiences());
    expect([error.type, error.nonRetryable]).toEqual(['InvalidReportSource', true]);
    expect(error.message).toMatch(/answered .*5242880/);
  });
});
