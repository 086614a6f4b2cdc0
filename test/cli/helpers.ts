import { main } from '../../src/client';
import { testAddress } from '../helpers/temporal';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `npx discord-notify <argv>` (the CLI's main()) in-process with exactly `env` (no process environment, no .env). */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const { code, out, err } = await runCliTranscript(argv, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** {@link runCli}, keeping stdout and stderr lines apart and also interleaved, as a terminal shows them. */
export async function runCliTranscript(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string[]; err: string[]; lines: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const lines: string[] = [];
  const code = await main(
    argv,
    (line) => (out.push(line), lines.push(line)),
    (line) => (err.push(line), lines.push(line)),
    { TEMPORAL_ADDRESS: testAddress(), ...env },
  );
  return { code, out, err, lines };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
