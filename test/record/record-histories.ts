// Records the golden histories replayed by test/workflows/replay.test.ts. Run it on purpose, when a workflow
// changes its commands in a way that needs new goldens (and a `patched()` guard for running workflows):
//   npx jest --testRegex 'test/record/record-histories\.ts$'
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { requireTemporalCli } from '../../scripts/temporal-cli';
import { routedWebhooks } from '../helpers/channels';
import { type TestDiscord } from '../helpers/emulator';
import { HISTORIES_DIR, RUNS, WORKFLOW_TYPES } from '../helpers/golden-runs';
import { keyOf } from '../helpers/outbox';
import { withWorker } from '../helpers/temporal';
import { useEmulatorAndClient } from '../helpers/routed-suite';

let discord: TestDiscord;
let client: Client;
useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

test.each(WORKFLOW_TYPES)('records %s', async (type) => {
  const routes = routedWebhooks(discord);
  // Replays use the same id: child workflow ids are derived from it.
  const workflowId = `golden-${type}`;
  let firstRunId = '';
  await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const outcome = await RUNS[type]!(client, taskQueue, workflowId, keyOf(routes.webhooks.default.url));
    const chosen = (outcome as { runId?: unknown } | undefined)?.runId;
    firstRunId = typeof chosen === 'string' ? chosen : (await client.workflow.getHandle(workflowId).describe()).runId;
  });
  // The CLI writes the JSON form that `historyFromJSON` reads (and that users get from the Web UI's download).
  const json = execFileSync(
    requireTemporalCli(),
    [
      'workflow',
      'show',
      '--address',
      process.env.TEMPORAL_TEST_ADDRESS!,
      '-w',
      workflowId,
      '-r',
      firstRunId,
      '-o',
      'json',
    ],
    { encoding: 'utf8' },
  );
  writeFileSync(join(HISTORIES_DIR, `${type}.json`), `${JSON.stringify(JSON.parse(json), null, 2)}\n`);
});
