import { dateIn } from '../../src/messages/format';
import { dailyPerformanceReport, retargetingReport } from '../../src/workflows';
import type { RoutedWebhooks } from '../helpers/channels';
import type { TestDiscord } from '../helpers/emulator';
import { applicationFailureOf, expectInvalidReportSource } from '../helpers/failures';
import { metricFields } from '../helpers/embeds';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
import { sourceFolder } from '../helpers/report-sources';
import { useRoutedSuite } from '../helpers/routed-suite';

let discord: TestDiscord;
let routes: RoutedWebhooks;
const { execute } = useRoutedSuite((suite) => ({ discord, routes } = suite));
const sources = sourceFolder('report-sources-');

const metrics = {
  totalSpend: 1234.5,
  totalConversions: 1087,
  costPerLead: 14.19,
  ctr: 2.345,
  optinRate: 12.34,
  closeRate: 4.56,
};

test('daily report with inline metrics: the seed layout with formatted numbers, in the reports channel', async () => {
  const result = await execute(dailyPerformanceReport, [{ date: '2026-11-27', metrics }], 'daily');
  expect(result).toMatchObject({ status: 'sent', channel: 'reports', date: '2026-11-27' });
  const [body] = routes.bodies('reports');
  expect(body!.content).toBe('📊 **Daily Marketing Report**');
  expect(body!.embeds![0]).toMatchObject({
    title: 'Performance - 2026-11-27',
    description: 'Consolidated metrics from all marketing channels',
    color: 0x0099ff,
    fields: metricFields('$1,234.50', '1,087', '$14.19', '2.35%', '12.3%', '4.6%'),
  });
  expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
});

test('local demo without METRICS_SOURCE: the sample for today in REPORT_TIMEZONE, labelled "Sample data"', async () => {
  const result = await execute(dailyPerformanceReport, [{}], 'daily', { REPORT_TIMEZONE: 'Pacific/Kiritimati' });
  const today = dateIn(new Date(), 'Pacific/Kiritimati');
  expect(result).toMatchObject({ status: 'sent', date: today, sampleData: true });
  const [body] = routes.bodies('reports');
  expect(body!.embeds![0]!.title).toBe(`Performance - ${today}`);
  expect(body!.embeds![0]!.fields[0]).toEqual({ name: '💰 Total Ad Spend', value: '$1,234.50', inline: true });
  expect(body!.embeds![0]!.footer).toEqual({
    text: 'Sample data (local demo): set METRICS_SOURCE for your own figures',
  });
});

test('live (a webhook on Discord) without METRICS_SOURCE: InvalidReportSource naming the variable, nothing posted', async () => {
  // The reports channel is the emulator, so a post would be seen; the alerts channel on Discord makes the worker live.
  const discordWebhook = `https://discord.com/api/webhooks/1234567890123456789/${'t'.repeat(68)}`;
  await expectInvalidReportSource(
    execute(dailyPerformanceReport, [{}], 'daily', { DISCORD_WEBHOOK_URL_ALERTS: discordWebhook }),
    /^METRICS_SOURCE: is not set, so there are no metrics to report\./,
  );
  expect(discord.emulator.requests({ webhookId: routes.webhooks.reports.id })).toHaveLength(0);
});

test('a source keyed by date, with the seed snake_case keys, gives that date its metrics', async () => {
  const source = sources.write('dated.json', {
    '2026-11-26': { total_spend: 10, total_conversions: 1, cost_per_lead: 10, ctr: 1, optin_rate: 1, close_rate: 1 },
    '2026-11-27': { total_spend: 20, total_conversions: 2, cost_per_lead: 10, ctr: 1, optin_rate: 1, close_rate: 1 },
  });
  await execute(dailyPerformanceReport, [{ date: '2026-11-27' }], 'daily', { METRICS_SOURCE: source });
  expect(routes.bodies('reports')[0]!.embeds![0]!.fields[0]!.value).toBe('$20.00');
});

test.each([
  ['a missing file', () => sources.path('nope.json'), /METRICS_SOURCE \(.*nope\.json\): file not found/],
  [
    'malformed JSON',
    () => sources.write('broken.json', '{"totalSpend": '),
    /METRICS_SOURCE \(.*broken\.json\): holds something that is not JSON/,
  ],
  [
    'a negative metric',
    () => sources.write('negative.json', { '2026-11-27': { ...metrics, ctr: -1 } }),
    /METRICS_SOURCE \(.*negative\.json\): ctr: must not be negative/,
  ],
  [
    'one undated object',
    () => sources.write('undated.json', metrics),
    /holds one undated object; .* or set METRICS_SOURCE_UNDATED=true to use it for every date/,
  ],
  [
    'no entry for the date',
    () => sources.write('other-day.json', { '2020-01-01': metrics }),
    /no entry for 2026-11-27 \(it has 2020-01-01\)/,
  ],
])('%s fails at once as InvalidReportSource naming the source, sending nothing', async (_, source, message) => {
  const run = execute(dailyPerformanceReport, [{ date: '2026-11-27' }], 'daily', { METRICS_SOURCE: source() });
  await expectInvalidReportSource(run, message);
  expect(discord.emulator.requests({ webhookId: routes.webhooks.reports.id })).toHaveLength(0);
});

test.each([
  [{ metrics: { ...metrics, totalSpend: -5 } }, 'metrics.totalSpend: must not be negative'],
  [{ metrics: { ...metrics, totalConversions: 1.5 } }, 'metrics.totalConversions: must be a whole number'],
  [{ date: '2026-02-30' }, 'date: is not a calendar date'],
])('invalid report input %j fails with InvalidInput', async (input, problem) => {
  const cause = await applicationFailureOf(execute(dailyPerformanceReport, [input], 'daily'));
  expect(cause.type).toBe('InvalidInput');
  expect(cause.message).toContain(problem);
});

test('retargeting report with 30 audiences keeps every audience, 25 fields per embed', async () => {
  const audiences = Array.from({ length: 30 }, (_, i) => ({
    name: `Audience ${i + 1}`,
    usersCount: 1000 + i,
    recommendedBudget: 12.5,
  }));
  const result = await execute(retargetingReport, [{ audiences, totalVisitors: 40_000 }], 'rt');
  expect(result).toMatchObject({ status: 'sent', channel: 'reports', audiences: 30 });
  const bodies = routes.bodies('reports');
  const embeds = bodies.flatMap((body) => body.embeds ?? []);
  expect(bodies[0]!.content).toBe('📊 **Daily Retargeting Report**');
  expect(embeds[0]!.title).toBe('30-Audience Retargeting Status');
  expect(embeds[0]!.description).toBe('Total visitors processed: 40,000\nTotal daily budget: $375.00');
  expect(embeds.map((embed) => embed.fields.length)).toEqual([25, 5]);
  const fields = embeds.flatMap((embed) => embed.fields);
  expect(fields.map((field) => field.name)).toEqual(audiences.map((audience) => audience.name));
  expect(fields[29]).toEqual({ name: 'Audience 30', value: 'Users: 1,029 | Budget: $12.50/day', inline: false });
  for (const body of bodies)
    expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', body).errors).toEqual([]);
});

test('retargeting report in the local demo without AUDIENCES_SOURCE: the sample, labelled', async () => {
  const result = await execute(retargetingReport, [{}], 'rt');
  expect(result).toMatchObject({ audiences: 4, sampleData: true, date: dateIn(new Date(), 'UTC') });
  const embed = routes.bodies('reports')[0]!.embeds![0]!;
  expect(embed.title).toBe('4-Audience Retargeting Status');
  expect(embed.description).toBe('Total visitors processed: 15,230\nTotal daily budget: $165.00');
  expect(embed.footer).toEqual({ text: 'Sample data (local demo): set AUDIENCES_SOURCE for your own figures' });
});

test('an audience source keyed by date, with the seed keys (audience_name, users_count), is not labelled', async () => {
  const source = sources.write('audiences.json', {
    '2026-11-27': [{ audience_name: 'VIP', users_count: 5, recommended_budget: 7.25 }],
  });
  const result = await execute(retargetingReport, [{ date: '2026-11-27' }], 'rt', { AUDIENCES_SOURCE: source });
  expect(result).toMatchObject({ date: '2026-11-27', audiences: 1, sampleData: false });
  expect(routes.bodies('reports')[0]!.embeds![0]!.footer).toBeUndefined();
  expect(routes.bodies('reports')[0]!.embeds![0]!.fields).toEqual([
    { name: 'VIP', value: 'Users: 5 | Budget: $7.25/day', inline: false },
  ]);
});
