/**
 * The worker set-ups the throughput scenario compares: the shipped worker process, the same on a server with eager
 * activity dispatch, and the worker inside the load generator's process so that workflow starts can be eager too
 * (the server then hands the first workflow task back in the start call's answer).
 */
import { Client, Connection } from '@temporalio/client';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { BENCH_DYNAMIC_CONFIG, type BenchContext } from '../context';
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
  /** The floor's workflows module in bench/floor. @default 'workflows.js' */
  floorWorkflows?: string;
}

export const VARIANTS: readonly VariantSpec[] = [
  { name: 'worker process (as shipped)', server: 'main', worker: 'process', eagerStart: false },
  { name: 'worker process, eager activities', server: 'eager', worker: 'process', eagerStart: false },
  { name: 'in-process worker, eager start + activities', server: 'eager', worker: 'in-process', eagerStart: true },
  { name: 'floor: Temporal alone, same shape, in-process', server: 'main', worker: 'floor', eagerStart: false },
  {
    name: 'floor + one zod schema in the workflow',
    server: 'main',
    worker: 'floor',
    eagerStart: false,
    floorWorkflows: 'workflows-zod.js',
  },
];

/** Dynamic config of the second dev server: both eager paths on (activities are off by default on the server). */
export const EAGER_DYNAMIC_CONFIG = {
  ...BENCH_DYNAMIC_CONFIG,
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
  /** The workflow it runs: `sendNotification`, or the floor's `plainNotification` (same arguments). */
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
    DISCORD_DELIVERY_RATE: '0',
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
      workflowsPath: join(__dirname, '..', 'floor', spec.floorWorkflows ?? 'workflows.js'),
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
