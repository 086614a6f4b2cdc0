import { timedOutReason } from '../../../src/activities/health/failures';

const startTime = new Date('2026-12-01T09:00:00.000Z');
const after = (ms: number) => new Date(startTime.getTime() + ms);

test.each([
  [999, '1s'],
  [1_000, '1s'],
  [1_004, '1s'],
  [59_998, '1m'],
  [90_400, '1m 30s'],
  [3_600_020, '1h'],
  [499, '499ms'],
  [120, '120ms'],
])('a run of %i ms that timed out is reported as %s', (ms, shown) => {
  expect(timedOutReason(startTime, after(ms))).toBe(`Timed out after ${shown} (its workflow execution or run timeout)`);
});
