/**
 * Where the wait before a workflow's last task comes from: the floor workflow (bench/floor) at 10/s for 8 s, with
 * worker options given as JSON, on a dev server with default settings; prints each stage's p50 / p90 from the
 * histories.
 *
 *   node lib-bench/bench/probes/dispatch-latency.js '[{}, {"maxConcurrentWorkflowTaskPolls": 30}]' [--eager-start]
 */
import { join } from 'node:path';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { startBenchDevServer } from '../dev-server';
import { createFloorActivities } from '../floor/activities';
import { benchTaskQueue } from '../senders/ours';
import { sleep } from '../processes';
import { percentile } from '../report';
import { startSink } from './sink';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const millis = (event: HistoryEvent) =>
  Number(event.eventTime!.seconds) * 1000 + Math.floor((event.eventTime!.nanos ?? 0) / 1e6);

/** Event times of one kind, in order. */
function times(events: readonly HistoryEvent[], attributes: keyof HistoryEvent): number[] {
  return events.filter((event) => event[attributes]).map(millis);
}

function stages(events: readonly HistoryEvent[]): Record<string, number> {
  const scheduled = times(events, 'workflowTaskScheduledEventAttributes');
  const started = times(events, 'workflowTaskStartedEventAttributes');
  const completed = times(events, 'workflowTaskCompletedEventAttributes');
  const activityDone = times(events, 'activityTaskCompletedEventAttributes')[0]!;
  const end = times(events, 'workflowExecutionCompletedEventAttributes')[0]!;
  return {
    'first task wait': started[0]! - scheduled[0]!,
    'activity done → completed': end - activityDone,
    'last task wait': started.at(-1)! - scheduled.at(-1)!,
    'last task run': completed.at(-1)! - started.at(-1)!,
    'start → completed': end - millis(events[0]!),
  };
}

async function main(): Promise<void> {
  const variants = JSON.parse(process.argv[2] ?? '[{}]') as Partial<WorkerOptions>[];
  const eagerStart = process.argv.includes('--eager-start');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const sink = await startSink();
  // Default settings; --eager-start probes a server setting (eager workflow start).
  const server = await startBenchDevServer(eagerStart ? { 'system.enableEagerWorkflowStart': true } : undefined);
  try {
    for (const options of variants) {
      const connection = await NativeConnection.connect({ address: server.address });
      const taskQueue = benchTaskQueue('probe-dispatch');
      const worker = await Worker.create({
        connection,
        taskQueue,
        workflowsPath: join(__dirname, '..', 'floor', 'workflows.js'),
        activities: createFloorActivities({ c1: sink.url }),
        ...options,
      });
      const running = worker.run();
      // Eager start needs the client on the worker's own connection.
      const client = new Client({ connection });
      await sleep(2_000);
      const handles: WorkflowHandle[] = [];
      for (let index = 0; index < 80; index++) {
        handles.push(
          await client.workflow.start('plainNotification', {
            taskQueue,
            workflowId: `${taskQueue}-${index}`,
            args: [{ channel: 'c1', content: `probe ${index}` }],
            requestEagerStart: eagerStart,
          }),
        );
        await sleep(100);
      }
      await Promise.all(handles.map((handle) => handle.result()));
      const rows = await Promise.all(handles.map(async (handle) => stages((await handle.fetchHistory()).events ?? [])));
      const at = (stage: string, p: number) =>
        percentile(
          rows.map((row) => row[stage]!),
          p,
        );
      const summary = Object.keys(rows[0]!).map((stage) => `${stage} ${at(stage, 50)} / ${at(stage, 90)} ms`);
      console.log(`${JSON.stringify(options)}${eagerStart ? ' eager start' : ''}: ${summary.join('; ')}`);
      worker.shutdown();
      await running;
      await connection.close();
    }
  } finally {
    await server.stop();
    await sink.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
