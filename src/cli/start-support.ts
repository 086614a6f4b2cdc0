// The parts of `npm start` (src/start.ts) that check before starting: its variables, ports, what answers at
// TEMPORAL_ADDRESS, and one clear sentence per failure.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { z } from 'zod';
import { temporalConnectionOptions, WORKER_PARTS, workerSettings, type ClientConfig } from '../config';
import { composeEnv } from '../config-compose';
import { DevServerStartError, portAnswers } from '../dev/dev-server';
import { TemporalCliNotFoundError } from '../dev/temporal-cli';
import { DEFAULT_EMULATOR_PORT } from '../emulator';
import { splitAddress } from './connect';

const port = (min: number) =>
  z.coerce.number({ error: 'must be a port number' }).int('must be a port number').min(min).max(65_535);
const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** `npm start`'s own variables; they only matter to this local set-up, so they are not in the worker's schema. */
const StartOptionsEnvSchema = z
  .object({
    START_DATA_DIR: z.preprocess(blankIsUnset, z.string().default('.data')),
    TEMPORAL_UI_PORT: z.preprocess(blankIsUnset, port(1).default(8233)),
    EMULATOR_PORT: z.preprocess(blankIsUnset, port(0).default(DEFAULT_EMULATOR_PORT)),
  })
  .transform((env) => ({ dataDir: env.START_DATA_DIR, uiPort: env.TEMPORAL_UI_PORT, emulatorPort: env.EMULATOR_PORT }));

/**
 * `npm start`'s one environment schema: the worker's variables (it runs the worker and applies the schedules) and its
 * own. `config` is the worker's configuration as the user set it, before npm start adds its dev server and emulator.
 */
export const StartEnvSchema = composeEnv({ ...WORKER_PARTS, start: StartOptionsEnvSchema }).transform(
  ({ start, ...parts }) => ({ config: workerSettings(parts), start }),
);
/** What `npm start` reads from the environment. */
export type StartSettings = z.output<typeof StartEnvSchema>;

/** A start-up failure with one message for the user (exit code 1, no stack trace). */
export class StartError extends Error {}

/** Hosts for which npm start may run its own dev server. */
export const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

/** True when nothing listens on 127.0.0.1:port (a listen test also catches servers bound to 0.0.0.0). */
export async function portIsFree(portNumber: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(portNumber, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** Whether TEMPORAL_ADDRESS answers, and if so whether it is a Temporal frontend. */
export async function probeTemporal(config: Pick<ClientConfig, 'temporal'>): Promise<'temporal' | 'other' | 'nothing'> {
  const { host, port: portNumber } = splitAddress(config.temporal.address);
  if (!(await portAnswers(host, portNumber, 2_000))) return 'nothing';
  try {
    const connection = await Connection.connect({
      ...temporalConnectionOptions(config),
      connectTimeout: '5 seconds',
    });
    await connection.close();
    return 'temporal';
  } catch {
    return 'other';
  }
}

/** Direct children of this process, from /proc (Linux); the force-quit path kills them so none is orphaned. */
export function childPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
      })
      .map(Number);
  } catch {
    return [];
  }
}

/** One clear sentence for a dev server that would not start, naming the port and the variable when one is taken. */
export function devServerError(error: unknown, temporalPort: number, uiPort: number): Error {
  if (error instanceof TemporalCliNotFoundError) return new StartError(error.message);
  if (!(error instanceof DevServerStartError)) return error instanceof Error ? error : new Error(String(error));
  const taken = /:(\d+): bind: address already in use/.exec(error.output)?.[1];
  if (taken) {
    const variable =
      Number(taken) === uiPort ? 'TEMPORAL_UI_PORT' : Number(taken) === temporalPort ? 'TEMPORAL_ADDRESS' : undefined;
    return new StartError(
      `port ${taken} is in use; ${variable ? `set ${variable} to a free port` : 'free it (the Temporal dev server needs it)'}`,
    );
  }
  const lastLines = error.output.trim().split('\n').slice(-5).join('\n');
  return new StartError(
    `the Temporal dev server did not start: ${error.message.split('\n')[0]}${lastLines ? `\n${lastLines}` : ''}`,
  );
}
