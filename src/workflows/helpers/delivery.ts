import { workflowInfo } from '@temporalio/workflow';
import type { DeliveryRoute } from '../../activities/types';
import type { Notification } from '../../discord/builder';
import type { WebhookMessage } from '../../discord/schemas';
import { invalidMessage } from './failures';
import { deliveryOn, preparation, type DeliveryActivities } from './proxies';
import { deliveryTaskQueue } from './routing';

/** A notification ready for its channel: skipped (no webhook), or its messages and the activities that send them. */
export type Prepared =
  | { configured: false; channel: string; reason: string }
  | {
      configured: true;
      channel: string;
      messages: WebhookMessage[];
      activities: DeliveryActivities;
      digestWindowMs: number | undefined;
    };

function activitiesFor(route: DeliveryRoute & { configured: true }): DeliveryActivities {
  const taskQueue = route.routeKey === null ? undefined : deliveryTaskQueue(workflowInfo().taskQueue, route.routeKey);
  return deliveryOn(taskQueue);
}

/**
 * Asks the worker (one local activity) where the channel goes and what valid webhook messages the notification
 * becomes; the answer is in history, so replays route and cut the same way.
 * @throws ApplicationFailure `InvalidMessage` (non-retryable) when no valid message can be made of it
 */
export async function prepare(channel: string, notification: Notification): Promise<Prepared> {
  const prepared = await preparation.prepareNotification({ channel: channel.toLowerCase(), notification });
  if (!prepared.route.configured) return prepared.route;
  if ('problems' in prepared) throw invalidMessage(prepared.problems);
  if (!('messages' in prepared)) throw invalidMessage(['(notification): no messages were prepared']);
  const { route } = prepared;
  return {
    configured: true,
    channel: route.channel,
    messages: prepared.messages,
    activities: activitiesFor(route),
    digestWindowMs: route.digestWindowMs,
  };
}
