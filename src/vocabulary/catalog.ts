// The workflow types this package registers (pure: safe inside workflows, where no zod schema may be built).

/** Every workflow type of the package, as exported by src/workflows/index.ts. */
export const WORKFLOW_TYPES = [
  'sendNotification',
  'testWebhook',
  'hotLeadAlert',
  'dailyPerformanceReport',
  'weeklyPerformanceReport',
  'retargetingReport',
  'campaignPublished',
  'errorAlert',
  'campaignWithNotifications',
  'campaignWithProgress',
  'simulatedCampaignStep',
  'systemHealthCheck',
] as const;

/** A workflow type that users start (the internal `discordOutbox` is not one). */
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

export const isWorkflowType = (name: string): name is WorkflowType =>
  (WORKFLOW_TYPES as readonly string[]).includes(name);
