/** Where each kind of notification goes unless the input names a channel (the contract's routing). */
export const DEFAULT_CHANNELS = {
  hotLead: 'alerts',
  reports: 'reports',
  errors: 'errors',
  publishing: 'publishing',
  campaigns: 'campaigns',
} as const satisfies Record<string, string>;
