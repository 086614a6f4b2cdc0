import { ApplicationFailure, executeChild, isCancellation, sleep, workflowInfo } from '@temporalio/workflow';
import { StepCountsSchema, type StepCounts } from '../messages/domain';
import { campaignCompleted, campaignStarted } from '../messages/campaign';
import { errorAlert as errorAlertMessage } from '../messages/error-alert';
import { settings } from './helpers/proxies';
import { INVALID_INPUT, parseInput } from './helpers/input';
import { describeFailure, notifySafely, type SafeNotifyResult } from './helpers/notify';
import { DEFAULT_CHANNELS } from './helpers/routing';
import {
  CampaignWithNotificationsInputSchema,
  SimulatedCampaignStepInputSchema,
  WORKFLOW_INPUTS,
  type CampaignWithNotificationsInput,
  type SimulatedCampaignStepInput,
} from './inputs';

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
  const params = parseInput('simulatedCampaignStep', SimulatedCampaignStepInputSchema, input);
  await sleep(params.durationMs ?? 1_000);
  if (params.fail) {
    const message = typeof params.fail === 'string' ? params.fail : 'Simulated campaign step failure';
    throw ApplicationFailure.create({ type: 'SimulatedStepFailure', message, nonRetryable: true });
  }
  const total = params.items ?? 10;
  const failed = params.failedItems ?? 0;
  return { total, success: total - failed, failed };
}

/** On our own task queue only our own workflow types exist; an unknown one would leave the child stuck. */
export function assertKnownStep(workflowType: string, taskQueue: string | undefined, field: string): void {
  if (taskQueue === undefined && !(workflowType in WORKFLOW_INPUTS)) {
    throw ApplicationFailure.create({
      type: INVALID_INPUT,
      nonRetryable: true,
      message: `Invalid input: ${field}: "${workflowType}" is not a workflow of this worker; set taskQueue to run your own`,
    });
  }
}

/**
 * Runs a campaign step as a child workflow between a "Campaign Started" and a "Campaign Complete" message.
 * When the step fails, an error alert names the step and this workflow fails too (the seed re-raises). A
 * notification that cannot be delivered never fails the campaign; it shows in the result and the log.
 */
export async function campaignWithNotifications(input: CampaignWithNotificationsInput): Promise<CampaignResult> {
  const params = parseInput('campaignWithNotifications', CampaignWithNotificationsInputSchema, input);
  assertKnownStep(params.workflowType, params.taskQueue, 'workflowType');
  const { reportTimezone, mentions } = await settings.loadSettings();
  const channel = DEFAULT_CHANNELS.campaigns;
  const started = await notifySafely(campaignStarted(params.campaignName, new Date(), mentions.campaign), { channel });

  let result: unknown;
  try {
    result = await executeChild(params.workflowType, {
      args: params.args ?? [],
      workflowId: `${workflowInfo().workflowId}-${params.workflowType}`,
      ...(params.taskQueue && { taskQueue: params.taskQueue }),
    });
  } catch (error) {
    if (isCancellation(error)) throw error;
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

  const counts = StepCountsSchema.safeParse(result);
  const completed = await notifySafely(
    campaignCompleted(params.campaignName, counts.success ? counts.data : undefined, new Date()),
    { channel },
  );
  return { status: 'completed', campaignName: params.campaignName, result, notifications: { started, completed } };
}
