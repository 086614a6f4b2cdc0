import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevServerStartError, startDevServer } from '../../src/dev/dev-server';

const dir = mkdtempSync(join(tmpdir(), 'dev-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for the temporal CLI that panics during start-up the way Go does: the cause, then pages of stacks. */
function panickingCli(): string {
  const path = join(dir, 'temporal');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'echo "panic: listen tcp 127.0.0.1:7234: bind: address already in use" >&2',
      'i=0; while [ $i -lt 400 ]; do echo "goroutine $i [running]: go.uber.org/dig.paramList.BuildList(...) +0x58b" >&2; i=$((i+1)); done',
      'echo "exit status 2: the last line" >&2',
      'exit 2',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

test('a server that exits during start-up fails with the first and the last of what it printed', async () => {
  const previous = process.env.TEMPORAL_CLI_PATH;
  process.env.TEMPORAL_CLI_PATH = panickingCli();
  try {
    const error = await startDevServer({ startTimeoutMs: 30_000 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DevServerStartError);
    const { message, output } = error as DevServerStartError;
    expect(message.split('\n')[0]).toBe('temporal server start-dev exited during start-up');
    expect(output.split('\n')[0]).toBe('panic: listen tcp 127.0.0.1:7234: bind: address already in use');
    expect(output).toContain('\n…\n');
    expect(output.trimEnd().split('\n').at(-1)).toBe('exit status 2: the last line');
    expect(output.length).toBeLessThanOrEqual(8_003);
  } finally {
    if (previous === undefined) delete process.env.TEMPORAL_CLI_PATH;
    else process.env.TEMPORAL_CLI_PATH = previous;
  }
});
