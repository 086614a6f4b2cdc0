// Every command line in README.md's ```sh blocks, run as written against the test server, a worker and the
// emulator: `npx discord-notify …` through the CLI's main(), `temporal …` with the real CLI. The only lines not run
// here are the two `npm install && …` lines: CI runs exactly those on a fresh machine (.ci/run), and `npm start`'s
// program is covered by test/start.test.ts.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireTemporalCli } from '../../scripts/temporal-cli';
import { runCli } from '../cli/helpers';
import { routedWebhooks } from '../helpers/channels';
import { answeredRequests, startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { shellWords } from '../helpers/shell-words';
import { testAddress, withWorker } from '../helpers/temporal';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const RUN_BY_CI = ['npm install && npm start', 'npm install && npm test'];

/** The lines of every ```sh block, in order. */
function shellLines(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap(([, body]) =>
    body!.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#')),
  );
}

let discord: TestDiscord;
beforeAll(async () => {
  discord = await startTestDiscord();
});
afterAll(async () => {
  await discord.emulator.close();
});

test('the README shows only commands this test runs (or CI runs)', () => {
  const lines = shellLines(README);
  const unknown = lines.filter(
    (line) => !RUN_BY_CI.includes(line) && !line.startsWith('npx discord-notify ') && !line.startsWith('temporal '),
  );
  expect(unknown).toEqual([]);
  expect(lines.filter((line) => line.startsWith('npx discord-notify start ')).length).toBeGreaterThanOrEqual(12);
});

test('every README command line runs as shown and delivers', async () => {
  const lines = shellLines(README).filter((line) => !RUN_BY_CI.includes(line));
  const routes = routedWebhooks(discord);
  const outputs = await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    const printed: { line: string; code: number; out: string }[] = [];
    for (const line of lines) {
      const words = shellWords(line);
      if (words[0] === 'npx') {
        const run = await runCli(words.slice(2), { ...routes.env, TEMPORAL_TASK_QUEUE: taskQueue });
        printed.push({ line, code: run.code, out: `${run.out}\n${run.err}` });
      } else {
        // The README's lines name the default task queue; here the worker polls a fresh one.
        const args = words.slice(1).map((word) => (word === 'marketing-notifications' ? taskQueue : word));
        const { stdout, stderr } = await promisify(execFile)(requireTemporalCli(), [
          ...args,
          '--address',
          testAddress(),
        ]);
        printed.push({ line, code: 0, out: `${stdout}\n${stderr}` });
      }
    }
    // Campaigns never wait for their messages: their outbox posts the last of them just after.
    await answeredRequests(discord.emulator, routes.webhooks.campaigns.id, 4);
    return printed;
  });
  for (const { line, code, out } of outputs) {
    expect({ line, code }).toEqual({ line, code: 0 });
    expect({ line, out }).not.toEqual({ line, out: expect.stringMatching(/"status": "(skipped|failed)"|Error/) });
  }
  const waited = outputs.filter(({ line }) => line.includes('--wait'));
  for (const { line, out } of waited)
    expect({ line, out }).toEqual({ line, out: expect.stringMatching(/"status": "(sent|completed)"|"total": 20/) });
  const oncePerDay = outputs.filter(({ line }) => line.includes('--once-per-day'));
  expect(oncePerDay).toHaveLength(2);
  expect(oncePerDay[1]!.out).toMatch(
    /^workflow hot-lead-e5f6a7b8-\d{4}-\d{2}-\d{2} (already ran|is already running); nothing started/,
  );
  const query = outputs.find(({ line }) => line.startsWith('temporal workflow query'));
  expect(query!.out).toMatch(/"total":\s*2/);
  // Every channel of the routing table got its notifications (one embed each; counted as embeds, since the outbox
  // folds notifications queued together into one message).
  // default: testWebhook + the temporal sendNotification; alerts: sendNotification, hotLeadAlert, the first
  // --once-per-day; campaigns: started + complete, and the first post of each of the two progress messages.
  expect(routes.deliveredEmbedsByChannel()).toEqual({
    default: 2,
    alerts: 3,
    reports: 4,
    errors: 1,
    publishing: 1,
    campaigns: 4,
  });
});
