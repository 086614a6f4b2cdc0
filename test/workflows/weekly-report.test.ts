import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client } from '@temporalio/client';
import { dateIn } from '../../src/messages/format';
import { addDays } from '../../src/messages/weekly-figures';
import { weeklyPerformanceReport } from '../../src/workflows';
import { type RoutedWebhooks } from '../helpers/channels';
import { metricFields } from '../helpers/embeds';
import { type TestDiscord } from '../helpers/emulator';
import { applicationFailureOf, expectInvalidReportSource } from '../helpers/failures';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
import { sourceFolder } from '../helpers/report-sources';
import { useRoutedSuite } from '../helpers/routed-suite';
import { withWorker } from '../helpers/temporal';

let discord: TestDiscord;
let client: Client;
let routes: RoutedWebhooks;
useRoutedSuite((suite) => ({ discord, client, routes } = suite));
const sources = sourceFolder('weekly-sources-');

const day = (total_spend: number, total_conversions: number, ctr: number, optin_rate: number, close_rate: number) => ({
  total_spend,
  total_conversions,
  cost_per_lead: 999,
  ctr,
  optin_rate,
  close_rate,
});

/** The week 2026-11-23 … 29 lacks the 25th and the 28th; the week before has every day. Figures in the unit test. */
const FORTNIGHT: Record<string, ReturnType<typeof day>> = {
  ...Object.fromEntries(['16', '17', '18', '19', '20', '21', '22'].map((d) => [`2026-11-${d}`, day(50, 5, 2, 10, 10)])),
  '2026-11-23': day(100, 10, 2, 10, 10),
  '2026-11-24': day(200, 10, 3, 20, 20),
  '2026-11-26': day(100, 5, 1, 10, 0),
  '2026-11-27': day(50, 0, 4, 0, 0),
  '2026-11-29': day(50, 25, 2, 10, 4),
};

const runWeekly = (
  env: Record<string, string>,
  input: { endDate?: string } = {},
  workflowId = `weekly-${randomUUID()}`,
) =>
  withWorker({ env: { ...routes.env, ...env } }, ({ taskQueue }) =>
    client.workflow.execute(weeklyPerformanceReport, { taskQueue, workflowId, args: [input] }),
  );

test('a week from a date-keyed file: hand-computed totals and rates, each against the week before, missing days named', async () => {
  const source = sources.write('fortnight.json', FORTNIGHT);
  const result = await runWeekly({ METRICS_SOURCE: source }, { endDate: '2026-11-29' });
  expect(result).toMatchObject({
    status: 'sent',
    channel: 'reports',
    startDate: '2026-11-23',
    endDate: '2026-11-29',
    missingDays: ['2026-11-25', '2026-11-28'],
    sampleData: false,
  });
  const [body] = routes.bodies('reports');
  expect(body!.content).toBe('📊 **Weekly Marketing Report**');
  expect(body!.embeds![0]).toEqual({
    title: 'Performance - 2026-11-23 to 2026-11-29',
    description:
      'Consolidated metrics from all marketing channels, compared with 2026-11-16 to 2026-11-22\n' +
      '⚠️ No data for 2026-11-25, 2026-11-28: figures cover 5 of 7 days.',
    color: 0x0099ff,
    fields: metricFields(
      // 500 against 350
      '$500.00\n▲ 42.9%',
      '50\n▲ 42.9%',
      // 500 / 50 against 350 / 35
      '$10.00\n= no change',
      // 1200 / 500 = 2.4 against 2
      '2.40%\n▲ 20.0%',
      // 6500 / 500 = 13 against 10
      '13.0%\n▲ 30.0%',
      // 400 / 50 = 8 against 10
      '8.0%\n▼ 20.0%',
    ),
    footer: {
      text: 'Cost per lead and close rate from the week’s conversions; CTR and opt-in rate weighted by daily spend',
    },
    timestamp: expect.any(String),
  });
  expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
});

test('a zero week after a real one: zeros fall 100%, rates without a denominator show – and divide by nothing', async () => {
  const zero = Object.fromEntries(
    ['23', '24', '25', '26', '27', '28', '29'].map((d) => [`2026-11-${d}`, day(0, 0, 0, 0, 0)]),
  );
  const source = sources.write('zero-week.json', { ...FORTNIGHT, ...zero });
  const result = await runWeekly({ METRICS_SOURCE: source }, { endDate: '2026-11-29' });
  expect(result).toMatchObject({ status: 'sent', missingDays: [] });
  const [body] = routes.bodies('reports');
  expect(body!.embeds![0]!.description).toBe(
    'Consolidated metrics from all marketing channels, compared with 2026-11-16 to 2026-11-22',
  );
  expect(body!.embeds![0]!.fields.map((field) => field.value)).toEqual([
    '$0.00\n▼ 100.0%',
    '0\n▼ 100.0%',
    '–\nno comparison',
    '–\nno comparison',
    '–\nno comparison',
    '–\nno comparison',
  ]);
  expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
});

test('the first week of data: nothing to compare with, the missing week before named', async () => {
  const source = sources.write('first-week.json', { '2026-11-29': day(10, 1, 1, 1, 1) });
  await runWeekly({ METRICS_SOURCE: source }, { endDate: '2026-11-29' });
  const embed = routes.bodies('reports')[0]!.embeds![0]!;
  expect(embed.description).toBe(
    'Consolidated metrics from all marketing channels, compared with 2026-11-16 to 2026-11-22\n' +
      '⚠️ No data for 2026-11-23, 2026-11-24, 2026-11-25, 2026-11-26, 2026-11-27 and 1 more: figures cover 1 of 7 days.\n' +
      '⚠️ No data for the week before: nothing to compare with.',
  );
  expect(embed.fields[0]!.value).toBe('$10.00\nno comparison');
});

test('local demo without METRICS_SOURCE: the week ending yesterday in REPORT_TIMEZONE, sample data labelled', async () => {
  const result = await runWeekly({ REPORT_TIMEZONE: 'Pacific/Kiritimati' });
  const yesterday = addDays(dateIn(new Date(), 'Pacific/Kiritimati'), -1);
  expect(result).toMatchObject({
    status: 'sent',
    startDate: addDays(yesterday, -6),
    endDate: yesterday,
    missingDays: [],
    sampleData: true,
  });
  const embed = routes.bodies('reports')[0]!.embeds![0]!;
  expect(embed.title).toBe(`Performance - ${addDays(yesterday, -6)} to ${yesterday}`);
  expect(embed.fields[0]).toEqual({
    name: '💰 Total Ad Spend',
    value: '$8,641.50\n= no change',
    inline: true,
  });
  expect(embed.footer!.text).toMatch(/^Sample data \(local demo\): set METRICS_SOURCE for your own figures · /);
});

test('live (a webhook on Discord) without METRICS_SOURCE: InvalidReportSource naming the variable, nothing posted', async () => {
  const discordWebhook = `https://discord.com/api/webhooks/1234567890123456789/${'t'.repeat(68)}`;
  await expectInvalidReportSource(
    runWeekly({ DISCORD_WEBHOOK_URL_ALERTS: discordWebhook }),
    /^METRICS_SOURCE: is not set, so there are no metrics to report\./,
  );
  expect(discord.emulator.requests({ webhookId: routes.webhooks.reports.id })).toHaveLength(0);
});

test.each([
  [
    'one undated object',
    () => sources.write('undated.json', day(1, 1, 1, 1, 1)),
    /holds one undated object; a weekly report needs data keyed by date/,
  ],
  [
    'no day of the fortnight',
    () => sources.write('old.json', { '2020-01-01': day(1, 1, 1, 1, 1) }),
    /has no entry for any day from 2026-11-16 to 2026-11-29/,
  ],
  [
    'a malformed day',
    () => sources.write('bad-day.json', { ...FORTNIGHT, '2026-11-24': { ...day(1, 1, 1, 1, 1), ctr: -1 } }),
    /2026-11-24: ctr: must not be negative/,
  ],
])('%s fails at once as InvalidReportSource, sending nothing', async (_, source, message) => {
  await expectInvalidReportSource(runWeekly({ METRICS_SOURCE: source() }, { endDate: '2026-11-29' }), message);
  expect(discord.emulator.requests({ webhookId: routes.webhooks.reports.id })).toHaveLength(0);
});

test('invalid input fails with InvalidInput naming the field', async () => {
  const cause = await applicationFailureOf(runWeekly({}, { endDate: '2026-02-30' }));
  expect(cause.type).toBe('InvalidInput');
  expect(cause.message).toContain('endDate: is not a calendar date');
});

describe('a URL source', () => {
  let server: Server;
  let asked: string[];
  let answer: (date: string) => { status: number; body?: unknown };
  beforeAll(async () => {
    server = createServer((request, response) => {
      const date = new URL(request.url!, 'http://localhost').searchParams.get('date')!;
      asked.push(date);
      const { status, body } = answer(date);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  beforeEach(() => {
    asked = [];
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;

  test('answering one day per ?date=: asked for each of the 14 days once, a 404 is a missing day', async () => {
    answer = (date) => (FORTNIGHT[date] ? { status: 200, body: { date, ...FORTNIGHT[date] } } : { status: 404 });
    const workflowId = `weekly-${randomUUID()}`;
    const result = await runWeekly({ METRICS_SOURCE: url() }, { endDate: '2026-11-29' }, workflowId);
    expect(result).toMatchObject({ missingDays: ['2026-11-25', '2026-11-28'] });
    expect([...asked].sort()).toEqual(Array.from({ length: 14 }, (_, index) => addDays('2026-11-16', index)));
    expect(routes.bodies('reports')[0]!.embeds![0]!.fields[0]!.value).toBe('$500.00\n▲ 42.9%');
    // One activity reads all 14 days, with room for three rounds of requests at the longest source timeout (25 s).
    const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = events!.flatMap((event) => event.activityTaskScheduledEventAttributes ?? []);
    expect(
      scheduled.map((activity) => [activity.activityType?.name, Number(activity.startToCloseTimeout?.seconds)]),
    ).toEqual([['loadWeekMetrics', 120]]);
  });

  test('answering a map keyed by date: one request serves the whole fortnight', async () => {
    answer = () => ({ status: 200, body: FORTNIGHT });
    const result = await runWeekly({ METRICS_SOURCE: url() }, { endDate: '2026-11-29' });
    expect(result).toMatchObject({ missingDays: ['2026-11-25', '2026-11-28'] });
    expect(asked).toEqual(['2026-11-29']);
    expect(routes.bodies('reports')[0]!.embeds![0]!.fields[5]!.value).toBe('8.0%\n▼ 20.0%');
  });
});
