import { main } from '../../src/client';
import { testAddress } from '../helpers/temporal';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `npm run client -- <argv>` in-process with exactly `env` (no process environment, no .env). */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (line) => out.push(line),
    (line) => err.push(line),
    { TEMPORAL_ADDRESS: testAddress(), ...env },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
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
