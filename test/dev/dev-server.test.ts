import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevServerStartError, startDevServer } from '../../src/dev/dev-server';

const dir = mkdtempSync(join(tmpdir(), 'dev-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for the temporal CLI: a shell script of the given lines. */
function fakeCli(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, ['#!/bin/sh', ...lines].join('\n'));
  chmodSync(path, 0o755);
  return path;
}

/** Panics during start-up the way Go does: the cause, then pages of stacks. */
const panickingCli = () =>
  fakeCli('panicking', [
    'echo "panic: listen tcp 127.0.0.1:7234: bind: address already in use" >&2',
    'i=0; while [ $i -lt 400 ]; do echo "goroutine $i [running]: go.uber.org/dig.paramList.BuildList(...) +0x58b" >&2; i=$((i+1)); done',
    'echo "exit status 2: the last line" >&2',
    'exit 2',
  ]);

/** Starts, prints a line and never serves: a `sleep` with this run's own duration, to look for afterwards. */
const SILENT_SLEEP = `sleep ${(600 + Math.random()).toFixed(6)}`;
const silentCli = () => fakeCli('silent', ['echo "starting"', `exec ${SILENT_SLEEP}`]);

/** startDevServer with TEMPORAL_CLI_PATH set to `cli`, settled either way. */
async function startWith(cli: string, startTimeoutMs: number): Promise<unknown> {
  const previous = process.env.TEMPORAL_CLI_PATH;
  process.env.TEMPORAL_CLI_PATH = cli;
  try {
    return await startDevServer({ startTimeoutMs }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
  } finally {
    if (previous === undefined) delete process.env.TEMPORAL_CLI_PATH;
    else process.env.TEMPORAL_CLI_PATH = previous;
  }
}

test('a server that exits during start-up fails with the first and the last of what it printed', async () => {
  const error = await startWith(panickingCli(), 30_000);
  expect(error).toBeInstanceOf(DevServerStartError);
  const { message, output, exited } = error as DevServerStartError;
  expect(exited).toBe(true);
  expect(message.split('\n')[0]).toBe('temporal server start-dev exited during start-up');
  expect(output.split('\n')[0]).toBe('panic: listen tcp 127.0.0.1:7234: bind: address already in use');
  expect(output).toContain('\n…\n');
  expect(output.trimEnd().split('\n').at(-1)).toBe('exit status 2: the last line');
  expect(output.length).toBeLessThanOrEqual(8_003);
});

test('a server that runs but never answers is stopped and fails naming the address and the wait', async () => {
  const error = await startWith(silentCli(), 1_000);
  expect(error).toBeInstanceOf(DevServerStartError);
  const { message, output, exited } = error as DevServerStartError;
  expect(exited).toBe(false);
  expect(message.split('\n')[0]).toMatch(
    /^Temporal frontend at 127\.0\.0\.1:\d+ did not become healthy within 1000 ms/,
  );
  expect(output).toBe('starting\n');
  expect(spawnSync('pgrep', ['-f', SILENT_SLEEP]).status).toBe(1); // pgrep: no process matched
});
