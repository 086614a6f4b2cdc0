import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { getDataConverter } from './codec/data-converter';
import { ConfigError, loadConfig, temporalConnectionOptions, type Config } from './config';
import { WorkerLogger } from './worker-logger';

/** Options for {@link createNotificationWorker}. */
export interface NotificationWorkerOptions extends Partial<Omit<ActivityDeps, 'config'>> {
  config: Config;
  connection: NativeConnection;
  /** @default config.temporal.taskQueue */
  taskQueue?: string;
  /**
   * A host project's workflows module that re-exports this package's workflows next to its own.
   * @default this package's workflows
   */
  workflowsPath?: string;
  /** A host project's own activities, registered next to this package's. */
  activities?: Record<string, (...args: never[]) => Promise<unknown>>;
  /** Extra options for the worker (e.g. a pre-built `workflowBundle`, tuning). */
  workerOptions?: Partial<WorkerOptions>;
}

/**
 * The project's worker: every workflow (the channel outboxes included) and activity, on one task queue. It needs no
 * server settings: each channel's outbox workflow keeps Discord's limits for all worker processes together.
 */
export interface NotificationWorker {
  readonly main: Worker;
  /** Runs the worker until shutdown (SIGINT/SIGTERM by default). */
  run(): Promise<void>;
  /** Runs the worker until the promise settles, then shuts it down. */
  runUntil<R>(promise: Promise<R>): Promise<R>;
  shutdown(): void;
}

/** `npm run build` bundles the package's workflows next to this file; the worker uses that bundle when it exists. */
const PREBUILT_BUNDLE = join(__dirname, 'workflow-bundle.js');

/** The host's workflows path, else the package's pre-built bundle, else its workflows (bundled at start-up). */
function workflowSource(workflowsPath: string | undefined): Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'> {
  if (workflowsPath) return { workflowsPath };
  if (existsSync(PREBUILT_BUNDLE)) return { workflowBundle: { codePath: PREBUILT_BUNDLE } };
  return { workflowsPath: require.resolve('./workflows') };
}

/** Creates the worker; see {@link NotificationWorker}. */
export async function createNotificationWorker(options: NotificationWorkerOptions): Promise<NotificationWorker> {
  const {
    config,
    connection,
    taskQueue = config.temporal.taskQueue,
    workflowsPath,
    activities: hostActivities,
    workerOptions,
    ...deps
  } = options;
  const dataConverter = getDataConverter(config);
  const main = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    // Workflows run in a separate, deterministic JS context, so they are registered by path (or pre-bundled).
    ...(workerOptions?.workflowBundle ? {} : workflowSource(workflowsPath)),
    activities: { ...hostActivities, ...createActivities({ config, ...deps }) },
    ...(dataConverter && { dataConverter }),
    ...workerOptions,
  });
  return {
    main,
    run: () => main.run(),
    runUntil: <R>(promise: Promise<R>) => main.runUntil(promise),
    shutdown: () => {
      if (main.getState() === 'RUNNING') main.shutdown();
    },
  };
}

/** Connects to the configured Temporal frontend (API key and TLS for Temporal Cloud). */
export async function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(config));
}

function describeChannels(config: Config): string {
  const named = [...config.discord.channels.keys()].sort();
  const fallback = config.discord.defaultChannel ? 'DISCORD_WEBHOOK_URL' : 'none (unset channels are skipped)';
  return `channels: ${named.length > 0 ? named.join(', ') : '(none named)'}; default: ${fallback}`;
}

async function run(): Promise<void> {
  const config = loadConfig();
  Runtime.install({
    logger: new WorkerLogger('INFO'),
    ...(config.workerMetricsPort && {
      telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.workerMetricsPort}` } } },
    }),
  });
  const connection = await connectWorker(config);
  try {
    const worker = await createNotificationWorker({ config, connection });
    const limit = config.discord.channelLimit;
    const channelLimit = limit ? `${limit.limit} per ${limit.windowMs / 1000} s` : 'off';
    console.log(
      `Worker on task queue "${config.temporal.taskQueue}" at ${config.temporal.address} (namespace ${config.temporal.namespace}); ${describeChannels(config)}; channel limit ${channelLimit}`,
    );
    await worker.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  });
}
