import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DigestItem } from '../activities/types';

/** Where a `campaignWithProgress` run stands. */
export interface CampaignProgress {
  completed: number;
  total: number;
  percent: number;
  /** The step running now (or the one that failed or was cancelled); null once every step is done. */
  currentStep: string | null;
  status: 'running' | 'done' | 'failed' | 'cancelled';
}

/** `temporal workflow query --name progress` on a campaignWithProgress run. */
export const progressQuery = defineQuery<CampaignProgress>('progress');

/** Hands a notification to a channel's digest collector (sent with signal-with-start by `enqueueDigest`). */
export const addToDigestSignal = defineSignal<[DigestItem]>('addToDigest');

/** What a digest collector holds and has sent. */
export interface DigestStatus {
  channel: string;
  pending: number;
  delivered: number;
  messages: number;
  failed: number;
}
export const digestStatusQuery = defineQuery<DigestStatus>('digestStatus');
