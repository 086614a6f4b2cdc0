// The pure part of every workflow, in the workflow's own order: input validation (the validateInput local
// activity) -> template (src/messages) -> messages (the prepareNotification local activity).
// Run outside Temporal, so a property can try thousands of inputs; what it returns is what the workflow would send.
import type { Notification } from '../../src/discord/notification';
import type { WebhookMessage } from '../../src/discord/schemas';
import { campaignCompleted, campaignProgress, campaignStarted, type ProgressState } from '../../src/messages/campaign';
import { connectionTest, customNotification } from '../../src/messages/custom';
import { packMessages } from '../../src/discord/packing';
import { SAMPLE_AUDIENCES, SAMPLE_METRICS } from '../../src/activities/sample-report-data';
import { errorAlert } from '../../src/messages/error-alert';
import { dateIn } from '../../src/messages/format';
import { hotLeadAlert } from '../../src/messages/hot-lead';
import { campaignPublished } from '../../src/messages/publishing';
import { dailyPerformanceReport, retargetingReport, weeklyPerformanceReport } from '../../src/messages/reports';
import { addDays, aggregateWeek } from '../../src/messages/weekly-figures';
import { failureReport, workerReport } from '../../src/messages/system-health';
import { buildMessages } from '../../src/discord/builder';
import { InvalidNotificationError } from '../../src/discord/notification';
import { validateWorkflowInput } from '../../src/inputs/validate';
import type { WorkflowParams, WorkflowType } from '../../src/inputs/workflows';
import { invalidMessage } from '../../src/workflows/helpers/failures';
import { invalidInput } from '../../src/workflows/helpers/input';

/** What the workflow's parseInput does with the validateInput local activity's answer. */
function parseInput<T extends WorkflowType>(workflow: T, input: unknown): WorkflowParams<T> {
  const check = validateWorkflowInput(workflow, input);
  if (!check.valid) throw invalidInput(workflow, check.problems);
  return check.params;
}

/** What prepareNotification builds, and the workflow's failure when it cannot. */
function toMessages(notification: Notification): WebhookMessage[] {
  try {
    return buildMessages(notification);
  } catch (error) {
    if (error instanceof InvalidNotificationError) throw invalidMessage(error.issues);
    throw error;
  }
}

export const NOW = new Date('2026-11-28T09:30:00.000Z');

/** A failure message a step could end with: also untrusted, also fuzzed. */
export interface Extras {
  failureMessage: string;
  failAt: number;
}

/** The notifications a workflow would send for `input` (every branch: start, success, failure). */
export function notificationsFor(type: WorkflowType, input: unknown, extras: Extras): Notification[] {
  switch (type) {
    case 'sendNotification':
      return [customNotification(parseInput(type, input), NOW)];
    case 'testWebhook':
      parseInput(type, input);
      return [connectionTest(NOW)];
    case 'hotLeadAlert': {
      const params = parseInput(type, input);
      return [hotLeadAlert(params, NOW)];
    }
    case 'dailyPerformanceReport': {
      const params = parseInput(type, input);
      // The fuzzed worker runs the local demo (every webhook on the emulator): no metrics means the labelled sample.
      const date = params.date ?? dateIn(NOW, 'UTC');
      return [dailyPerformanceReport(params.metrics ?? SAMPLE_METRICS, date, NOW, undefined, !params.metrics)];
    }
    case 'weeklyPerformanceReport': {
      const params = parseInput(type, input);
      // The local demo's sample for each of the 14 days.
      const endDate = params.endDate ?? addDays(dateIn(NOW, 'UTC'), -1);
      const daily = Object.fromEntries(
        Array.from({ length: 14 }, (_, index) => [addDays(endDate, -index), { ...SAMPLE_METRICS }]),
      );
      const [week, previous] = [aggregateWeek(endDate, daily), aggregateWeek(addDays(endDate, -7), daily)];
      return [weeklyPerformanceReport(week, previous, NOW, undefined, true)];
    }
    case 'retargetingReport': {
      const params = parseInput(type, input);
      const report = params.audiences
        ? { audiences: params.audiences, totalVisitors: params.totalVisitors }
        : SAMPLE_AUDIENCES;
      return [retargetingReport(report, NOW, undefined, !params.audiences)];
    }
    case 'campaignPublished':
      return [campaignPublished(parseInput(type, input), NOW)];
    case 'errorAlert':
      return [errorAlert(parseInput(type, input), NOW, 'UTC')];
    case 'campaignWithNotifications': {
      const params = parseInput(type, input);
      const { campaignName: name } = params;
      return [
        campaignStarted(name, NOW),
        campaignCompleted(name, { total: 10, success: 9, failed: 1 }, NOW),
        campaignCompleted(name, undefined, NOW),
        errorAlert(
          { flowName: name, errorMessage: extras.failureMessage, details: `Failed at step: ${params.workflowType}` },
          NOW,
          'UTC',
        ),
      ];
    }
    case 'campaignWithProgress': {
      const params = parseInput(type, input);
      const steps = params.steps.map((step) => step.name);
      const states: ProgressState[] = steps.map((_, completed) => ({
        campaignName: params.campaignName,
        steps,
        completed,
        status: 'running',
      }));
      states.push({ campaignName: params.campaignName, steps, completed: steps.length, status: 'done' });
      const failAt = extras.failAt % steps.length;
      const failed = { step: steps[failAt]!, message: extras.failureMessage };
      states.push({ campaignName: params.campaignName, steps, completed: failAt, status: 'failed', failure: failed });
      return [
        ...states.map((state) => campaignProgress(state, NOW)),
        errorAlert(
          {
            flowName: params.campaignName,
            errorMessage: extras.failureMessage,
            details: `Failed at step ${failAt + 1}: ${failed.step}`,
          },
          NOW,
          'UTC',
        ),
      ];
    }
    case 'simulatedCampaignStep':
      parseInput(type, input);
      return [];
    case 'systemHealthCheck': {
      parseInput(type, input);
      // Other pipelines' failure messages, workflow ids and queue names are untrusted too.
      const text = extras.failureMessage;
      const failures = (['Failed', 'TimedOut', 'Terminated'] as const).flatMap((status, index) =>
        Array.from({ length: 4 }, (_, n) => ({
          workflowId: `${text}-${index}-${n}`,
          runId: `run-${index}-${n}`,
          workflowType: text || 'x',
          taskQueue: text || 'q',
          status,
          startTime: NOW.toISOString(),
          closeTime: NOW.toISOString(),
          message: text,
          url: 'https://temporal.example/namespaces/default/workflows/x/y/history',
        })),
      );
      const queue = { name: text || 'q', lastPollAt: null, workers: [text], url: 'https://temporal.example/q' };
      const style = { now: NOW, timeZone: 'UTC' };
      return [
        ...failureReport(failures, { ...style, more: { count: 3, url: 'https://temporal.example/list' } }).map(
          (chunk) => chunk.notification,
        ),
        ...workerReport(
          [
            { kind: 'offline', queue, lastPollAt: NOW.toISOString() },
            { kind: 'recovered', queue, offlineSince: NOW.toISOString(), backAt: NOW.toISOString() },
          ],
          style,
        ),
      ];
    }
  }
}

/** What each notification becomes on the wire; all of them folded too (what an outbox sends for a burst). */
export function messagesFor(notifications: readonly Notification[]): WebhookMessage[][] {
  const batches = notifications.map((notification) => toMessages(notification));
  if (notifications.length > 1) batches.push(foldAll(batches.flat()));
  return batches;
}

/** The messages packed as the outbox packs a backlog: as many as fit into each message, in order. */
function foldAll(messages: readonly WebhookMessage[]): WebhookMessage[] {
  const folded: WebhookMessage[] = [];
  for (let rest = messages; rest.length > 0;) {
    const packed = packMessages(rest);
    folded.push(packed.message);
    rest = rest.slice(packed.count);
  }
  return folded;
}
