/** Where each kind of notification goes unless the input names a channel (the contract's routing). */
export const DEFAULT_CHANNELS = {
  hotLead: 'alerts',
  reports: 'reports',
  errors: 'errors',
  publishing: 'publishing',
  campaigns: 'campaigns',
} as const satisfies Record<string, string>;

/**
 * The activity task queue of a webhook's deliveries: `<task queue>-discord-<route key>`. Workers poll it with a
 * server-enforced rate, so all of them together stay under the webhook's limit.
 */
export const deliveryTaskQueue = (taskQueue: string, routeKey: string): string => `${taskQueue}-discord-${routeKey}`;
