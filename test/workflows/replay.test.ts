import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR, RUNS, WORKFLOW_TYPES } from '../helpers/golden-runs';
import { quietRuntime, WORKFLOW_BUNDLE_PATH } from '../helpers/temporal';

/**
 * Golden histories of every workflow, recorded from real runs (test/record/record-histories.ts). Replaying them
 * with the current code proves that a change keeps already-running workflows deterministic.
 */
test('every exported workflow has a golden run and history (add both when adding a workflow)', () => {
  expect(Object.keys(RUNS).sort()).toEqual(WORKFLOW_TYPES);
  expect(readdirSync(HISTORIES_DIR).sort()).toEqual(WORKFLOW_TYPES.map((type) => `${type}.json`));
});

test.each(WORKFLOW_TYPES)('the recorded %s history replays deterministically with the current code', async (type) => {
  const file = join(HISTORIES_DIR, `${type}.json`);
  expect(existsSync(file)).toBe(true);
  quietRuntime();
  const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }, history, `golden-${type}`);
});

test('the golden histories hold no webhook URL or token', () => {
  for (const file of readdirSync(HISTORIES_DIR)) {
    expect(readFileSync(join(HISTORIES_DIR, file), 'utf8')).not.toMatch(/webhooks\/\d{17,20}\/[\w.-]+/);
  }
});
