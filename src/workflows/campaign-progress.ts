import {
  ApplicationFailure,
  CancellationScope,
  executeChild,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { campaignProgress, progressPercent, type ProgressState } from '../messages/campaign';
import { errorAlert as errorAlertMessage } from '../messages/error-alert';
import { settings } from './helpers/proxies';
import { parseInput } from './helpers/input';
import { describeFailure, notifySafely } from './helpers/notify';
import { ProgressMessage, type ProgressMessageStats } from './helpers/progress';
import { DEFAULT_CHANNELS } from '../vocabulary';
import type { CampaignWithProgressInput } from '../inputs/workflows';
import type { NotificationSettings } from '../activities/types';
import { progressQuery, type CampaignProgress } from './queries';

export interface CampaignWithProgressResult {
  status: 'completed';
  campaignName: string;
  results: unknown[];
  progressMessage: ProgressMessageStats;
}

function snapshot(state: ProgressState): CampaignProgress {
  const running = state.status !== 'done';
  return {
    completed: state.completed,
    total: state.steps.length,
    percent: progressPercent(state),
    currentStep: running ? (state.steps[state.completed] ?? null) : null,
    status: state.status,
  };
}

interface StepFailure {
  campaignName: string;
  step: { name: string; workflowType: string };
  settings: Pick<NotificationSettings, 'reportTimezone' | 'mentions'>;
  state: ProgressState;
  show: () => Promise<unknown>;
  message: ProgressMessage;
  error: unknown;
  index: number;
}

/** A step failed: the progress message turns red, an error alert goes out, and the campaign fails with both. */
async function stepFailed(failed: StepFailure): Promise<ApplicationFailure> {
  const { campaignName, step, state, show, message, error, index } = failed;
  const { reportTimezone, mentions } = failed.settings;
  const failure = describeFailure(error);
  state.status = 'failed';
  state.failure = { step: step.name, message: failure.message };
  await show();
  const details = `Failed at step ${index + 1}: ${step.name} (${step.workflowType})`;
  const alert = errorAlertMessage(
    { flowName: campaignName, errorMessage: failure.message, details },
    new Date(),
    reportTimezone,
    mentions.error_alert,
  );
  const errorAlert = await notifySafely(alert, { channel: DEFAULT_CHANNELS.errors });
  return ApplicationFailure.create({
    type: 'CampaignFailed',
    message: `Campaign "${campaignName}" failed at step ${index + 1} (${step.name}): ${failure.message}`,
    nonRetryable: true,
    cause: error instanceof Error ? error : undefined,
    details: [{ step: step.name, progressMessage: message.summary, errorAlert }],
  });
}

/**
 * Runs the steps one after another as child workflows and keeps ONE progress message up to date: posted at 0 %,
 * edited after every step, green at 100 %, red naming the step that failed (then an error alert goes to the
 * errors channel and the workflow fails), orange naming the step that was running when the campaign was cancelled.
 * The `progress` query tells where it stands.
 */
export async function campaignWithProgress(input: CampaignWithProgressInput): Promise<CampaignWithProgressResult> {
  const params = await parseInput('campaignWithProgress', input);
  const state: ProgressState = {
    campaignName: params.campaignName,
    steps: params.steps.map((step) => step.name),
    completed: 0,
    status: 'running',
  };
  setHandler(progressQuery, () => snapshot(state));
  const { reportTimezone, mentions } = await settings.loadSettings();
  const message = new ProgressMessage({ channel: DEFAULT_CHANNELS.campaigns });
  // A state that ends the campaign (done, failed, cancelled) is the message's last: its outbox then forgets it.
  const show = () =>
    message.show(campaignProgress(state, new Date(), mentions.campaign), { final: state.status !== 'running' });

  const results: unknown[] = [];
  try {
    // The first hand-off is not cancellable: a cancellation that arrives meanwhile lets it finish, so the cancelled
    // state below follows it under the same key (one message, edited or replaced while it waits).
    await CancellationScope.nonCancellable(show);
    for (const [index, step] of params.steps.entries()) {
      try {
        results.push(
          await executeChild(step.workflowType, {
            args: step.args ?? [],
            workflowId: `${workflowInfo().workflowId}-step-${index + 1}`,
            ...(step.taskQueue && { taskQueue: step.taskQueue }),
          }),
        );
      } catch (error) {
        if (isCancellation(error)) throw error;
        const { campaignName } = params;
        const context = { reportTimezone, mentions };
        throw await stepFailed({ campaignName, step, settings: context, state, show, message, error, index });
      }
      state.completed = index + 1;
      if (state.completed === params.steps.length) state.status = 'done';
      await show();
    }
  } catch (error) {
    if (isCancellation(error)) {
      // The progress message ends as cancelled instead of hanging at its last percent; the update runs outside the
      // cancelled scope, so the cancellation cannot stop it.
      state.status = 'cancelled';
      await CancellationScope.nonCancellable(show);
    }
    throw error;
  }
  return { status: 'completed', campaignName: params.campaignName, results, progressMessage: message.summary };
}
