import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, DeliveryRoutes, type ActivityDeps } from './activities';
import { getDataConverter } from './codec/data-converter';
import { ConfigError, loadConfig, temporalConnectionOptions, type Config } from './config';
import { WorkerLogger } from './worker-logger';
import { deliveryTaskQueue } from './workflows/helpers/routing';

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
  /** Extra options for the main worker (e.g. a pre-built `workflowBundle`, tuning). */
  workerOptions?: Partial<WorkerOptions>;
  /** Extra options for every delivery worker. */
  deliveryWorkerOptions?: Partial<WorkerOptions>;
}

/**
 * The project's workers in one process: the main worker (every workflow and activity, on the task queue) and one
 * delivery worker per webhook, polling `<task queue>-discord-<route>` with a rate the Temporal server enforces
 * across all worker processes. They share one webhook client and one pacer.
 */
export interface NotificationWorker {
  readonly main: Worker;
  readonly delivery: ReadonlyMap<string, Worker>;
  /** Runs every worker until shutdown (SIGINT/SIGTERM by default). */
  run(): Promise<void>;
  /** Runs every worker until the promise settles, then shuts them down. */
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

/** Creates the main worker and the delivery workers; see {@link NotificationWorker}. */
export async function createNotificationWorker(options: NotificationWorkerOptions): Promise<NotificationWorker> {
  const {
    config,
    connection,
    taskQueue = config.temporal.taskQueue,
    workflowsPath,
    activities: hostActivities,
    workerOptions,
    deliveryWorkerOptions,
    ...deps
  } = options;
  const activities = { ...hostActivities, ...createActivities({ config, ...deps }) };
  // Every worker must decode what the others encoded (TEMPORAL_CODEC_KEY), delivery workers included.
  const dataConverter = getDataConverter(config);
  const main = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    // Workflows run in a separate, deterministic JS context, so they are registered by path (or pre-bundled).
    ...(workerOptions?.workflowBundle ? {} : workflowSource(workflowsPath)),
    activities,
    ...(dataConverter && { dataConverter }),
    ...workerOptions,
  });
  const delivery = new Map<string, Worker>();
  if (config.discord.deliveryRate > 0) {
    for (const routeKey of new DeliveryRoutes(config.discord).routeKeys()) {
      const worker = await Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: deliveryTaskQueue(taskQueue, routeKey),
        // Only delivery tasks reach these queues; registering everything keeps one activities object per process.
        activities,
        // Enforced by the server for the whole queue: every worker process must use the same value.
        maxTaskQueueActivitiesPerSecond: config.discord.deliveryRate,
        // Sends to one webhook go one at a time (the pacer); a few tasks in hand are plenty.
        maxConcurrentActivityTaskExecutions: 10,
        maxConcurrentActivityTaskPolls: 2,
        ...(dataConverter && { dataConverter }),
        ...deliveryWorkerOptions,
      });
      delivery.set(routeKey, worker);
    }
  }
  const all = [main, ...delivery.values()];
  const shutdown = () => {
    for (const worker of all) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  // One worker failing stops the others, so the process never runs half a service.
  const together = async <T>(runs: Promise<T>[]): Promise<T[]> => {
    const settled = await Promise.allSettled(
      runs.map((run) =>
        run.catch((error: unknown) => {
          shutdown();
          throw error;
        }),
      ),
    );
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
  };
  return {
    main,
    delivery,
    run: async () => {
      await together(all.map((worker) => worker.run()));
    },
    runUntil: async <R>(promise: Promise<R>) => (await together(all.map((worker) => worker.runUntil(promise))))[0] as R,
    shutdown,
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
    const rate = config.discord.deliveryRate > 0 ? `${config.discord.deliveryRate}/s per webhook` : 'off';
    console.log(
      `Worker on task queue "${config.temporal.taskQueue}" at ${config.temporal.address} (namespace ${config.temporal.namespace}); ${describeChannels(config)}; shared delivery limit ${rate}`,
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
