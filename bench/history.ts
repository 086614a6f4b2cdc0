/**
 * Where a notification's time goes, read from its workflow history: the server's event times for workflow tasks,
 * activity dispatch and completion. Same machine, same clock as the emulator's `at`.
 */
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { percentile } from './report';

/** The event times of one run of a workflow (epoch ms). */
export interface WorkflowTimeline {
  workflowId: string;
  startedAt: number | undefined;
  completedAt: number | undefined;
  workflowTasks: { scheduledAt: number; startedAt?: number; completedAt?: number }[];
  activities: {
    type: string;
    taskQueue: string;
    scheduledAt: number;
    startedAt?: number;
    completedAt?: number;
    attempt?: number;
  }[];
}

/** Reads one workflow's history into a {@link WorkflowTimeline}. */
export async function workflowTimeline(client: Client, workflowId: string): Promise<WorkflowTimeline> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const timeline: WorkflowTimeline = {
    workflowId,
    startedAt: undefined,
    completedAt: undefined,
    workflowTasks: [],
    activities: [],
  };
  const activitiesById = new Map<string, WorkflowTimeline['activities'][number]>();
  for (const event of history.events ?? []) {
    const at = tsToMs(event.eventTime);
    const id = String(event.eventId);
    if (event.workflowExecutionStartedEventAttributes) timeline.startedAt = at;
    else if (event.workflowExecutionCompletedEventAttributes) timeline.completedAt = at;
    else if (event.workflowTaskScheduledEventAttributes) timeline.workflowTasks.push({ scheduledAt: at });
    else if (event.workflowTaskStartedEventAttributes) timeline.workflowTasks.at(-1)!.startedAt = at;
    else if (event.workflowTaskCompletedEventAttributes) timeline.workflowTasks.at(-1)!.completedAt = at;
    else if (event.activityTaskScheduledEventAttributes) {
      const attributes = event.activityTaskScheduledEventAttributes;
      const activity = {
        type: attributes.activityType?.name ?? '?',
        taskQueue: attributes.taskQueue?.name ?? '',
        scheduledAt: at,
      };
      activitiesById.set(id, activity);
      timeline.activities.push(activity);
    } else if (event.activityTaskStartedEventAttributes) {
      const activity = activitiesById.get(String(event.activityTaskStartedEventAttributes.scheduledEventId));
      if (activity)
        Object.assign(activity, { startedAt: at, attempt: event.activityTaskStartedEventAttributes.attempt ?? 1 });
    } else if (event.activityTaskCompletedEventAttributes) {
      const activity = activitiesById.get(String(event.activityTaskCompletedEventAttributes.scheduledEventId));
      if (activity) activity.completedAt = at;
    }
  }
  return timeline;
}

/** Reads many timelines, `concurrency` at a time. */
export async function workflowTimelines(
  client: Client,
  workflowIds: readonly string[],
  concurrency = 16,
): Promise<WorkflowTimeline[]> {
  const results: WorkflowTimeline[] = [];
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, workflowIds.length) }, async () => {
    while (next < workflowIds.length) {
      const workflowId = workflowIds[next++]!;
      try {
        results.push(await workflowTimeline(client, workflowId));
      } catch {
        // A missing history leaves a gap in the breakdown, not a failed benchmark.
      }
    }
  });
  await Promise.all(workers);
  return results;
}

/** p50 / p99 / max of one segment, in ms. */
export interface SegmentStats {
  p50: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}

const stats = (values: number[]): SegmentStats => ({
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  max: values.length > 0 ? Math.max(...values) : undefined,
});

/**
 * The stages of a single-message notification: the start call until the server recorded the start, each workflow
 * task's wait for a poller and its run (the first includes the routing local activity), the delivery activity's
 * wait and run, and the final workflow task until completion. `startCalls` maps workflowId → client start time.
 */
export function latencyBreakdown(
  timelines: readonly WorkflowTimeline[],
  startCalls: ReadonlyMap<string, number>,
): Record<string, SegmentStats> {
  const segments: Record<string, number[]> = {
    'start call → started event': [],
    'workflow task 1: wait for poller': [],
    'workflow task 1: run (incl. routing)': [],
    'delivery activity: wait for poller': [],
    'delivery activity: run (HTTP)': [],
    'activity done → workflow completed': [],
    'start call → workflow completed': [],
  };
  const push = (name: string, from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined) segments[name]!.push(to - from);
  };
  for (const timeline of timelines) {
    const call = startCalls.get(timeline.workflowId);
    const [first] = timeline.workflowTasks;
    // The one (non-local) activity of a single-message notification: deliverMessage, or the floor's post.
    const [delivery] = timeline.activities;
    push('start call → started event', call, timeline.startedAt);
    push('workflow task 1: wait for poller', first?.scheduledAt, first?.startedAt);
    push('workflow task 1: run (incl. routing)', first?.startedAt, first?.completedAt);
    push('delivery activity: wait for poller', delivery?.scheduledAt, delivery?.startedAt);
    push('delivery activity: run (HTTP)', delivery?.startedAt, delivery?.completedAt);
    push('activity done → workflow completed', delivery?.completedAt, timeline.completedAt);
    push('start call → workflow completed', call, timeline.completedAt);
  }
  return Object.fromEntries(Object.entries(segments).map(([name, values]) => [name, stats(values)]));
}
