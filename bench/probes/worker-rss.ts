/**
 * The worker process's memory under a backlog, with worker options and Node flags given as JSON: 1500
 * `sendNotification` workflows through 64 start calls in flight, handed to the sink's outbox and delivered to a plain
 * HTTP sink (folded); prints the RSS idle and at most (sampled every 250 ms) and the throughput.
 *
 *   node lib-bench/bench/probes/worker-rss.js '[{}, {"worker": {"maxCachedWorkflows": 100}}, {"node": ["--max-old-space-size=128"]}]'
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { startBenchDevServer } from '../dev-server';
import { rssMb, sampleRss, sleep } from '../processes';
import { benchTaskQueue } from '../senders/ours';
import { startSink } from './sink';

interface Variant {
  worker?: Record<string, unknown>;
  node?: string[];
}

const NOTIFICATIONS = 1500;
const IN_FLIGHT = 64;

async function main(): Promise<void> {
  const variants = JSON.parse(process.argv[2] ?? '[{}]') as Variant[];
  const sink = await startSink();
  const server = await startBenchDevServer();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  try {
    for (const variant of variants) {
      const taskQueue = benchTaskQueue('probe-rss');
      const child = fork(join(__dirname, 'worker-child.js'), {
        // A clean environment: no developer .env, only what the worker needs.
        env: {
          PATH: process.env.PATH,
          TEMPORAL_ADDRESS: server.address,
          TEMPORAL_TASK_QUEUE: taskQueue,
          // A plain sink, not Discord: no channel limit to keep, so the backlog is the worker's.
          DISCORD_CHANNEL_LIMIT: 'off',
          DISCORD_ALLOWED_HOSTS: sink.host,
          DISCORD_WEBHOOK_URL: sink.url,
          PROBE_WORKER_OPTIONS: JSON.stringify(variant.worker ?? {}),
        },
        execArgv: variant.node ?? [],
        cwd: __dirname,
      });
      await new Promise((resolve) => child.once('message', resolve));
      await sleep(3_000);
      const idle = rssMb(child.pid!);
      const rss = sampleRss(child.pid!, 250);
      const before = sink.received();
      const startedAt = Date.now();
      const handles: WorkflowHandle[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          for (let index = next++; index < NOTIFICATIONS; index = next++) {
            handles.push(
              await client.workflow.start('sendNotification', {
                taskQueue,
                workflowId: `${taskQueue}-${index}`,
                args: [{ title: 'Probe', description: `notification ${index}` }],
              }),
            );
          }
        }),
      );
      await Promise.all(handles.map((handle) => handle.result()));
      const perSecond = NOTIFICATIONS / ((Date.now() - startedAt) / 1000);
      const max = rss.stop();
      console.log(
        `${JSON.stringify(variant)}: idle ${idle?.toFixed(0)} MB, at most ${max?.toFixed(0)} MB, ` +
          `${perSecond.toFixed(1)}/s, ${sink.received() - before} messages received (folded)`,
      );
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  } finally {
    await connection.close();
    await server.stop();
    await sink.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
