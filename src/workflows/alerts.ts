import { errorAlert as errorAlertMessage } from '../messages/error-alert';
import { campaignPublished as publishedMessage } from '../messages/publishing';
import { settings } from './helpers/proxies';
import { parseInput } from './helpers/input';
import { notify, type NotifyResult } from './helpers/notify';
import { DEFAULT_CHANNELS } from '../vocabulary';
import type { CampaignPublishedInput, ErrorAlertInput } from '../inputs/workflows';

/** Confirms a multi-platform social post: a preview of the text and a link per platform that has a URL. */
export async function campaignPublished(input: CampaignPublishedInput): Promise<NotifyResult> {
  const params = await parseInput('campaignPublished', input);
  const { mentions } = await settings.loadSettings();
  return notify(publishedMessage(params, new Date(), mentions.campaign_published), {
    channel: params.channel ?? DEFAULT_CHANNELS.publishing,
    wait: true,
  });
}

/**
 * Reports a failed flow. The message is cut to Discord's limit in the alert; the full text is kept in this
 * workflow's result.
 */
export async function errorAlert(input: ErrorAlertInput): Promise<NotifyResult & { errorMessage: string }> {
  const params = await parseInput('errorAlert', input);
  const { reportTimezone, mentions } = await settings.loadSettings();
  const result = await notify(errorAlertMessage(params, new Date(), reportTimezone, mentions.error_alert), {
    channel: params.channel ?? DEFAULT_CHANNELS.errors,
    wait: true,
  });
  return { ...result, errorMessage: params.errorMessage };
}
