import { log } from '@temporalio/workflow';
import { hotLeadAlert as hotLeadMessage } from '../messages/hot-lead';
import { settings } from './helpers/proxies';
import { parseInput } from './helpers/input';
import { notify, type NotifyResult } from './helpers/notify';
import { DEFAULT_CHANNELS } from '../vocabulary';
import type { HotLeadAlertInput } from '../inputs/workflows';

export type HotLeadAlertResult = NotifyResult | { status: 'below-threshold'; score: number; threshold: number };

/**
 * Alerts the sales channel about a lead scoring at least HOT_LEAD_THRESHOLD (80); below it nothing is sent.
 * Who is pinged comes from DISCORD_MENTIONS_HOT_LEAD, never from the lead's data.
 * One alert per lead and day: start it with the workflow ID from `hotLeadWorkflowId(lead, date)` and the ID-reuse
 * policy RejectDuplicate (see the README), so a second start that day is refused and sends nothing.
 */
export async function hotLeadAlert(input: HotLeadAlertInput): Promise<HotLeadAlertResult> {
  const params = await parseInput('hotLeadAlert', input);
  const { hotLeadThreshold, mentions } = await settings.loadSettings();
  if (params.score < hotLeadThreshold) {
    log.info('Lead below the hot-lead threshold; no alert', { score: params.score, threshold: hotLeadThreshold });
    return { status: 'below-threshold', score: params.score, threshold: hotLeadThreshold };
  }
  return notify(hotLeadMessage(params, new Date(), mentions.hot_lead), {
    channel: params.channel ?? DEFAULT_CHANNELS.hotLead,
    wait: true,
  });
}
