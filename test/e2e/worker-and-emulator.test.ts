// The README's `temporal workflow execute` line, run with the real temporal CLI against the two programs a user
// starts by hand: `npm run worker` and `npm run emulator` (their compiled entry points, as those scripts run them).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireTemporalCli } from '../../scripts/temporal-cli';
import { freePort } from '../../src/dev/dev-server';
import { shellWords } from '../helpers/shell-words';
import { testAddress, uniqueTaskQueue } from '../helpers/temporal';
import { BUILD_LIB, compiledWorker, WORKER_READY, WorkerProcess } from '../helpers/worker-process';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const EXECUTE_LINE = README.split('\n').find((line) => line.startsWith('temporal workflow execute '))!;

let emulator: WorkerProcess | undefined;
let worker: WorkerProcess | undefined;
afterAll(async () => {
  await worker?.kill('SIGTERM');
  await emulator?.kill('SIGTERM');
});

test("the README's temporal workflow execute line delivers through npm run worker and npm run emulator", async () => {
  expect(EXECUTE_LINE).toContain('--type sendNotification');
  compiledWorker();
  const port = await freePort();
  emulator = new WorkerProcess({ EMULATOR_PORT: String(port) }, join(BUILD_LIB, 'emulator', 'main.js'));
  const [, pasteLine] = await emulator.waitFor(/^(DISCORD_WEBHOOK_URL=\S+ DISCORD_ALLOWED_HOSTS=\S+)$/m);
  // The emulator prints a line to paste; the worker gets exactly those variables.
  const env = Object.fromEntries(
    pasteLine!.split(' ').map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  const taskQueue = uniqueTaskQueue('e2e');
  worker = new WorkerProcess({ ...env, TEMPORAL_ADDRESS: testAddress(), TEMPORAL_TASK_QUEUE: taskQueue });
  await worker.waitFor(WORKER_READY);

  const args = shellWords(EXECUTE_LINE)
    .slice(1)
    .map((word) => (word === 'marketing-notifications' ? taskQueue : word));
  const { stdout } = await promisify(execFile)(requireTemporalCli(), [...args, '--address', testAddress()]);
  expect(stdout).toMatch(/"status":\s*"sent"/);

  const messages = (await (await fetch(`http://127.0.0.1:${port}/_emulator/messages`)).json()) as {
    message: { content: string; embeds: { title: string; color: number }[] };
  }[];
  expect(messages.map(({ message }) => [message.content, message.embeds[0]?.title, message.embeds[0]?.color])).toEqual([
    ['Hello from Temporal', 'It works', 0x0099ff],
  ]);
  expect(worker.output).not.toContain(env.DISCORD_WEBHOOK_URL!.split('/').pop()!);
});
