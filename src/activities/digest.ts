import { Context } from '@temporalio/activity';
import type { DigestItem } from './types';

/** The collector workflow's ID for a channel: one digest per task queue and channel. */
export const digestWorkflowId = (taskQueue: string, channel: string): string => `digest-${taskQueue}-${channel}`;

/** Hands notifications to a channel's digest collector, starting it when none runs (signal-with-start). */
export function createDigestActivities() {
  return {
    /** Adds one notification to the channel's digest; returns the collector's workflow ID. */
    async enqueueDigest(input: {
      taskQueue: string;
      channel: string;
      windowMs: number;
      item: DigestItem;
    }): Promise<string> {
      const workflowId = digestWorkflowId(input.taskQueue, input.channel);
      await Context.current().client.workflow.signalWithStart('digestCollector', {
        workflowId,
        taskQueue: input.taskQueue,
        args: [{ channel: input.channel, windowMs: input.windowMs }],
        signal: 'addToDigest',
        signalArgs: [input.item],
      });
      return workflowId;
    },
  };
}
