/**
 * The floor of the throughput scenario: a workflow of the same shape as `sendNotification` (a routing local activity,
 * one delivery activity, done) without the project's code: no input schemas, templates or message builder. What it
 * costs is what Temporal itself costs per notification on this machine.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { FloorActivities } from './activities';

const local = proxyLocalActivities<Pick<FloorActivities, 'route'>>({ startToCloseTimeout: '10 seconds' });
const remote = proxyActivities<Pick<FloorActivities, 'post'>>({ startToCloseTimeout: '1 minute' });

export async function plainNotification(input: { channel: string; content: string }): Promise<string> {
  const url = await local.route(input.channel);
  return remote.post({ url, content: input.content });
}
