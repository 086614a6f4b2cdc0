// Inputs and results of the system-health activities and of the health ledger. Type-only for workflow code.
import type { Mentions } from '../../discord/schemas';

/** How a watched execution ended: the closed statuses the check reports. */
export type FailedStatus = 'Failed' | 'TimedOut' | 'Terminated';

/** A workflow execution that closed as Failed, TimedOut or Terminated. */
export interface FailedExecution {
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  status: FailedStatus;
  startTime: string;
  closeTime: string;
  /** What went wrong: the failure's message and its causes, the timeout, or the termination's reason. */
  message: string;
  /** The run in the Temporal Web UI. */
  url: string;
}

/** What the ledger remembers of a reported execution: run ids are unique, the close time says when to forget it. */
export interface FailureKey {
  runId: string;
  closeTime: string;
}

/** One look at visibility: new failures (the first `maxNamed` in detail, the rest as keys only). */
export interface FailureScan {
  /** When the listing began (the worker's clock): the next check lists from here, minus the overlap. */
  listedAt: string;
  failures: FailedExecution[];
  /** New failures beyond `maxNamed`: counted in the report, not named. */
  unnamed: FailureKey[];
  /** The Web UI's workflow list for the scanned window and filter. */
  listUrl: string;
}

/** Input of `findFailedExecutions`. */
export interface FailureScanRequest {
  /** List executions closed at or after this instant; null lists the last `overlapMs` before now (a first check). */
  since: string | null;
  overlapMs: number;
  /** Run ids already reported (or seen by the first check): never returned again. */
  known: string[];
  /** The check's own task queue and channel: its own workflows (the check, its ledger) are not reported. */
  taskQueue: string;
  channel: string;
  /** At most this many failures come back in detail. */
  maxNamed: number;
}

/** The pollers of one watched task queue, as DescribeTaskQueue reports them. */
export interface TaskQueueObservation {
  name: string;
  /** The newest poll of any worker (workflow or activity tasks); null when the server lists no poller. */
  lastPollAt: string | null;
  /** Identities of the workers seen polling, newest first. */
  workers: string[];
  /** The task queue in the Web UI. */
  url: string;
}

export interface QueueObservations {
  observedAt: string;
  queues: TaskQueueObservation[];
}

/** What the check needs from the worker's configuration; recorded in history, so replays see the same values. */
export interface HealthSettings {
  /** The first configured channel of `health`, `errors` (which itself falls back to the default webhook). */
  channel: string;
  watchTaskQueues: string[];
  workerGraceMs: number;
  reportTimezone: string;
  mentions: Mentions | undefined;
}

/** A watched task queue as the ledger remembers it. */
export interface QueueState {
  /** The newest poll seen so far. */
  lastPollAt: string | null;
  /** Set while the queue is reported offline: the last poll before the outage. */
  offlineSince?: string;
}

/** Who runs a check: the lease holder. */
export interface CheckHolder {
  workflowId: string;
  runId: string;
}

/** What the health ledger keeps between checks. */
export interface HealthLedgerState {
  /** Where the last complete check's listing began; null until the first check completed. */
  watermark: string | null;
  /** Run id → close time of everything reported (or seen by the first check) that a later listing may return again. */
  known: Record<string, string>;
  queues: Record<string, QueueState>;
  /** The check running now; only it may record. */
  lease: (CheckHolder & { since: string }) | null;
  /** The last check that completed (released the lease): a retried record of it is answered, not refused. */
  lastCheck: CheckHolder | null;
  /** Checks completed so far. */
  checks: number;
}

export interface ClaimRequest {
  holder: CheckHolder;
  /** Take over from this run: the claim activity found it closed (failed, terminated) with the lease still held. */
  takeOverFrom?: string;
}

export type ClaimResult =
  | { granted: true; watermark: string | null; known: string[]; queues: Record<string, QueueState> }
  | { granted: false; holder: CheckHolder; since: string };

/** What a check records once it has handed notifications over; only the lease holder may record. */
export interface RecordRequest {
  holder: CheckHolder;
  known?: FailureKey[];
  queues?: Record<string, QueueState>;
  /** Set once every failure of the scan is recorded: the next check lists from here (minus the overlap). */
  watermark?: string;
  /** Ends the check: the lease is free again. */
  release?: boolean;
}

export interface RecordResult {
  /** False when the lease was no longer this check's (it ran past the lease's expiry and another check took over). */
  held: boolean;
}

/** Something to report about a watched task queue. */
export type QueueEvent =
  | { kind: 'offline'; queue: TaskQueueObservation; lastPollAt: string }
  | { kind: 'recovered'; queue: TaskQueueObservation; offlineSince: string; backAt: string };
