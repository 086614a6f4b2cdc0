/**
 * The worker set-ups the throughput scenario compares: the shipped worker process on the benchmarks' dev server
 * (default settings), the worker inside the load generator's process with eager workflow start and eager activity
 * dispatch (a probe of a server setting: a second dev server with eager activities switched on), and the floor,
 * Temporal alone with one workflow and one activity per notification.
 */
import { Client, Connection } from '@temporalio/client';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { type BenchContext } from '../context';
import { type BenchEmulator } from '../emulator-client';
import { createFloorActivities } from '../floor/activities';
import { startBenchDevServer } from '../dev-server';
import { loadConfig, loadWorker } from '../project';
import { benchTaskQueue, startWorkers } from '../senders/ours';

export interface VariantSpec {
  name: string;
  server: 'main' | 'eager';
  /** `floor`: Temporal alone, a workflow of the same shape without the project's code (bench/floor). */
  worker: 'process' | 'in-process' | 'floor';
  eagerStart: boolean;
}

export const VARIANTS: readonly VariantSpec[] = [
  { name: 'worker process (as shipped)', server: 'main', worker: 'process', eagerStart: false },
  {
    name: 'in-process worker, eager start + activities (server setting)',
    server: 'eager',
    worker: 'in-process',
    eagerStart: true,
  },
  { name: 'floor: Temporal alone, 1 workflow + 1 activity each', server: 'main', worker: 'floor', eagerStart: false },
];

/**
 * Dynamic config of the second dev server, a probe of server settings the product does not need: both eager paths
 * on (eager activity dispatch is off by default on the server).
 */
export const EAGER_DYNAMIC_CONFIG = {
  'system.enableEagerWorkflowStart': true,
  'system.enableActivityEagerExecution': true,
} as const;

/** A dev server the scenario may start, with a client on it. */
export interface Server {
  address: string;
  pid: number;
  client: Client;
  stop(): Promise<void>;
}

export async function startEagerServer(): Promise<Server> {
  const server = await startBenchDevServer(EAGER_DYNAMIC_CONFIG);
  const connection = await Connection.connect({ address: server.address });
  return {
    address: server.address,
    pid: server.pid,
    client: new Client({ connection }),
    stop: async () => {
      await connection.close();
      await server.stop();
    },
  };
}

/** A worker polling the variant's task queue and the client that starts the load. */
export interface RunningVariant {
  client: Client;
  taskQueue: string;
  /** The workflow it runs: `sendNotification`, or the floor's `plainNotification`. */
  workflowType: string;
  /** The process whose RSS and CPU count as "worker" (the bench itself for the in-process worker). */
  workerPid: number;
  stop(): Promise<void>;
}

let runtimeInstalled = false;
/** Worker logs at WARN in the bench's own process. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export async function startVariant(
  spec: VariantSpec,
  context: BenchContext,
  server: Server,
  emulator: BenchEmulator,
  webhookUrls: Record<string, string>,
): Promise<RunningVariant> {
  const taskQueue = benchTaskQueue(`load-${spec.worker}`);
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    // The emulator has no limits here: the outboxes keep none either, so the pipeline itself is measured.
    DISCORD_CHANNEL_LIMIT: 'off',
    DISCORD_ALLOWED_HOSTS: emulator.allowedHosts,
  };
  for (const [channel, url] of Object.entries(webhookUrls)) env[`DISCORD_WEBHOOK_URL_${channel.toUpperCase()}`] = url;
  if (spec.worker === 'process') {
    const [worker] = await startWorkers(1, env, context.logDir, `worker-load-${spec.server}`);
    return {
      client: server.client,
      taskQueue,
      workflowType: 'sendNotification',
      workerPid: worker!.pid,
      stop: () => worker!.stop(),
    };
  }
  installQuietRuntime();
  if (spec.worker === 'floor') {
    const connection = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: join(__dirname, '..', 'floor', 'workflows.js'),
      activities: createFloorActivities(webhookUrls),
    });
    const running = worker.run();
    return {
      client: new Client({ connection }),
      taskQueue,
      workflowType: 'plainNotification',
      workerPid: process.pid,
      stop: async () => {
        worker.shutdown();
        await running;
        await connection.close();
      },
    };
  }
  const [{ createNotificationWorker }, config] = await Promise.all([loadWorker(), loadConfig()]);
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await createNotificationWorker({ config: config.loadConfig(env), connection });
  const running = worker.run();
  return {
    // Eager start needs the client on the worker's own (native) connection.
    client: new Client({ connection }),
    taskQueue,
    workflowType: 'sendNotification',
    workerPid: process.pid,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
