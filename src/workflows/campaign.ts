import {
  ApplicationFailure,
  CancellationScope,
  executeChild,
  isCancellation,
  log,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { StepCounts } from '../inputs/domain';
import { campaignCancelled, campaignCompleted, campaignStarted } from '../messages/campaign';
import { errorAlert as errorAlertMessage } from '../messages/error-alert';
import { settings } from './helpers/proxies';
import { parseInput } from './helpers/input';
import { describeFailure, notifySafely, type SafeNotifyResult } from './helpers/notify';
import { DEFAULT_CHANNELS } from '../vocabulary';
import type { CampaignWithNotificationsInput, SimulatedCampaignStepInput } from '../inputs/workflows';

export interface CampaignResult {
  status: 'completed';
  campaignName: string;
  /** What the step workflow returned. */
  result: unknown;
  notifications: { started: SafeNotifyResult; completed: SafeNotifyResult };
}

/**
 * An example campaign step for demos and tests: waits `durationMs` (default 1000), fails when asked, and returns
 * `{ total, success, failed }` counts.
 */
export async function simulatedCampaignStep(input: SimulatedCampaignStepInput = {}): Promise<StepCounts> {
  const params = await parseInput('simulatedCampaignStep', input);
  await sleep(params.durationMs ?? 1_000);
  if (params.fail) {
    const message = typeof params.fail === 'string' ? params.fail : 'Simulated campaign step failure';
    throw ApplicationFailure.create({ type: 'SimulatedStepFailure', message, nonRetryable: true });
  }
  const total = params.items ?? 10;
  const failed = params.failedItems ?? 0;
  return { total, success: total - failed, failed };
}

/** A step result that carries the counts for the "Campaign Complete" message. */
function isStepCounts(value: unknown): value is StepCounts {
  if (typeof value !== 'object' || value === null) return false;
  const counts = value as Record<string, unknown>;
  return ['total', 'success', 'failed'].every((key) => {
    const count = counts[key];
    return typeof count === 'number' && Number.isInteger(count) && count >= 0;
  });
}

/**
 * Runs a campaign step as a child workflow between a "Campaign Started" and a "Campaign Complete" message.
 * When the step fails, an error alert names the step and this workflow fails too (the seed re-raises). When the
 * campaign is cancelled, the step is cancelled and a "Campaign Cancelled" message ends the "Started" one. A
 * notification that cannot be delivered never fails the campaign; it shows in the result and the log.
 */
export async function campaignWithNotifications(input: CampaignWithNotificationsInput): Promise<CampaignResult> {
  const params = await parseInput('campaignWithNotifications', input);
  const { reportTimezone, mentions } = await settings.loadSettings();
  const channel = DEFAULT_CHANNELS.campaigns;
  // Not cancellable: once "Started" is out, a cancellation always gets its "Cancelled" ending below.
  const started = await CancellationScope.nonCancellable(() =>
    notifySafely(campaignStarted(params.campaignName, new Date(), mentions.campaign), { channel }),
  );

  let result: unknown;
  try {
    result = await executeChild(params.workflowType, {
      args: params.args ?? [],
      workflowId: `${workflowInfo().workflowId}-${params.workflowType}`,
      ...(params.taskQueue && { taskQueue: params.taskQueue }),
    });
  } catch (error) {
    if (isCancellation(error)) {
      // The "Started" message gets its ending; sent outside the cancelled scope, so the cancellation cannot stop it.
      const cancelled = await CancellationScope.nonCancellable(() =>
        notifySafely(campaignCancelled(params.campaignName, params.workflowType, new Date()), { channel }),
      );
      log.info('Campaign cancelled', { campaignName: params.campaignName, notification: cancelled.status });
      throw error;
    }
    const failure = describeFailure(error);
    const alert = errorAlertMessage(
      {
        flowName: params.campaignName,
        errorMessage: failure.message,
        details: `Failed at step: ${params.workflowType}`,
      },
      new Date(),
      reportTimezone,
      mentions.error_alert,
    );
    const errorAlert = await notifySafely(alert, { channel: DEFAULT_CHANNELS.errors });
    throw ApplicationFailure.create({
      type: 'CampaignFailed',
      message: `Campaign "${params.campaignName}" failed at step ${params.workflowType}: ${failure.message}`,
      nonRetryable: true,
      cause: error instanceof Error ? error : undefined,
      details: [{ step: params.workflowType, notifications: { started, errorAlert } }],
    });
  }

  const completed = await notifySafely(
    campaignCompleted(params.campaignName, isStepCounts(result) ? result : undefined, new Date()),
    { channel },
  );
  return { status: 'completed', campaignName: params.campaignName, result, notifications: { started, completed } };
}
