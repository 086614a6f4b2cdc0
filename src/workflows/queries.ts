import { defineQuery } from '@temporalio/workflow';

/** Where a `campaignWithProgress` run stands. */
export interface CampaignProgress {
  completed: number;
  total: number;
  percent: number;
  /** The step running now (or the one that failed); null once every step is done. */
  currentStep: string | null;
  status: 'running' | 'done' | 'failed';
}

/** `temporal workflow query --name progress` on a campaignWithProgress run. */
export const progressQuery = defineQuery<CampaignProgress>('progress');
