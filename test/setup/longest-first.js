// The order of the suites when Jest has no timings of its own yet (a fresh clone, CI): the ones that spend longest
// waiting in real time (processes starting, retry backoff, a worker's grace period) first, so their waiting overlaps
// the rest. Jest alone would order them by file size, and a short file that waits 20 s could start last and make the
// run 20 s longer. Once Jest has timed a run, its own order (failed first, then longest first) applies.
const Sequencer = require('@jest/test-sequencer').default;

/** Measured on 2 cores, longest first (`npx jest --json`, endTime - startTime of each file). */
const LONGEST = [
  'start.test.ts',
  'faults/transient.test.ts',
  'workflows/campaigns.test.ts',
  'health/workers.test.ts',
  'security/secrets.test.ts',
  'health/restart.test.ts',
  'faults/rate-limited.test.ts',
  'health/pipeline-failures.test.ts',
  'fuzz/workflows.fuzz.test.ts',
  'browser/preview-live.test.ts',
  'docs/readme.test.ts',
  'fuzz/inputs.property.test.ts',
  'cli/docs.test.ts',
  'faults/permanent.test.ts',
  'browser/preview-workflows.test.ts',
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    const rank = (test) => {
      const index = LONGEST.findIndex((name) => test.path.endsWith(`/test/${name}`));
      return index === -1 ? LONGEST.length : index;
    };
    // A stable sort: the suites not listed keep Jest's order by file size.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
