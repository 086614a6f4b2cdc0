// One representative run of every workflow, used to record the golden histories that replay tests check.
import { WorkflowContinuedAsNewError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { buildMessages } from '../../src/discord/builder';
import * as workflows from '../../src/workflows';
import { enqueueSignal } from '../../src/workflows/queries';
import { claimHealthUpdate, recordHealthUpdate } from '../../src/workflows/system-health-ledger';

/** Where the golden histories live. */
export const HISTORIES_DIR = `${__dirname}/../fixtures/histories`;

const steps = [{ name: 'Step', workflowType: 'simulatedCampaignStep', args: [{ durationMs: 10 }] }];

/** Records one golden run; `webhookKey` is the key of the worker's default webhook. */
type Run = (client: Client, taskQueue: string, workflowId: string, webhookKey: string) => Promise<unknown>;

/** A run that executes `workflow` once with `args`. */
const once =
  <W extends Workflow>(workflow: W, ...args: Parameters<W>): Run =>
  (c, taskQueue, workflowId) =>
    c.workflow.execute(workflow, { taskQueue, workflowId, args } as unknown as WorkflowStartOptions<W>);

/**
 * One run per workflow type. A run may return the run id to record (the first run of a workflow that continued as
 * new); otherwise the latest run is recorded.
 */
export const RUNS: Record<string, Run> = {
  sendNotification: once(workflows.sendNotification, { content: 'hi', title: 'T', color: 'green' }),
  testWebhook: once(workflows.testWebhook, {}),
  hotLeadAlert: once(workflows.hotLeadAlert, {
    lead: { firstName: 'Min-Ji', email: 'minji@example.com', notionId: 'abc' },
    score: 91,
  }),
  dailyPerformanceReport: once(workflows.dailyPerformanceReport, { date: '2026-11-28' }),
  weeklyPerformanceReport: once(workflows.weeklyPerformanceReport, { endDate: '2026-11-29' }),
  retargetingReport: once(workflows.retargetingReport, {}),
  campaignPublished: once(workflows.campaignPublished, {
    postContent: 'New post',
    posts: [{ platform: 'linkedin', url: 'https://linkedin.com/p/1' }],
  }),
  errorAlert: once(workflows.errorAlert, { flowName: 'sync', errorMessage: 'boom' }),
  simulatedCampaignStep: once(workflows.simulatedCampaignStep, { durationMs: 10 }),
  campaignWithNotifications: once(workflows.campaignWithNotifications, {
    campaignName: 'Replay',
    workflowType: 'simulatedCampaignStep',
    args: [{ durationMs: 10 }],
  }),
  campaignWithProgress: once(workflows.campaignWithProgress, { campaignName: 'Replay', steps }),
  discordOutbox: async (c, taskQueue, workflowId, webhookKey) => {
    // Three hand-offs, one kept up to date; a small history limit makes it continue as new after the first send, with the rest carried over.
    const items = [
      { id: 'golden/1', channel: 'alerts', messages: buildMessages({ content: 'one' }), handedOffAtMs: 0 },
      { id: 'golden/2', channel: 'alerts', messages: buildMessages({ content: 'two' }), handedOffAtMs: 0 },
      {
        id: 'golden/3',
        channel: 'campaigns',
        messages: buildMessages({ content: 'Progress: 50%' }),
        key: 'golden/progress/1',
        handedOffAtMs: 0,
      },
    ];
    let firstRunId = '';
    for (const item of items) {
      const handle = await c.workflow.signalWithStart(workflows.discordOutbox, {
        taskQueue,
        workflowId,
        args: [{ webhookKey, channelLimit: { limit: 30, windowMs: 60_000 }, historyLimit: 10 }],
        signal: enqueueSignal,
        signalArgs: [item],
      });
      firstRunId ||= handle.signaledRunId;
    }
    const first = c.workflow.getHandle(workflowId, firstRunId, { followRuns: false });
    await first.result().catch((error: unknown) => {
      if (!(error instanceof WorkflowContinuedAsNewError)) throw error;
    });
    return { runId: firstRunId };
  },
  systemHealthCheck: async (c, taskQueue, workflowId) => {
    // A first check starts the watch; a failure of another queue; the golden check reports it.
    await c.workflow.execute(workflows.systemHealthCheck, { taskQueue, workflowId: `${workflowId}-first`, args: [{}] });
    const other = await c.workflow.start('nightlyExport', {
      taskQueue: `${taskQueue}-other`,
      workflowId: `${workflowId}-failed`,
      args: [],
    });
    await other.terminate('golden failure');
    for (;;) {
      if (
        (await c.workflow.count(`WorkflowId = '${workflowId}-failed' AND ExecutionStatus = 'Terminated'`)).count === 1
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return c.workflow.execute(workflows.systemHealthCheck, { taskQueue, workflowId, args: [{}] });
  },
  systemHealthLedger: async (c, taskQueue, workflowId) => {
    // The ledger as the health activities drive it: a claim, a record, a released lease, a second claim.
    const handle = await c.workflow.start(workflows.systemHealthLedger, { taskQueue, workflowId, args: [{}] });
    const holder = { workflowId: 'check-1', runId: 'run-1' };
    await handle.executeUpdate(claimHealthUpdate, { args: [{ holder }] });
    const known = [{ runId: 'failed-run', closeTime: new Date().toISOString() }];
    await handle.executeUpdate(recordHealthUpdate, {
      args: [{ holder, known, watermark: new Date().toISOString(), release: true }],
    });
    return handle.executeUpdate(claimHealthUpdate, { args: [{ holder: { workflowId: 'check-2', runId: 'run-2' } }] });
  },
};

export const WORKFLOW_TYPES = Object.keys(workflows).sort();
