/**
 * The project's worker as `node lib/worker.js` runs it, plus `PROBE_WORKER_OPTIONS` (JSON) passed to
 * `createNotificationWorker` as `workerOptions`; sends 'ready' to its parent once it polls.
 */
import { DefaultLogger, Runtime, type WorkerOptions } from '@temporalio/worker';
import { loadConfig, loadWorker } from '../project';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const [{ createNotificationWorker, connectWorker }, { loadConfig: load }] = await Promise.all([
    loadWorker(),
    loadConfig(),
  ]);
  const config = load(process.env);
  const workerOptions = JSON.parse(process.env.PROBE_WORKER_OPTIONS ?? '{}') as Partial<WorkerOptions>;
  const worker = await createNotificationWorker({ config, connection: await connectWorker(config), workerOptions });
  const running = worker.run();
  process.send?.('ready');
  await running;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
