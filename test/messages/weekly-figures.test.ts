import type { Metrics } from '../../src/inputs/domain';
import { addDays, aggregateWeek, changeOf, weekDates } from '../../src/messages/weekly-figures';

const day = (totalSpend: number, totalConversions: number, ctr: number, optinRate: number, closeRate: number) =>
  ({ totalSpend, totalConversions, costPerLead: 999, ctr, optinRate, closeRate }) satisfies Metrics;

test('weekDates: the seven dates ending with the given one, across a month and a year boundary', () => {
  expect(weekDates('2026-03-02')).toEqual([
    '2026-02-24',
    '2026-02-25',
    '2026-02-26',
    '2026-02-27',
    '2026-02-28',
    '2026-03-01',
    '2026-03-02',
  ]);
  expect(addDays('2027-01-03', -7)).toBe('2026-12-27');
  expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
});

test('sums spend and conversions; recomputes rates from their parts (not averages); names the missing days', () => {
  const daily = {
    '2026-11-23': day(100, 10, 2, 10, 10),
    '2026-11-24': day(200, 10, 3, 20, 20),
    '2026-11-26': day(100, 5, 1, 10, 0),
    '2026-11-27': day(50, 0, 4, 0, 0),
    '2026-11-29': day(50, 25, 2, 10, 4),
    '2026-11-30': day(1e6, 1e6, 1, 1, 1), // outside the week: ignored
  };
  expect(aggregateWeek('2026-11-29', daily)).toEqual({
    startDate: '2026-11-23',
    endDate: '2026-11-29',
    days: 5,
    missingDays: ['2026-11-25', '2026-11-28'],
    figures: {
      totalSpend: 500,
      totalConversions: 50,
      // 500 / 50; the daily costPerLead (999) is never used.
      costPerLead: 10,
      // (100×2 + 200×3 + 100×1 + 50×4 + 50×2) / 500 = 1200 / 500; the plain average of the daily CTRs would be 2.4 too,
      // so the opt-in and close rates below are the ones that tell a weighted rate from an average.
      ctr: 2.4,
      // (100×10 + 200×20 + 100×10 + 50×0 + 50×10) / 500 = 6500 / 500 (the average would be 10)
      optinRate: 13,
      // (10×10 + 10×20 + 5×0 + 0×0 + 25×4) / 50 = 400 / 50 (the average would be 6.8)
      closeRate: 8,
    },
  });
});

test('money to the cent and rates to four decimals, from exact sums', () => {
  const daily = { '2026-11-29': day(0.1, 3, 1, 1, 1), '2026-11-28': day(0.2, 0, 2, 3, 50) };
  expect(aggregateWeek('2026-11-29', daily).figures).toEqual({
    totalSpend: 0.3,
    totalConversions: 3,
    costPerLead: 0.1,
    ctr: 1.6667, // (0.1×1 + 0.2×2) / 0.3
    optinRate: 2.3333, // (0.1×1 + 0.2×3) / 0.3
    closeRate: 1, // the day without conversions weighs nothing
  });
});

test('a zero week: sums are 0, rates with nothing to divide by are null, never NaN or Infinity', () => {
  const daily = Object.fromEntries(weekDates('2026-11-29').map((date) => [date, day(0, 0, 0, 0, 0)]));
  expect(aggregateWeek('2026-11-29', daily)).toEqual({
    startDate: '2026-11-23',
    endDate: '2026-11-29',
    days: 7,
    missingDays: [],
    figures: { totalSpend: 0, totalConversions: 0, costPerLead: null, ctr: null, optinRate: null, closeRate: null },
  });
});

test('a week without any data: no figures, all seven days named', () => {
  expect(aggregateWeek('2026-11-29', {})).toEqual({
    startDate: '2026-11-23',
    endDate: '2026-11-29',
    days: 0,
    missingDays: weekDates('2026-11-29'),
    figures: null,
  });
});

test.each([
  [500, 350, { kind: 'up', percent: 42.9 }],
  [8, 10, { kind: 'down', percent: 20 }],
  [0, 350, { kind: 'down', percent: 100 }],
  [10, 10, { kind: 'same' }],
  [0, 0, { kind: 'same' }],
  [5, 0, { kind: 'new' }],
  [null, 10, { kind: 'none' }],
  [10, null, { kind: 'none' }],
  [10, undefined, { kind: 'none' }],
] as const)('changeOf(%p, previous %p) is %j', (current, previous, change) => {
  expect(changeOf(current, previous)).toEqual(change);
});
