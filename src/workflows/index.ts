// Every workflow of the project: the `workflowsPath` target. Host workers re-export this next to their own.
// Only workflow functions belong here: every exported function becomes a workflow type.
export { sendNotification, testWebhook } from './send-notification';
export { hotLeadAlert } from './hot-lead';
export { dailyPerformanceReport, retargetingReport, weeklyPerformanceReport } from './reports';
export { campaignPublished, errorAlert } from './alerts';
export { campaignWithNotifications, simulatedCampaignStep } from './campaign';
export { campaignWithProgress } from './campaign-progress';
export { discordOutbox } from './outbox';
export { systemHealthCheck } from './system-health';
export { systemHealthLedger } from './system-health-ledger';
