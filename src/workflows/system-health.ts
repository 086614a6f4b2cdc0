import { workflowInfo } from '@temporalio/workflow';
import type { FailureKey, FailureScan, RecordRequest } from '../activities/health/types';
import type { SystemHealthCheckInput } from '../inputs/workflows';
import { failureReport, workerReport } from '../messages/system-health';
import { health, healthSettings, recordOrStop } from './helpers/health-proxies';
import { watchQueues } from './helpers/health-queues';
import { parseInput } from './helpers/input';
import { MAX_NAMED_FAILURES, VISIBILITY_OVERLAP_MS } from '../vocabulary';
import { notify } from './helpers/notify';

/** What one check did. */
export type SystemHealthResult =
  | {
      status: 'completed';
      channel: string;
      /** The first check of a task queue only starts the watch: it reports what closes from then on. */
      firstCheck: boolean;
      /** The listing's window: executions closed at or after `since` (null on the first check). */
      since: string | null;
      until: string;
      failures: number;
      named: number;
      workersOffline: string[];
      workersRecovered: string[];
      /** Notifications handed to `notify`, and why they were skipped when the channel has no webhook. */
      notifications: number;
      skipped?: string;
    }
  | { status: 'skipped'; reason: string };

interface Reports {
  channel: string;
  firstCheck: boolean;
  scan: FailureScan;
  watched: ReturnType<typeof watchQueues>;
  style: Omit<Parameters<typeof failureReport>[1], 'more'>;
  record: (request: Omit<RecordRequest, 'holder'>) => Promise<unknown>;
}

/**
 * Sends the worker report, then the failure report, recording each part in the ledger once Discord has it: one
 * Discord refuses fails the check, and the next check sends it again, so a report is recorded only once it is in the
 * channel. The first check only starts the watch: what is visible now counts as seen.
 */
async function sendReports({ channel, firstCheck, scan, watched, style, record }: Reports) {
  let notifications = 0;
  let skipped: string | undefined;
  const send = async (notification: Parameters<typeof notify>[0]) => {
    const result = await notify(notification, { channel, wait: true });
    notifications += 1;
    if (result.status === 'skipped') skipped = result.reason;
  };
  const workerNotifications = workerReport(watched.events, style);
  for (const notification of workerNotifications) await send(notification);
  if (workerNotifications.length > 0) await record({ queues: watched.queues });

  const unnamed: FailureKey[] = firstCheck ? scan.unnamed : [];
  const chunks = firstCheck
    ? []
    : failureReport(scan.failures, { ...style, more: { count: scan.unnamed.length, url: scan.listUrl } });
  for (const [index, chunk] of chunks.entries()) {
    await send(chunk.notification);
    const keys = scan.failures.filter((failure) => chunk.runIds.includes(failure.runId));
    const last = index === chunks.length - 1;
    await record({
      known: [...keys, ...(last ? scan.unnamed : [])].map(({ runId, closeTime }) => ({ runId, closeTime })),
    });
  }
  await record({ known: unnamed, queues: watched.queues, watermark: scan.listedAt, release: true });
  return { notifications, skipped };
}

/**
 * Reports every workflow execution of the namespace that closed as Failed, TimedOut or Terminated since the previous
 * check, once, as error alerts (optionally narrowed by HEALTH_WATCH_QUERY), and the watched task queues whose
 * workers went offline or came back. Run by the `system-health` schedule; what was reported is kept by the
 * task queue's `systemHealthLedger`, so restarts, overlapping runs and visibility lag neither repeat nor skip.
 * Goes to `health`, else `errors` (then the default webhook).
 */
export async function systemHealthCheck(input: SystemHealthCheckInput = {}): Promise<SystemHealthResult> {
  const params = await parseInput('systemHealthCheck', input);
  const settings = await healthSettings.loadHealthSettings();
  const { workflowId, runId, taskQueue } = workflowInfo();
  const holder = { workflowId, runId };
  const claimed = await health.claimHealthLedger({ taskQueue, holder });
  if (!claimed.granted) {
    return { status: 'skipped', reason: `another check holds the health ledger: ${claimed.holder.workflowId}` };
  }
  const record = (request: Omit<RecordRequest, 'holder'>) => recordOrStop(taskQueue, { holder, ...request });

  const channel = params.channel ?? settings.channel;
  const firstCheck = claimed.watermark === null;
  const since = firstCheck ? null : new Date(Date.parse(claimed.watermark!) - VISIBILITY_OVERLAP_MS).toISOString();
  const scan = await health.findFailedExecutions({
    since,
    overlapMs: VISIBILITY_OVERLAP_MS,
    known: claimed.known,
    taskQueue,
    channel,
    maxNamed: firstCheck ? 0 : MAX_NAMED_FAILURES,
  });
  const observations = await health.observeTaskQueues({ queues: settings.watchTaskQueues });
  const watched = watchQueues(claimed.queues, observations, settings.workerGraceMs);

  const style = { now: new Date(), timeZone: settings.reportTimezone, mentions: settings.mentions };
  const sent = await sendReports({ channel, firstCheck, scan, watched, style, record });

  const names = (kind: 'offline' | 'recovered') =>
    watched.events.filter((event) => event.kind === kind).map((event) => event.queue.name);
  return {
    status: 'completed',
    channel,
    firstCheck,
    since,
    until: scan.listedAt,
    failures: firstCheck ? 0 : scan.failures.length + scan.unnamed.length,
    named: firstCheck ? 0 : scan.failures.length,
    workersOffline: names('offline'),
    workersRecovered: names('recovered'),
    notifications: sent.notifications,
    ...(sent.skipped !== undefined && { skipped: sent.skipped }),
  };
}
