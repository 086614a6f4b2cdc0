import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { workflowListUrl, workflowUrl } from '../../cli/connect';
import type { Config } from '../../config';
import { formatDuration } from '../../messages/format';
import { HEALTH_WORKFLOW_TYPES } from '../../vocabulary';
import type { FailedExecution, FailedStatus, FailureKey, FailureScan, FailureScanRequest } from './types';

type Failure = temporal.api.failure.v1.IFailure;

/** Visibility's names of the closed statuses the check reports. */
const STATUSES: Partial<Record<string, FailedStatus>> = {
  FAILED: 'Failed',
  TIMED_OUT: 'TimedOut',
  TERMINATED: 'Terminated',
};
/** The failure text kept per execution; the message template cuts it further to Discord's limits. */
const MESSAGE_MAX_CHARS = 4_096;
/** History reads in flight at once for one scan. */
const READS_IN_FLIGHT = 8;
const GRPC_INVALID_ARGUMENT = 3;

/** The visibility query of one scan: closed badly since `since`, narrowed by HEALTH_WATCH_QUERY. */
export function failureQuery(since: string, watchQuery: string | undefined): string {
  const base = `ExecutionStatus IN ('Failed', 'TimedOut', 'Terminated') AND CloseTime >= '${since}'`;
  return watchQuery ? `${base} AND (${watchQuery})` : base;
}

function failureKind(failure: Failure): string | undefined {
  if (failure.applicationFailureInfo) return failure.applicationFailureInfo.type || 'Error';
  if (failure.activityFailureInfo) return `Activity ${failure.activityFailureInfo.activityType?.name ?? ''}`.trim();
  if (failure.childWorkflowExecutionFailureInfo)
    return `Child workflow ${failure.childWorkflowExecutionFailureInfo.workflowType?.name ?? ''}`.trim();
  if (failure.timeoutFailureInfo) return 'Timeout';
  if (failure.canceledFailureInfo) return 'Cancelled';
  if (failure.terminatedFailureInfo) return 'Terminated';
  if (failure.serverFailureInfo) return 'Server';
  return undefined;
}

/** `Type: message`, then one `caused by Type: message` line per cause (the innermost one usually says why). */
export function describeFailureChain(failure: Failure | null | undefined): string {
  const lines: string[] = [];
  for (let cause = failure, depth = 0; cause && depth < 8; cause = cause.cause, depth++) {
    const kind = failureKind(cause);
    const message = cause.encodedAttributes
      ? '(message encoded by the workflow’s failure converter)'
      : cause.message || '(no message)';
    lines.push(`${depth > 0 ? 'caused by ' : ''}${kind ? `${kind}: ` : ''}${message}`);
  }
  return lines.join('\n') || 'Failed without a failure message';
}

/**
 * How long a timed-out execution ran. The recorded start and close times can miss the configured timeout by a few
 * milliseconds either way (999 ms for a timeout of 1 second), so from half a second on it names whole seconds, as
 * timeouts are set.
 */
export function timedOutReason(startTime: Date, closeTime: Date | undefined): string {
  const ran = (closeTime?.getTime() ?? 0) - startTime.getTime();
  const shown = ran >= 500 ? Math.round(ran / 1_000) * 1_000 : ran;
  return `Timed out after ${formatDuration(shown)} (its workflow execution or run timeout)`;
}

/** Run ids are unique; sorting by close time (then id) makes the report chronological and deterministic. */
const byCloseTime = (a: WorkflowExecutionInfo, b: WorkflowExecutionInfo) =>
  (a.closeTime?.getTime() ?? 0) - (b.closeTime?.getTime() ?? 0) || a.runId.localeCompare(b.runId);

/** Why an execution closed: its timeout, who terminated it and why, or its failure chain. */
async function closeReason(config: Config, execution: WorkflowExecutionInfo, status: FailedStatus): Promise<string> {
  const { client } = Context.current();
  if (status === 'TimedOut') {
    return timedOutReason(execution.startTime, execution.closeTime);
  }
  try {
    const { history } = await client.workflowService.getWorkflowExecutionHistory({
      namespace: config.temporal.namespace,
      execution: { workflowId: execution.workflowId, runId: execution.runId },
      historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
      skipArchival: true,
    });
    const event = history?.events?.at(-1);
    if (status === 'Terminated') {
      const terminated = event?.workflowExecutionTerminatedEventAttributes;
      const by = terminated?.identity ? ` by ${terminated.identity}` : '';
      return `Terminated${by}: ${terminated?.reason || 'no reason given'}`;
    }
    return describeFailureChain(event?.workflowExecutionFailedEventAttributes?.failure);
  } catch (error) {
    // Deleted meanwhile (retention): report it all the same.
    if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && Number(error.code) === 5))
      return 'Its history is no longer available';
    throw error;
  }
}

async function detail(
  config: Config,
  execution: WorkflowExecutionInfo,
  status: FailedStatus,
): Promise<FailedExecution> {
  const message = await closeReason(config, execution, status);
  return {
    workflowId: execution.workflowId,
    runId: execution.runId,
    workflowType: execution.type,
    taskQueue: execution.taskQueue,
    status,
    startTime: execution.startTime.toISOString(),
    closeTime: (execution.closeTime ?? execution.startTime).toISOString(),
    message: Array.from(message).slice(0, MESSAGE_MAX_CHARS).join(''),
    url: workflowUrl(config, execution.workflowId, execution.runId),
  };
}

type Found = { execution: WorkflowExecutionInfo; status: FailedStatus };

/** The executions the query finds, less the known run ids and the check's own workflows, oldest first. */
async function listFailed(config: Config, request: FailureScanRequest, query: string): Promise<Found[]> {
  const { client } = Context.current();
  const known = new Set(request.known);
  const own = (execution: WorkflowExecutionInfo) =>
    execution.taskQueue === request.taskQueue && (HEALTH_WORKFLOW_TYPES as readonly string[]).includes(execution.type);
  const found: Found[] = [];
  try {
    for await (const execution of client.workflow.list({ query })) {
      const status = STATUSES[execution.status.name];
      if (status && !known.has(execution.runId) && !own(execution)) found.push({ execution, status });
    }
  } catch (error) {
    const grpc = error instanceof ServiceError ? error.cause : error;
    if (config.health.watchQuery && isGrpcServiceError(grpc) && Number(grpc.code) === GRPC_INVALID_ARGUMENT) {
      throw ApplicationFailure.create({
        type: 'InvalidWatchQuery',
        message: `HEALTH_WATCH_QUERY is not a valid visibility query (${grpc.details || grpc.message}): ${config.health.watchQuery}`,
        nonRetryable: true,
      });
    }
    throw error;
  }
  return found.sort((a, b) => byCloseTime(a.execution, b.execution));
}

/** Finds the executions that closed as Failed, TimedOut or Terminated, from visibility and their close events. */
export function createFailureActivities(config: Config) {
  return {
    /**
     * Lists the executions closed as Failed, TimedOut or Terminated since `since` (narrowed by HEALTH_WATCH_QUERY),
     * leaves out the known run ids and the check's own workflows (the check and its ledger on its task queue), and
     * reads the close event of the first `maxNamed` for their failure message.
     * @throws ApplicationFailure `InvalidWatchQuery` (non-retryable) when the server refuses HEALTH_WATCH_QUERY
     */
    async findFailedExecutions(request: FailureScanRequest): Promise<FailureScan> {
      const listedAt = new Date();
      const since = request.since ?? new Date(listedAt.getTime() - request.overlapMs).toISOString();
      const query = failureQuery(since, config.health.watchQuery);
      const found = await listFailed(config, request, query);
      const named = found.slice(0, request.maxNamed);
      const failures: FailedExecution[] = [];
      for (let start = 0; start < named.length; start += READS_IN_FLIGHT) {
        const batch = named.slice(start, start + READS_IN_FLIGHT);
        failures.push(...(await Promise.all(batch.map(({ execution, status }) => detail(config, execution, status)))));
        Context.current().heartbeat();
      }
      const unnamed: FailureKey[] = found.slice(request.maxNamed).map(({ execution }) => ({
        runId: execution.runId,
        closeTime: (execution.closeTime ?? execution.startTime).toISOString(),
      }));
      return { listedAt: listedAt.toISOString(), failures, unnamed, listUrl: workflowListUrl(config, query) };
    },
  };
}
