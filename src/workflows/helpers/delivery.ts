import { workflowInfo } from '@temporalio/workflow';
import type { DeliveryRoute } from '../../activities/types';
import { deliveryOn, routing, type DeliveryActivities } from './proxies';
import { deliveryTaskQueue } from './routing';

/** A channel as the workflow sees it: skipped (no webhook), or the activities that deliver to it. */
export type OpenChannel =
  | { configured: false; channel: string; reason: string }
  | { configured: true; channel: string; activities: DeliveryActivities; digestWindowMs: number | undefined };

const routes = new Map<string, DeliveryRoute>();

/** Asks the worker how this channel is delivered (once per channel and run; the answer is in history). */
export async function openChannel(channel: string): Promise<OpenChannel> {
  const name = channel.toLowerCase();
  let route = routes.get(name);
  if (!route) {
    route = await routing.resolveRoute({ channel: name });
    routes.set(name, route);
  }
  if (!route.configured) return route;
  const taskQueue = route.routeKey === null ? undefined : deliveryTaskQueue(workflowInfo().taskQueue, route.routeKey);
  return { configured: true, channel: name, activities: deliveryOn(taskQueue), digestWindowMs: route.digestWindowMs };
}
