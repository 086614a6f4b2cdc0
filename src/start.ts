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
} from './cli/start-support';
import { ConfigError, loadConfig, readEnvironment } from './config';
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
import { formatIssues } from './shared';
import { connectWorker, createNotificationWorker, type NotificationWorker } from './worker';

const say = (line = '') => console.log(line);

/** Runs everything until a signal; returns the exit code. */
async function run(): Promise<number> {
  const env = readEnvironment();
  // Every invalid variable at once: the product's and npm start's own.
  const startEnv = StartEnvSchema.safeParse(env);
  const problems = startEnv.success ? [] : formatIssues(startEnv.error.issues);
  let userConfig;
  try {
    userConfig = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.unshift(...error.problems);
  }
  if (!userConfig || !startEnv.success) throw new ConfigError(problems);
  const { START_DATA_DIR, TEMPORAL_UI_PORT, EMULATOR_PORT } = startEnv.data;

  const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
  const stopping = new AbortController();
  let worker: NotificationWorker | undefined;
  let devServer: DevServer | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      console.error(`\n${signal}: stopping (press Ctrl-C again to force quit)`);
      stopping.abort();
      worker?.shutdown();
      return;
    }
    console.error(`${signal}: force quit`);
    for (const pid of new Set([...(devServer ? [devServer.pid] : []), ...childPids()])) {
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

  try {
    // 1. Temporal: use the one that answers, refuse a port taken by something else, or plan a dev server.
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
      if (!(await portIsFree(TEMPORAL_UI_PORT))) {
        throw new StartError(
          `port ${TEMPORAL_UI_PORT} is in use; set TEMPORAL_UI_PORT to a free port for the Temporal Web UI`,
        );
      }
    }

    // 2. Discord: the emulator, unless the user configured a webhook of their own.
    const discordVariables = webhookVariables(userConfig);
    let emulatorUrl: string | undefined;
    const workerEnv: NodeJS.ProcessEnv = { ...env };
    if (discordVariables.length === 0) {
      const emulator = await startEmulator({
        host: '127.0.0.1',
        port: EMULATOR_PORT,
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
            `port ${EMULATOR_PORT} is in use; set EMULATOR_PORT to a free port (0 picks one) for the Discord emulator`,
          );
        }
        throw error;
      });
      cleanups.push({ name: 'the Discord emulator', run: () => emulator.close() });
      emulatorUrl = emulator.url;
      workerEnv.DISCORD_WEBHOOK_URL = emulator.webhooks()[0]!.url;
      workerEnv.DISCORD_ALLOWED_HOSTS = [env.DISCORD_ALLOWED_HOSTS, new URL(emulator.url).host]
        .filter(Boolean)
        .join(',');
    }

    // 3. The dev server, with a SQLite file so schedules and history survive a restart.
    let dbFile: string | undefined;
    if (probe === 'nothing') {
      const dataDir = resolve(START_DATA_DIR);
      mkdirSync(dataDir, { recursive: true });
      dbFile = resolve(dataDir, 'temporal.db');
      say(`Starting the Temporal dev server on ${host}:${temporalPort} (data in ${dbFile}) ...`);
      devServer = await startDevServer({
        port: temporalPort,
        uiPort: TEMPORAL_UI_PORT,
        dbFile,
        startTimeoutMs: 120_000,
      }).catch((error: unknown) => {
        throw devServerError(error, temporalPort, TEMPORAL_UI_PORT);
      });
      const server = devServer;
      cleanups.push({ name: 'the Temporal dev server', run: () => server.stop() });
      workerEnv.TEMPORAL_ADDRESS = server.address;
      workerEnv.TEMPORAL_UI_URL = server.uiUrl;
    }
    if (stopping.signal.aborted) return 0;
    const config = loadConfig(workerEnv);

    // 4. The report and system-health schedules.
    const client = await connectClient(config);
    cleanups.push({ name: 'the client connection', run: () => client.connection.close() });
    for (const line of scheduleSourceWarnings(config)) console.error(line);
    const schedules = await applySchedules(client, desiredSchedules(config));

    // 5. The worker, in this process; signals are ours to handle, not the SDK's.
    say('Starting the worker (bundling workflows) ...');
    Runtime.install({
      logger: new WorkerLogger('WARN'),
      shutdownSignals: [],
      ...(config.workerMetricsPort && {
        telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.workerMetricsPort}` } } },
      }),
    });
    const connection = await connectWorker(config);
    cleanups.push({ name: 'the worker connection', run: () => connection.close() });
    // The worker takes TEMPORAL_CODEC_KEY's data converter from the config itself, like connectClient does.
    worker = await createNotificationWorker({ config, connection });
    if (stopping.signal.aborted) return 0;

    const running = worker.run();
    running.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
    let exitCode = 0;
    devServer?.process.once('exit', (code, signal) => {
      // Ctrl-C in a terminal signals the dev server too; give our own SIGINT a moment to arrive before calling it a crash.
      setTimeout(() => {
        if (stopping.signal.aborted) return;
        const how = signal ? `killed by ${signal}` : `exit code ${code}`;
        console.error(`The Temporal dev server exited unexpectedly (${how}); stopping the worker.`);
        exitCode = 1;
        stopping.abort();
        worker?.shutdown();
      }, 1_000).unref();
    });
    const main = worker.main;
    while (main.getState() === 'INITIALIZED') await new Promise((done) => setTimeout(done, 50));
    if (main.getState() !== 'RUNNING') return (await running, 1);
    if (stopping.signal.aborted) worker.shutdown(); // a signal that came while the worker was starting
    for (const line of startBanner({
      config,
      devServer: dbFile ? { dbFile } : undefined,
      emulatorUrl,
      discordVariables,
      schedules,
      cli: locateTemporalCli(),
    })) {
      say(line);
    }
    await running;
    return exitCode;
  } catch (error) {
    // A start-up step that failed because of Ctrl-C (the terminal signals the dev server too) is no error.
    if (stopping.signal.aborted) return 0;
    throw error;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup.run();
      } catch (error) {
        console.error(`While stopping ${cleanup.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
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
