import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { HEALTH_LEDGER_NAMES, healthLedgerWorkflowId } from '../../vocabulary';
import type { CheckHolder, ClaimRequest, ClaimResult, RecordRequest, RecordResult } from './types';

async function isRunning(client: Client, holder: CheckHolder): Promise<boolean> {
  try {
    const description = await client.workflow.getHandle(holder.workflowId, holder.runId).describe();
    return description.status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false; // gone with the namespace's retention
    throw error;
  }
}

/** Talks to the task queue's health ledger (`systemHealthLedger`) with updates, which it handles one at a time. */
export function createLedgerActivities() {
  return {
    /**
     * Starts the task queue's ledger unless it runs, and asks it for the lease. When another check holds it but has
     * closed (failed, was terminated) without releasing it, takes it over; a running holder keeps it.
     */
    async claimHealthLedger({ taskQueue, holder }: { taskQueue: string; holder: CheckHolder }): Promise<ClaimResult> {
      const { client } = Context.current();
      const workflowId = healthLedgerWorkflowId(taskQueue);
      await client.workflow.start(HEALTH_LEDGER_NAMES.workflowType, {
        taskQueue,
        workflowId,
        args: [{}],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const ledger = client.workflow.getHandle(workflowId);
      const claim = (request: ClaimRequest) =>
        ledger.executeUpdate<ClaimResult, [ClaimRequest]>(HEALTH_LEDGER_NAMES.claim, { args: [request] });
      const result = await claim({ holder });
      if (result.granted || (await isRunning(client, result.holder))) return result;
      return claim({ holder, takeOverFrom: result.holder.runId });
    },

    /** Records what the lease holder handed over (and, with `release`, ends its check). */
    async recordHealthLedger({
      taskQueue,
      request,
    }: {
      taskQueue: string;
      request: RecordRequest;
    }): Promise<RecordResult> {
      const ledger = Context.current().client.workflow.getHandle(healthLedgerWorkflowId(taskQueue));
      return ledger.executeUpdate<RecordResult, [RecordRequest]>(HEALTH_LEDGER_NAMES.record, { args: [request] });
    },
  };
}
