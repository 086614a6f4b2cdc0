import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { ConfigError, loadConfig, type Config } from './config';

/** Options for {@link createNotificationWorker}. */
export interface NotificationWorkerOptions extends Partial<Omit<ActivityDeps, 'config'>> {
  config: Config;
  connection: NativeConnection;
  /** @default config.temporal.taskQueue */
  taskQueue?: string;
  /** Extra worker options (e.g. a pre-built `workflowBundle`, tuning). */
  workerOptions?: Partial<WorkerOptions>;
}

/** A worker that runs every workflow and activity of the project. */
export async function createNotificationWorker(options: NotificationWorkerOptions): Promise<Worker> {
  const { config, connection, taskQueue = config.temporal.taskQueue, workerOptions, ...deps } = options;
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    // Workflows run in a separate, deterministic JS context, so they are registered by path.
    ...(workerOptions?.workflowBundle ? {} : { workflowsPath: require.resolve('./workflows') }),
    activities: createActivities({ config, ...deps }),
    ...workerOptions,
  });
}

/** Connects to the configured Temporal frontend (API key and TLS for Temporal Cloud). */
export async function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.temporal.address,
    tls: config.temporal.tls,
    ...(config.temporal.apiKey && { apiKey: config.temporal.apiKey }),
  });
}

function describeChannels(config: Config): string {
  const named = [...config.discord.channels.keys()].sort();
  const fallback = config.discord.defaultChannel ? 'DISCORD_WEBHOOK_URL' : 'none (unset channels are skipped)';
  return `channels: ${named.length > 0 ? named.join(', ') : '(none named)'}; default: ${fallback}`;
}

async function run(): Promise<void> {
  const config = loadConfig();
  Runtime.install({
    logger: new DefaultLogger('INFO'),
    ...(config.workerMetricsPort && {
      telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.workerMetricsPort}` } } },
    }),
  });
  const connection = await connectWorker(config);
  try {
    const worker = await createNotificationWorker({ config, connection });
    console.log(
      `Worker on task queue "${config.temporal.taskQueue}" at ${config.temporal.address} (namespace ${config.temporal.namespace}); ${describeChannels(config)}`,
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
