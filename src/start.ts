/**
 * `npm start`: the whole thing on one machine. A Temporal dev server (SQLite file, Web UI) unless TEMPORAL_ADDRESS
 * answers; the Discord emulator unless a webhook is configured; the report and system-health schedules; the worker. Ctrl-C stops all.
 *
 * Variables of its own (empty = unset): START_DATA_DIR (default .data), TEMPORAL_UI_PORT (8233), EMULATOR_PORT (8787).
 * Exit codes: 0 stopped by SIGINT/SIGTERM, 1 could not start (a port in use, ...) or failed while running,
 * 2 invalid configuration, 130 forced by a second signal.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Runtime } from '@temporalio/worker';
import { WorkerLogger } from './worker-logger';
import { connectClient, splitAddress } from './cli/connect';
import { CliError } from './cli/errors';
import { startBanner, webhookVariables } from './cli/start-banner';
import {
  childPids,
  devServerError,
  LOOPBACK,
  portIsFree,
  probeTemporal,
  StartEnvSchema,
  StartError,
  type StartSettings,
} from './cli/start-support';
import { ConfigError, loadConfig, loadEnv, readEnvironment, type Config } from './config';
import { startDevServer, type DevServer } from './dev/dev-server';
import { locateTemporalCli } from './dev/temporal-cli';
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_WEBHOOK_ID,
  DEFAULT_WEBHOOK_TOKEN,
  EmulatorPortInUseError,
  startEmulator,
} from './emulator';
import { applySchedules, desiredSchedules, scheduleSourceWarnings } from './schedules';
import { connectWorker, createNotificationWorker, type NotificationWorker } from './worker';

const say = (line = '') => console.log(line);

/** What a run started and must stop, in reverse order, plus the processes a second Ctrl-C kills. */
interface Session {
  cleanups: { name: string; run: () => Promise<unknown> }[];
  stopping: AbortController;
  worker?: NotificationWorker;
  devServer?: DevServer;
}

/** The first signal stops gracefully; the second kills the dev server and its children and exits 130. */
function handleSignals(session: Session): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      console.error(`\n${signal}: stopping (press Ctrl-C again to force quit)`);
      session.stopping.abort();
      session.worker?.shutdown();
      return;
    }
    console.error(`${signal}: force quit`);
    for (const pid of new Set([...(session.devServer ? [session.devServer.pid] : []), ...childPids()])) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Step 1: use the Temporal that answers, refuse a port taken by something else, or plan a dev server. */
async function checkTemporal(userConfig: Config, uiPort: number) {
  const probe = await probeTemporal(userConfig);
  const { host, port: temporalPort } = splitAddress(userConfig.temporal.address);
  if (probe === 'other') {
    throw new StartError(
      `port ${temporalPort} is in use by something that is not a Temporal server (TEMPORAL_ADDRESS=${userConfig.temporal.address}); ` +
        'stop it, or set TEMPORAL_ADDRESS to a free port and npm start runs its own dev server there',
    );
  }
  if (probe === 'nothing') {
    if (!LOOPBACK.includes(host) || userConfig.temporal.tls) {
      throw new StartError(
        `Temporal at ${userConfig.temporal.address} (TEMPORAL_ADDRESS) does not answer; npm start runs its own dev server only for a localhost address`,
      );
    }
    if (!(await portIsFree(uiPort))) {
      throw new StartError(`port ${uiPort} is in use; set TEMPORAL_UI_PORT to a free port for the Temporal Web UI`);
    }
  }
  return { probe, host, temporalPort };
}

/** Step 2: the Discord emulator, pointed to by the worker's environment; returns its URL. */
async function startOwnEmulator(session: Session, env: NodeJS.ProcessEnv, workerEnv: NodeJS.ProcessEnv, port: number) {
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port,
    webhooks: [
      {
        id: DEFAULT_WEBHOOK_ID,
        token: DEFAULT_WEBHOOK_TOKEN,
        channelId: DEFAULT_CHANNEL_ID,
        name: 'Marketing Automation',
      },
    ],
  }).catch((error: unknown) => {
    if (error instanceof EmulatorPortInUseError) {
      throw new StartError(
        `port ${port} is in use; set EMULATOR_PORT to a free port (0 picks one) for the Discord emulator`,
      );
    }
    throw error;
  });
  session.cleanups.push({ name: 'the Discord emulator', run: () => emulator.close() });
  workerEnv.DISCORD_WEBHOOK_URL = emulator.webhooks()[0]!.url;
  workerEnv.DISCORD_ALLOWED_HOSTS = [env.DISCORD_ALLOWED_HOSTS, new URL(emulator.url).host].filter(Boolean).join(',');
  return emulator.url;
}

/** Step 3: the dev server, with a SQLite file so schedules and history survive a restart; returns that file. */
async function startOwnDevServer(
  session: Session,
  workerEnv: NodeJS.ProcessEnv,
  where: { host: string; port: number; uiPort: number; dataDir: string },
): Promise<string> {
  const dataDir = resolve(where.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const dbFile = resolve(dataDir, 'temporal.db');
  say(`Starting the Temporal dev server on ${where.host}:${where.port} (data in ${dbFile}) ...`);
  const server = await startDevServer({
    port: where.port,
    uiPort: where.uiPort,
    dbFile,
    startTimeoutMs: 120_000,
  }).catch((error: unknown) => {
    throw devServerError(error, where.port, where.uiPort);
  });
  session.devServer = server;
  session.cleanups.push({ name: 'the Temporal dev server', run: () => server.stop() });
  workerEnv.TEMPORAL_ADDRESS = server.address;
  workerEnv.TEMPORAL_UI_URL = server.uiUrl;
  return dbFile;
}

/** Step 5: the worker, in this process; signals are ours to handle, not the SDK's. */
async function startWorker(session: Session, config: Config): Promise<NotificationWorker> {
  say('Starting the worker (bundling workflows) ...');
  Runtime.install({
    logger: new WorkerLogger('WARN'),
    shutdownSignals: [],
    ...(config.workerMetricsPort && {
      telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.workerMetricsPort}` } } },
    }),
  });
  const connection = await connectWorker(config);
  session.cleanups.push({ name: 'the worker connection', run: () => connection.close() });
  // The worker takes TEMPORAL_CODEC_KEY's data converter from the config itself, like connectClient does.
  const worker = await createNotificationWorker({ config, connection });
  session.worker = worker;
  return worker;
}

/** A dev server that exits on its own stops the worker; returns the exit code that run reports then. */
function watchDevServer(session: Session): { exitCode: number } {
  const outcome = { exitCode: 0 };
  session.devServer?.process.once('exit', (code, signal) => {
    // Ctrl-C in a terminal signals the dev server too; give our own SIGINT a moment to arrive before calling it a crash.
    setTimeout(() => {
      if (session.stopping.signal.aborted) return;
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      console.error(`The Temporal dev server exited unexpectedly (${how}); stopping the worker.`);
      outcome.exitCode = 1;
      session.stopping.abort();
      session.worker?.shutdown();
    }, 1_000).unref();
  });
  return outcome;
}

/** Stops what a run started, newest first; a failing step is reported and the rest still run. */
async function cleanUp(session: Session): Promise<void> {
  for (const cleanup of session.cleanups.reverse()) {
    try {
      await cleanup.run();
    } catch (error) {
      console.error(`While stopping ${cleanup.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Steps 1 to 5; returns the exit code once the worker stops. */
async function startAll(session: Session, env: NodeJS.ProcessEnv, settings: StartSettings) {
  const { config: userConfig, start } = settings;
  const { probe, host, temporalPort } = await checkTemporal(userConfig, start.uiPort);
  const discordVariables = webhookVariables(userConfig);
  const workerEnv: NodeJS.ProcessEnv = { ...env };
  const emulatorUrl =
    discordVariables.length === 0 ? await startOwnEmulator(session, env, workerEnv, start.emulatorPort) : undefined;
  const where = { host, port: temporalPort, uiPort: start.uiPort, dataDir: start.dataDir };
  const dbFile = probe === 'nothing' ? await startOwnDevServer(session, workerEnv, where) : undefined;
  if (session.stopping.signal.aborted) return 0;
  const config = loadConfig(workerEnv);

  // Step 4: the report and system-health schedules.
  const client = await connectClient(config);
  session.cleanups.push({ name: 'the client connection', run: () => client.connection.close() });
  for (const line of scheduleSourceWarnings(config)) console.error(line);
  const schedules = await applySchedules(client, desiredSchedules(config));

  const worker = await startWorker(session, config);
  if (session.stopping.signal.aborted) return 0;
  const running = worker.run();
  running.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  const outcome = watchDevServer(session);
  const main = worker.main;
  while (main.getState() === 'INITIALIZED') await new Promise((done) => setTimeout(done, 50));
  if (main.getState() !== 'RUNNING') return (await running, 1);
  if (session.stopping.signal.aborted) worker.shutdown(); // a signal that came while the worker was starting
  const cli = locateTemporalCli();
  const devServer = dbFile ? { dbFile } : undefined;
  for (const line of startBanner({ config, devServer, emulatorUrl, discordVariables, schedules, cli })) say(line);
  await running;
  return outcome.exitCode;
}

/** Runs everything until a signal; returns the exit code. */
async function run(): Promise<number> {
  const env = readEnvironment();
  // One schema, checked once before anything starts: every invalid variable, the worker's and npm start's, at once.
  const settings = loadEnv(StartEnvSchema, env);
  const session: Session = { cleanups: [], stopping: new AbortController() };
  handleSignals(session);
  try {
    return await startAll(session, env, settings);
  } catch (error) {
    // A start-up step that failed because of Ctrl-C (the terminal signals the dev server too) is no error.
    if (session.stopping.signal.aborted) return 0;
    throw error;
  } finally {
    await cleanUp(session);
  }
}

if (require.main === module) {
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(2);
      }
      const known = error instanceof StartError || error instanceof CliError;
      // Known failures are one clear message; anything else keeps its stack for a bug report.
      console.error(
        known
          ? (error as Error).message
          : `npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exit(1);
    },
  );
}
