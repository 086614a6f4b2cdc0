import { buildMessages } from '../../src/discord/builder';
import type { Metrics } from '../../src/inputs/domain';
import { weeklyPerformanceReport } from '../../src/messages/reports';
import { aggregateWeek, weekDates } from '../../src/messages/weekly-figures';
import { validateAgainstDiscordSpec } from '../helpers/openapi';

const NOW = new Date('2026-11-30T09:00:00.000Z');
const day = (totalSpend: number, totalConversions: number): Metrics => ({
  totalSpend,
  totalConversions,
  costPerLead: 0,
  ctr: 1,
  optinRate: 1,
  closeRate: 1,
});
const week = (endDate: string, metrics: (date: string) => Metrics | undefined) =>
  aggregateWeek(
    endDate,
    Object.fromEntries(weekDates(endDate).flatMap((date) => (metrics(date) ? [[date, metrics(date)!]] : []))),
  );

describe('weeklyPerformanceReport (message)', () => {
  test('up from a zero week: "▲ up from 0"; rates that had no denominator: "no comparison"', () => {
    const notification = weeklyPerformanceReport(
      week('2026-11-29', () => day(10, 2)),
      week('2026-11-22', () => day(0, 0)),
      NOW,
    );
    expect(notification.embeds![0]!.fields!.map((field) => field.value)).toEqual([
      '$70.00\n▲ up from 0',
      '14\n▲ up from 0',
      '$5.00\nno comparison',
      '1.00%\nno comparison',
      '1.0%\nno comparison',
      '1.0%\nno comparison',
    ]);
    expect(notification.embeds![0]!.description).toBe(
      'Consolidated metrics from all marketing channels, compared with 2026-11-16 to 2026-11-22',
    );
  });

  test('a week with no data at all: every figure "–", all seven days named, the week before lacking two', () => {
    const notification = weeklyPerformanceReport(
      week('2026-11-29', () => undefined),
      week('2026-11-22', (date) => (date === '2026-11-16' || date === '2026-11-20' ? undefined : day(1, 1))),
      NOW,
      { roles: ['123456789012345678'] },
      true,
    );
    const [embed] = notification.embeds!;
    expect(embed!.fields!.map((field) => field.value)).toEqual(Array(6).fill('–\nno comparison'));
    expect(embed!.description).toBe(
      [
        'Consolidated metrics from all marketing channels, compared with 2026-11-16 to 2026-11-22',
        '⚠️ No data for 2026-11-23, 2026-11-24, 2026-11-25, 2026-11-26, 2026-11-27 and 2 more: figures cover 0 of 7 days.',
        '⚠️ The week before lacks 2026-11-16, 2026-11-20: it covers 5 of 7 days.',
      ].join('\n'),
    );
    expect(embed!.footer!.text).toBe(
      'Sample data (local demo): set METRICS_SOURCE for your own figures · Cost per lead and close rate from the ' +
        'week’s conversions; CTR and opt-in rate weighted by daily spend',
    );
    const messages = buildMessages(notification);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.allowed_mentions).toEqual({ parse: [], roles: ['123456789012345678'] });
    expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', messages[0]).errors).toEqual([]);
  });
});
