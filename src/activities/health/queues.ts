import { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import { taskQueueUrl } from '../../cli/connect';
import type { Config } from '../../config';
import type { QueueObservations, TaskQueueObservation } from './types';

const { TaskQueueKind, TaskQueueType } = temporal.api.enums.v1;

const toMs = (time: { seconds?: unknown; nanos?: number | null } | null | undefined): number | undefined =>
  time?.seconds == null ? undefined : Number(time.seconds) * 1_000 + Math.floor((time.nanos ?? 0) / 1e6);

/** Reads the pollers of the watched task queues (DescribeTaskQueue for workflow and activity tasks). */
export function createQueueActivities(config: Config) {
  return {
    /**
     * The newest poll and the workers seen on each queue. The server lists a poller for about five minutes after its
     * last poll; an idle worker polls about once a minute, so an old newest poll means no worker is polling.
     * @see https://docs.temporal.io/develop/typescript/observability (task queue pollers)
     */
    async observeTaskQueues({ queues }: { queues: string[] }): Promise<QueueObservations> {
      const { client } = Context.current();
      const observedAt = new Date().toISOString();
      const observed: TaskQueueObservation[] = [];
      for (const name of queues) {
        const polls = new Map<string, number>();
        for (const taskQueueType of [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]) {
          const { pollers } = await client.workflowService.describeTaskQueue({
            namespace: config.temporal.namespace,
            taskQueue: { name, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
            taskQueueType,
          });
          for (const poller of pollers ?? []) {
            const at = toMs(poller.lastAccessTime);
            const identity = poller.identity || '(no identity)';
            if (at !== undefined && at > (polls.get(identity) ?? 0)) polls.set(identity, at);
          }
        }
        const newest = Math.max(...polls.values());
        observed.push({
          name,
          lastPollAt: polls.size > 0 ? new Date(newest).toISOString() : null,
          workers: [...polls].sort(([, a], [, b]) => b - a).map(([identity]) => identity),
          url: taskQueueUrl(config, name),
        });
      }
      return { observedAt, queues: observed };
    },
  };
}
