import {
  burstMinimum,
  countDeliveries,
  firstArrivals,
  minimumSpanMs,
  minWindowGapMs,
  packedMessages,
  windowReopenDelaysMs,
  parseSequences,
  percentile,
  sequencesIn,
  sequenceTag,
  within,
  worst,
  type SentRequest,
} from '../../bench/report';
import { formatTable, markdownTable } from '../../bench/table';
import { DOC_MARKERS, renderReadme, renderResults, replaceBetween, type BenchResults } from '../../bench/bench-docs';

describe('minimumSpanMs: the span Discord’s 5 per 2 s forces on one message per notification', () => {
  test('200 messages need 39 more windows after the first: 78 s', () => {
    expect(minimumSpanMs(200)).toBe(78_000);
  });

  test('40 messages: 14 s; a partial last window still costs a whole window', () => {
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

describe('packedMessages: one-embed notifications at 10 per message', () => {
  test('the first of an idle channel alone, then 10 per message: 200 → 1 + 20 = 21; at best ⌈200/10⌉ = 20', () => {
    expect(packedMessages(200, true)).toBe(21);
    expect(packedMessages(200, false)).toBe(20);
  });

  test('edges: 1, 10, 11 and none', () => {
    expect([packedMessages(1, true), packedMessages(1, false)]).toEqual([1, 1]);
    expect([packedMessages(10, true), packedMessages(10, false)]).toEqual([2, 1]);
    expect([packedMessages(11, true), packedMessages(11, false)]).toEqual([2, 2]);
    expect([packedMessages(0, true), packedMessages(0, false)]).toEqual([0, 0]);
  });
});

describe('burstMinimum: max(last hand-off − first request, (⌈M/5⌉ − 1) × 2 s), M = 1 + ⌈(N − c)/10⌉', () => {
  test('200, the first alone on an idle channel, handed over within 3 s: 21 messages → 8 s (absolute: 20 → 6 s)', () => {
    expect(burstMinimum(200, 3_000)).toEqual({
      firstMessageCould: 1,
      messages: 21,
      packingMs: 8_000,
      handOffMs: 3_000,
      minimumMs: 8_000,
      absoluteMessages: 20,
      absoluteMinimumMs: 6_000,
    });
  });

  test('what the first message could carry: 4 waiting → 1 + ⌈196/10⌉ = 21; 10 or more → the absolute 20', () => {
    expect(burstMinimum(200, 3_000, 4)).toMatchObject({ firstMessageCould: 4, messages: 21, minimumMs: 8_000 });
    expect(burstMinimum(200, 3_000, 10)).toMatchObject({ firstMessageCould: 10, messages: 20, minimumMs: 6_000 });
    expect(burstMinimum(200, 3_000, 150)).toMatchObject({ firstMessageCould: 10, messages: 20, minimumMs: 6_000 });
  });

  test('hand-offs slower than Discord: the last hand-off bounds both', () => {
    expect(burstMinimum(200, 9_500)).toMatchObject({ minimumMs: 9_500, absoluteMinimumMs: 9_500 });
  });

  test('60 alerts: 7 messages (absolute 6), 2 s either way; a hand-off before the first request counts as 0', () => {
    expect(burstMinimum(60, -50)).toEqual({
      firstMessageCould: 1,
      messages: 7,
      packingMs: 2_000,
      handOffMs: 0,
      minimumMs: 2_000,
      absoluteMessages: 6,
      absoluteMinimumMs: 2_000,
    });
  });

  test('40: 5 messages fit one window, so only the hand-offs bound it; one notification is one message', () => {
    expect(burstMinimum(40, 1_200)).toMatchObject({ messages: 5, packingMs: 0, minimumMs: 1_200 });
    expect(burstMinimum(1, 0, 5)).toMatchObject({ firstMessageCould: 1, messages: 1, minimumMs: 0 });
  });
});

describe('countDeliveries: notifications counted inside folded messages', () => {
  const request = (seqs: number[], at: number, status: number | null = 200): SentRequest => ({ seqs, at, status });

  test('counts delivered, lost, duplicates, 429s, requests and messages; first/last of successful requests only', () => {
    const counted = countDeliveries(
      [
        request([1], 1_000),
        request([2, 3], 1_100, 429),
        request([2, 3, 4], 3_000),
        request([3], 3_100, 204),
        request([5], 9_000, 429),
      ],
      5,
    );
    expect(counted).toEqual({
      expected: 5,
      delivered: 4,
      lost: 1,
      duplicates: 1,
      rateLimited: 2,
      requests: 5,
      messages: 3,
      firstAt: 1_000,
      lastAt: 3_100,
    });
  });

  test('a notification twice in one folded message is a duplicate too', () => {
    expect(countDeliveries([request([1, 1, 2], 10)], 2)).toMatchObject({ delivered: 2, duplicates: 1, messages: 1 });
  });

  test('numbers outside 1..expected and failed requests are not deliveries; a message without any still counts', () => {
    const counted = countDeliveries(
      [request([], 10), request([7], 20), request([1], 30, null), request([1], 40, 500)],
      2,
    );
    expect(counted).toMatchObject({ delivered: 0, lost: 2, duplicates: 0, messages: 2, requests: 4 });
    expect(counted.firstAt).toBeUndefined();
  });

  test('no requests: everything lost', () => {
    expect(countDeliveries([], 3)).toMatchObject({
      delivered: 0,
      lost: 3,
      messages: 0,
      firstAt: undefined,
      lastAt: undefined,
    });
  });

  test('firstArrivals: the earliest successful request that carried each notification', () => {
    const arrivals = firstArrivals([request([1, 2], 50, 429), request([2, 1], 80), request([1], 60), request([3], 90)]);
    expect([...arrivals].sort(([a], [b]) => a - b)).toEqual([
      [1, 60],
      [2, 80],
      [3, 90],
    ]);
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

describe('sequence numbers in notification texts and messages', () => {
  test('round-trip through the text, ignoring other numbers; every tag of a folded text, in order', () => {
    expect(parseSequences(`Burst ours1-r2 notification ${sequenceTag(137)}`)).toEqual([137]);
    expect(parseSequences('Load r1sustained #5 of 20\nLoad r1sustained #6 of 20')).toEqual([5, 6]);
    expect(parseSequences('no number here 42')).toEqual([]);
    expect(parseSequences(undefined)).toEqual([]);
  });

  test('sequencesIn reads the content and every embed’s title and description of a (folded) message', () => {
    const folded = {
      content: 'Load r1 #3\nLoad r1 #4',
      embeds: [
        { title: 'Burst ours1-r1', description: 'Notification #1: new signup' },
        { title: 'Burst #2', fields: [{ name: 'x', value: '#99' }] },
      ],
    };
    expect(sequencesIn(folded)).toEqual([3, 4, 1, 2]);
    expect(sequencesIn({ content: 'probe' })).toEqual([]);
    expect(sequencesIn(null)).toEqual([]);
    expect(sequencesIn('#5')).toEqual([]);
  });
});

describe('pacing diagnostics', () => {
  test('minWindowGapMs is the shortest time from a request to the fifth after it (the sixth in a window)', () => {
    expect(minWindowGapMs([0, 400, 800, 1_200, 1_600, 2_050, 2_400, 2_800])).toBe(2_000);
    // The sixth request 1.9 s after the first: a fixed 2 s window would refuse it.
    expect(minWindowGapMs([1_600, 0, 400, 800, 1_200, 1_900])).toBe(1_900);
    expect(minWindowGapMs([0, 1, 2])).toBeUndefined();
  });

  test('windowReopenDelaysMs: how long after a full window expired the next one was opened', () => {
    // Window 1 [0, 2000) full; window 2 opens 420 ms late and is full; window 3 opens 100 ms late.
    const times = [0, 100, 200, 300, 400, 2_420, 2_500, 2_600, 2_700, 2_800, 4_520];
    expect(windowReopenDelaysMs(times)).toEqual([420, 100]);
  });

  test('windowReopenDelaysMs: a window after one that was not full was not held back by the limit', () => {
    expect(windowReopenDelaysMs([0, 100, 5_000, 5_100])).toEqual([]);
    expect(windowReopenDelaysMs([])).toEqual([]);
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

describe('the generated docs', () => {
  const results: BenchResults = {
    machine: {
      date: '2026-12-01T05:00:00.000Z',
      cpuModel: 'CPU',
      cores: 2,
      memoryGiB: 8,
      node: 'v20.20.2',
      temporalCli: '1.9.1',
      packages: {},
      loadAtStart: [0.1, 0.2, 0.3],
      loadAtEnd: [1, 1, 1],
    },
    settings: { devServer: 'dev server, default settings', runs: 2, durationS: 600 },
    scenarios: {
      burst: {
        name: 'burst',
        title: 'Burst',
        headers: ['sender', 'span'],
        rows: [['ours', '8.1 s']],
        targets: [
          { scenario: 'burst', target: '0 × 429', measured: '0', pass: true },
          { scenario: 'burst', target: 'span ÷ minimum ≤ 1.05', measured: '1.100', pass: false },
        ],
        data: null,
        load: { start: 0.1, end: 0.5 },
      },
    },
    summary: [],
  };

  test('replaceBetween swaps what the markers hold and keeps the rest', () => {
    const [start, end] = DOC_MARKERS.readme;
    const text = `before\n${start}\nold\n${end}\nafter`;
    expect(replaceBetween(text, DOC_MARKERS.readme, 'new')).toBe(`before\n${start}\nnew\n${end}\nafter`);
    expect(replaceBetween(replaceBetween(text, DOC_MARKERS.readme, 'x'), DOC_MARKERS.readme, 'y')).toBe(
      replaceBetween(text, DOC_MARKERS.readme, 'y'),
    );
  });

  test('replaceBetween names a missing or misplaced marker', () => {
    const [start, end] = DOC_MARKERS.results;
    expect(() => replaceBetween('no markers', DOC_MARKERS.results, 'x')).toThrow(`marker ${start} not found`);
    expect(() => replaceBetween(`${end}\n${start}`, DOC_MARKERS.results, 'x')).toThrow(
      `marker ${end} not found after ${start}`,
    );
  });

  test('the README table: where, how loaded, worst of how many runs, how long, each target and the misses', () => {
    expect(renderReadme(results).split('\n')).toEqual([
      'Measured 2026-12-01 05:00 UTC on CPU, 2 cores, 8 GiB, Node v20.20.2, temporal CLI 1.9.1, dev server, default ' +
        'settings; load average 0.1 / 0.2 / 0.3 (1 / 5 / 15 min) at the start, 1 / 1 / 1 at the end. Worst of 2 runs ' +
        'of each scenario; the whole run took 10.0 min.',
      '',
      '| scenario | target | measured |  |',
      '| --- | --- | --- | --- |',
      '| burst | 0 × 429 | 0 | ✅ |',
      '| burst | span ÷ minimum ≤ 1.05 | 1.100 | ❌ |',
      '',
      '1 of 2 targets missed on this run.',
    ]);
  });

  test('the results: every scenario table with its load, then the targets', () => {
    const lines = renderResults(results).split('\n');
    expect(lines).toContain('#### Burst');
    expect(lines).toContain('Load average 0.1 → 0.5 during the scenario.');
    expect(lines.indexOf('#### Targets')).toBeGreaterThan(lines.indexOf('#### Burst'));
  });
});
