import type { Notification } from '../discord/builder';
import type { Mentions } from '../discord/schemas';
import { escapeUntrusted, escapeUntrustedInline } from '../discord/text';
import type { Lead } from '../inputs/domain';
import { PALETTE } from './palette';

/** The seed's default stage of a freshly scored lead. */
export const DEFAULT_STAGE = 'Assessment Complete';

/** Notion page of a lead; the alert's title links to it. */
export const notionUrl = (notionId: string): string => `https://notion.so/${notionId}`;

/** The seed's hot-lead alert. Lead data is untrusted: escaped, and it never decides who is pinged. */
export function hotLeadAlert(
  input: { lead: Lead; score: number; stage?: string | undefined },
  now: Date,
  mentions?: Mentions,
): Notification {
  const { lead, score } = input;
  const name = lead.firstName ? escapeUntrustedInline(lead.firstName) : 'Unknown';
  const fields = [
    { name: 'Email', value: escapeUntrusted(lead.email), inline: true },
    { name: 'Score', value: String(score), inline: true },
    { name: 'Stage', value: input.stage ? escapeUntrusted(input.stage) : DEFAULT_STAGE, inline: true },
  ];
  if (lead.company) fields.push({ name: 'Company', value: escapeUntrusted(lead.company), inline: true });
  if (lead.notionId) {
    fields.push({ name: 'Notion Link', value: `[Open in Notion](${notionUrl(lead.notionId)})`, inline: false });
  }
  return {
    content: '🔥 **HOT LEAD ALERT**',
    ...(mentions && { mentions }),
    embeds: [
      {
        title: `${name} - Score: ${score}`,
        ...(lead.notionId && { url: notionUrl(lead.notionId) }),
        description: 'Immediate follow-up recommended within 24 hours',
        color: PALETTE.red,
        fields,
        timestamp: now.toISOString(),
      },
    ],
  };
}
