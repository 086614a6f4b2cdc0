// Every `npx discord-notify …` line of docs/cli.md, run in order as written; transcripts (```console) must
// print what the page shows, and `$ echo $?` lines give the exit code. A line ending in `...` matches by prefix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { routedWebhooks } from '../helpers/channels';
import { secretsOf, startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { createTestClient, withWorker } from '../helpers/temporal';
import { shellWords } from '../helpers/shell-words';
import { runCliTranscript } from './helpers';

const PAGE = join(__dirname, '..', '..', 'docs', 'cli.md');

interface DocCommand {
  line: string;
  env: Record<string, string>;
  argv: string[];
  /** Output lines a transcript shows; undefined for plain ```sh lines. */
  output: string[] | undefined;
  exitCode: number;
}

function parseCommand(line: string, output: string[] | undefined): DocCommand {
  const words = shellWords(line);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  expect(words.slice(0, 2)).toEqual(['npx', 'discord-notify']);
  return { line, env, argv: words.slice(2), output, exitCode: 0 };
}

/** The page's commands in order, from ```sh blocks (plain lines) and ```console blocks (transcripts). */
function commandsOf(markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const [, language, body] of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const lines = body!.trimEnd().split('\n');
    if (language === 'sh') {
      for (const line of lines) commands.push(parseCommand(line, undefined));
    } else if (language === 'console') {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (line === '$ echo $?') commands.at(-1)!.exitCode = Number(lines[++i]);
        else if (line.startsWith('$ ')) commands.push(parseCommand(line.slice(2), []));
        else commands.at(-1)!.output!.push(line);
      }
    } else {
      expect(body).not.toContain('npx discord-notify ');
    }
  }
  return commands;
}

let discord: TestDiscord;
let client: Client;
beforeAll(async () => {
  discord = await startTestDiscord();
  client = await createTestClient();
});
afterAll(async () => {
  // The page uses the contract's schedule ids; this is the only test file on the shared server that does.
  for (const id of ['daily-performance-report', 'retargeting-report', 'weekly-performance-report', 'system-health']) {
    await client.schedule
      .getHandle(id)
      .delete()
      .catch((error: unknown) => {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      });
  }
  await discord.emulator.close();
  await client.connection.close();
});

test('shellWords splits like a shell for the quoting the page uses', () => {
  expect(shellWords(`A=1 npx discord-notify start x --input '{"a": "b c"}' --note "Holiday week"`)).toEqual([
    'A=1',
    'npx',
    'discord-notify',
    'start',
    'x',
    '--input',
    '{"a": "b c"}',
    '--note',
    'Holiday week',
  ]);
});

test('every npx discord-notify line of docs/cli.md runs as shown, with the exit code and output the page gives', async () => {
  const commands = commandsOf(readFileSync(PAGE, 'utf8'));
  expect(commands).toHaveLength(26);
  const routes = routedWebhooks(discord);
  await withWorker({ env: routes.env }, async ({ taskQueue }) => {
    for (const command of commands) {
      const run = await runCliTranscript(command.argv, {
        ...routes.env,
        TEMPORAL_TASK_QUEUE: taskQueue,
        ...command.env,
      });
      const printed = run.lines.join('\n').split('\n');
      const context = `${command.line}\n--- printed (exit code ${run.code})\n${printed.join('\n')}`;
      expect({ line: command.line, code: run.code }).toEqual({ line: command.line, code: command.exitCode });
      if (command.output) {
        expect({ context, lines: printed.length }).toEqual({ context, lines: command.output.length });
        command.output.forEach((expected, index) => {
          const actual = printed[index]!;
          const matches = expected.endsWith('...') ? actual.startsWith(expected.slice(0, -3)) : actual === expected;
          expect({ context, expected, matches }).toEqual({ context, expected, matches: true });
        });
      }
      for (const secret of secretsOf(discord.emulator)) expect(printed.join('\n')).not.toContain(secret);
      // A reader runs the next line later: let a workflow started without --wait finish first.
      const started = /^Started \S+ as workflow (\S+)$/m.exec(run.out.join('\n'))?.[1];
      if (started) await client.workflow.getHandle(started).result();
    }
    // The page's notifications reach Discord (some workflows run on after their start returned): the test message;
    // the hot-lead alert, the notification and the recipe's single alert; the two daily reports started from the
    // command line and the daily and weekly ones triggered from their schedules. Counted as embeds (one each), since
    // the outbox folds reports that were queued together into one message.
    const expected = { default: 1, alerts: 4, reports: 4, errors: 0, publishing: 0, campaigns: 0 };
    expect(await routes.deliveredEmbeds(expected)).toEqual(expected);
  });
}, 120_000);
