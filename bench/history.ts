/**
 * Where a notification's time goes, read from workflow histories: the sender's workflow tasks and completion, and in
 * the webhook's outbox (`discord-outbox-…`) when each notification was handed over (its `enqueue` signal) and which
 * `sendToDiscord` activity carried it. Server event times, same machine and clock as the emulator's `at`.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { percentile, sequencesIn } from './report';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The event times of one run of a sender workflow (epoch ms). */
export interface WorkflowTimeline {
  workflowId: string;
  startedAt: number | undefined;
  completedAt: number | undefined;
  workflowTasks: { scheduledAt: number; startedAt?: number; completedAt?: number }[];
  activities: { type: string; scheduledAt: number; startedAt?: number; completedAt?: number; attempt?: number }[];
}

/** A notification handed to an outbox: its `enqueue` signal. */
export interface HandOff {
  /** When the server recorded the signal. */
  at: number;
  itemId: string;
  /** Sequence numbers in the item's messages. */
  seqs: number[];
}

/**
 * One request of an outbox's `sendToDiscord` activity (a turn of requests): a post (possibly folded) or an edit, with
 * its activity's times.
 */
export interface OutboxSend {
  kind: 'post' | 'edit';
  scheduledAt: number;
  startedAt?: number;
  completedAt?: number;
  /** Set when it failed for good. */
  failedAt?: number;
  /** The attempt that ended it (more than 1 after a 429 or an error). */
  attempt?: number;
  /** Sequence numbers in the message it sent. */
  seqs: number[];
}

/** What an outbox did, over all its runs (continue-as-new), oldest first. */
export interface OutboxTimeline {
  workflowId: string;
  runs: number;
  handOffs: HandOff[];
  sends: OutboxSend[];
}

/** Reads sequence numbers from a message; {@link sequencesIn} unless a scenario counts by something else. */
export type SeqReader = (message: unknown) => number[];

const decode = (payloads: temporal.api.common.v1.IPayloads | null | undefined): unknown[] =>
  (payloads?.payloads ?? []).map((payload) => defaultPayloadConverter.fromPayload(payload));

/** Reads one sender workflow's (latest run's) history into a {@link WorkflowTimeline}. */
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
    if (event.workflowExecutionStartedEventAttributes) timeline.startedAt = at;
    else if (event.workflowExecutionCompletedEventAttributes) timeline.completedAt = at;
    else if (event.workflowTaskScheduledEventAttributes) timeline.workflowTasks.push({ scheduledAt: at });
    else if (event.workflowTaskStartedEventAttributes) timeline.workflowTasks.at(-1)!.startedAt = at;
    else if (event.workflowTaskCompletedEventAttributes) timeline.workflowTasks.at(-1)!.completedAt = at;
    else if (event.activityTaskScheduledEventAttributes) {
      const activity = { type: event.activityTaskScheduledEventAttributes.activityType?.name ?? '?', scheduledAt: at };
      activitiesById.set(String(event.eventId), activity);
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

/** Reads many sender timelines, `concurrency` at a time; a missing history leaves a gap, not a failed benchmark. */
export async function workflowTimelines(
  client: Client,
  workflowIds: readonly string[],
  concurrency = 16,
): Promise<WorkflowTimeline[]> {
  const results: WorkflowTimeline[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, workflowIds.length) }, async () => {
    while (next < workflowIds.length) {
      const workflowId = workflowIds[next++]!;
      try {
        results.push(await workflowTimeline(client, workflowId));
      } catch {
        // A missing history leaves a gap in the breakdown.
      }
    }
  });
  await Promise.all(lanes);
  return results;
}

/** The events of every run of a workflow, oldest run first, following continue-as-new back to the first run. */
async function allRuns(client: Client, workflowId: string): Promise<HistoryEvent[][]> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    runs.unshift(events);
    const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return runs;
    runId = previous;
  }
}

/** Reads an outbox's hand-offs and sends over all its runs. */
export async function outboxTimeline(
  client: Client,
  workflowId: string,
  seqsOf: SeqReader = sequencesIn,
): Promise<OutboxTimeline> {
  const runs = await allRuns(client, workflowId);
  const timeline: OutboxTimeline = { workflowId, runs: runs.length, handOffs: [], sends: [] };
  for (const events of runs) {
    const sends = new Map<string, OutboxSend[]>();
    for (const event of events) {
      const at = tsToMs(event.eventTime);
      const signaled = event.workflowExecutionSignaledEventAttributes;
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (signaled?.signalName === 'enqueue') {
        const [item] = decode(signaled.input) as { id?: string; messages?: unknown[] }[];
        timeline.handOffs.push({
          at,
          itemId: item?.id ?? '?',
          seqs: (item?.messages ?? []).flatMap((message) => seqsOf(message)),
        });
      } else if (scheduled?.activityType?.name === 'sendToDiscord') {
        const [input] = decode(scheduled.input) as { requests?: { message?: unknown; editMessageId?: string }[] }[];
        const turn = (input?.requests ?? []).map((request): OutboxSend => ({
          kind: request.editMessageId === undefined ? 'post' : 'edit',
          scheduledAt: at,
          seqs: seqsOf(request.message),
        }));
        sends.set(String(event.eventId), turn);
        timeline.sends.push(...turn);
      } else if (event.activityTaskStartedEventAttributes) {
        const { scheduledEventId, attempt } = event.activityTaskStartedEventAttributes;
        for (const send of sends.get(String(scheduledEventId)) ?? [])
          Object.assign(send, { startedAt: at, attempt: attempt ?? 1 });
      } else if (event.activityTaskCompletedEventAttributes) {
        const scheduledEventId = event.activityTaskCompletedEventAttributes.scheduledEventId;
        for (const send of sends.get(String(scheduledEventId)) ?? []) send.completedAt = at;
      } else if (event.activityTaskFailedEventAttributes) {
        const scheduledEventId = event.activityTaskFailedEventAttributes.scheduledEventId;
        for (const send of sends.get(String(scheduledEventId)) ?? []) send.failedAt = at;
      }
    }
  }
  return timeline;
}

/** Sequence number → when it was handed over (the first time, should a hand-off have been retried). */
export function handOffTimes(timelines: readonly OutboxTimeline[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const timeline of timelines)
    for (const handOff of timeline.handOffs)
      for (const seq of handOff.seqs) if (!times.has(seq)) times.set(seq, handOff.at);
  return times;
}

/** Sequence number → the completed send that delivered it. */
export function deliveringSends(timelines: readonly OutboxTimeline[]): Map<number, OutboxSend> {
  const sends = new Map<number, OutboxSend>();
  for (const timeline of timelines)
    for (const send of timeline.sends)
      if (send.completedAt !== undefined) for (const seq of send.seqs) if (!sends.has(seq)) sends.set(seq, send);
  return sends;
}

/** p50 / p99 / max of one segment, in ms. */
export interface SegmentStats {
  p50: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}

export const segmentStats = (values: readonly number[]): SegmentStats => ({
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  max: values.length > 0 ? Math.max(...values) : undefined,
});

/** The stages {@link latencyBreakdown} reports, in order. */
export const STAGES = [
  'start call → started',
  'workflow task 1: wait for poller',
  'started → hand-off signal',
  'hand-off → send scheduled',
  'send: wait for poller',
  'send: run (HTTP)',
  'send done → sender completed',
  'start call → sender completed',
] as const;

/**
 * The stages of a notification through the outbox: the sender's start and first workflow task, its hand-off (the
 * outbox's `enqueue` signal), the outbox's `sendToDiscord` that carried it (scheduled, dispatched, done), and the
 * receipt back to the sender until it completed (without outboxes: the sender's own activity). `notifications` gives, per sequence number, the sender's workflow
 * id and when its start call was made.
 */
export function latencyBreakdown(
  senders: readonly WorkflowTimeline[],
  outboxes: readonly OutboxTimeline[],
  notifications: ReadonlyMap<number, { workflowId: string; startCallAt: number }>,
): Record<string, SegmentStats> {
  const segments = Object.fromEntries(STAGES.map((stage) => [stage, [] as number[]])) as Record<
    (typeof STAGES)[number],
    number[]
  >;
  const push = (name: (typeof STAGES)[number], from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined) segments[name].push(to - from);
  };
  const byId = new Map(senders.map((timeline) => [timeline.workflowId, timeline]));
  const handOffs = handOffTimes(outboxes);
  const sends = deliveringSends(outboxes);
  for (const [seq, { workflowId, startCallAt }] of notifications) {
    const sender = byId.get(workflowId);
    if (!sender) continue;
    const [first] = sender.workflowTasks;
    const handOff = handOffs.get(seq);
    // Without an outbox (the floor), the sender's own activity is its send.
    const send = outboxes.length === 0 ? sender.activities[0] : sends.get(seq);
    push('start call → started', startCallAt, sender.startedAt);
    push('workflow task 1: wait for poller', first?.scheduledAt, first?.startedAt);
    push('started → hand-off signal', sender.startedAt, handOff);
    push('hand-off → send scheduled', handOff, send?.scheduledAt);
    push('send: wait for poller', send?.scheduledAt, send?.startedAt);
    push('send: run (HTTP)', send?.startedAt, send?.completedAt);
    push('send done → sender completed', send?.completedAt, sender.completedAt);
    push('start call → sender completed', startCallAt, sender.completedAt);
  }
  return Object.fromEntries(Object.entries(segments).map(([name, values]) => [name, segmentStats(values)]));
}
