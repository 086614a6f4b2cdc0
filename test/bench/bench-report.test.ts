import {
  countDeliveries,
  countWithin,
  minimumSpanMs,
  minWindowGapMs,
  parseSequence,
  percentile,
  sequenceTag,
  within,
  worst,
  type SentRequest,
} from '../../bench/report';
import { formatTable, markdownTable } from '../../bench/table';

describe('minimumSpanMs: the span Discord’s 5 per 2 s forces', () => {
  test('200 notifications need 39 more windows after the first: 78 s', () => {
    expect(minimumSpanMs(200)).toBe(78_000);
  });

  test('40 notifications: 14 s; a partial last window still costs a whole window', () => {
    expect(minimumSpanMs(40)).toBe(14_000);
    expect(minimumSpanMs(41)).toBe(16_000);
  });

  test('up to one window’s worth needs no wait; nothing needs nothing', () => {
    expect(minimumSpanMs(5)).toBe(0);
    expect(minimumSpanMs(1)).toBe(0);
    expect(minimumSpanMs(0)).toBe(0);
  });

  test('other limits: 30 per 60 s for 100 messages is 3 windows', () => {
    expect(minimumSpanMs(100, 30, 60_000)).toBe(180_000);
  });
});

describe('countDeliveries', () => {
  const request = (seq: number | undefined, at: number, status: number | null = 200): SentRequest => ({
    seq,
    at,
    status,
  });

  test('counts delivered, lost, duplicates, 429s and the span of successful requests only', () => {
    const counted = countDeliveries(
      [
        request(1, 1_000),
        request(2, 1_100, 429),
        request(2, 3_000),
        request(3, 3_100, 204),
        request(3, 5_000),
        request(9, 9_000, 429),
      ],
      4,
    );
    expect(counted).toEqual({
      expected: 4,
      delivered: 3,
      lost: 1,
      duplicates: 1,
      rateLimited: 2,
      requests: 6,
      firstAt: 1_000,
      lastAt: 5_000,
      spanMs: 4_000,
    });
  });

  test('requests without a sequence number or outside 1..expected are not deliveries', () => {
    const counted = countDeliveries(
      [request(undefined, 10), request(7, 20), request(1, 30, null), request(1, 40, 500)],
      2,
    );
    expect(counted.delivered).toBe(0);
    expect(counted.lost).toBe(2);
    expect(counted.duplicates).toBe(0);
  });

  test('no requests: everything lost, no span', () => {
    expect(countDeliveries([], 3)).toMatchObject({
      delivered: 0,
      lost: 3,
      spanMs: 0,
      firstAt: undefined,
      lastAt: undefined,
    });
  });
});

describe('percentile (nearest rank)', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose

  test('p50, p99, p100 and p0 of 1..100', () => {
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
  });

  test('small samples round the rank up; none gives undefined; the input is not reordered', () => {
    const sample = [30, 10, 20];
    expect(percentile(sample, 50)).toBe(20);
    expect(percentile(sample, 99)).toBe(30);
    expect(sample).toEqual([30, 10, 20]);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('sequence numbers in notification texts', () => {
  test('round-trip through the text, ignoring other numbers', () => {
    expect(parseSequence(`Burst ours1-r2 notification ${sequenceTag(137)}`)).toBe(137);
    expect(parseSequence('Load r1sustained #5 of 20')).toBe(5);
    expect(parseSequence('no number here 42')).toBeUndefined();
    expect(parseSequence(undefined)).toBeUndefined();
  });
});

describe('pacing diagnostics', () => {
  test('minWindowGapMs is the shortest time from a request to the fifth after it (the sixth in a window)', () => {
    expect(minWindowGapMs([0, 400, 800, 1_200, 1_600, 2_050, 2_400, 2_800])).toBe(2_000);
    // The sixth request 1.9 s after the first: a fixed 2 s window would refuse it.
    expect(minWindowGapMs([1_600, 0, 400, 800, 1_200, 1_900])).toBe(1_900);
    expect(minWindowGapMs([0, 1, 2])).toBeUndefined();
  });

  test('countWithin counts requests in the first window from the earliest', () => {
    expect(countWithin([2_500, 0, 1_999, 2_000, 10], 2_000)).toBe(3);
    expect(countWithin([], 2_000)).toBe(0);
  });
});

describe('target checks', () => {
  test('within: at most, at least, and unmeasured fails', () => {
    expect(within(1.05, 1.05)).toBe(true);
    expect(within(1.051, 1.05)).toBe(false);
    expect(within(100, 99, true)).toBe(true);
    expect(within(undefined, 1)).toBe(false);
    expect(within(Number.NaN, 1)).toBe(false);
  });

  test('worst: the largest, or the smallest with lowest; unmeasured runs are skipped', () => {
    expect(worst([1.02, undefined, 1.04])).toBe(1.04);
    expect(worst([200, 198], true)).toBe(198);
    expect(worst([undefined])).toBeUndefined();
  });
});

describe('tables', () => {
  test('columns are padded to the widest cell, numbers (and their headers) right-aligned, booleans ✅/❌', () => {
    const table = formatTable(
      'T',
      ['name', 'n', 'ok'],
      [
        ['a', 1, true],
        ['long name', 100, false],
      ],
    );
    expect(table.split('\n')).toEqual([
      '',
      'T',
      'name         n  ok',
      '─────────  ───  ──',
      'a            1  ✅',
      'long name  100  ❌',
    ]);
  });

  test('markdown tables escape pipes', () => {
    expect(markdownTable(['a|b'], [['x|y']])).toBe('| a\\|b |\n| --- |\n| x\\|y |');
  });
});
