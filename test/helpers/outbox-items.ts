// Hand-offs as an outbox receives them, for the queue and turn-planning tests.
import type { OutboxItem } from '../../src/activities/types';
import { buildMessages } from '../../src/discord/builder';
import type { Notification } from '../../src/discord/notification';

/** A hand-off to the `alerts` channel carrying `notification`'s webhook messages, handed off at time 0. */
export const outboxItem = (id: string, notification: Notification, extra: Partial<OutboxItem> = {}): OutboxItem => ({
  id,
  channel: 'alerts',
  messages: buildMessages(notification),
  handedOffAtMs: 0,
  ...extra,
});
