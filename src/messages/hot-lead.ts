import type { Notification } from '../discord/notification';
import type { Mentions } from '../discord/schemas';
import { DISCORD_LIMITS } from '../discord/limits';
import { codePointLength, escapeUntrusted, escapeUntrustedInline, trimWhitespaceEnd } from '../discord/text';
import type { Lead } from '../inputs/domain';
import { PALETTE } from './palette';

/** The seed's default stage of a freshly scored lead. */
export const DEFAULT_STAGE = 'Assessment Complete';

/** Notion page of a lead; the alert's title links to it. */
export const notionUrl = (notionId: string): string => `https://notion.so/${notionId}`;

/**
 * The lead's name for the title, escaped, and cut with `…` where it would push the score out of Discord's 256-character
 * title (a first and a last name may be 256 each). The raw name is cut, never its escapes.
 */
function titleName(name: string, room: number): string {
  const escaped = escapeUntrustedInline(name);
  if (codePointLength(escaped) <= room) return escaped;
  const points = Array.from(name);
  const fits = (count: number) =>
    codePointLength(escapeUntrustedInline(trimWhitespaceEnd(points.slice(0, count).join('')))) + 1 <= room;
  let [low, high] = [0, points.length];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return `${escapeUntrustedInline(trimWhitespaceEnd(points.slice(0, low).join('')))}…`;
}

/** The seed's hot-lead alert. Lead data is untrusted: escaped, and it never decides who is pinged. */
export function hotLeadAlert(
  input: { lead: Lead; score: number; stage?: string | undefined },
  now: Date,
  mentions?: Mentions,
): Notification {
  const { lead, score } = input;
  // The seed shows the first name; the last name follows when the CRM has it ("Min-Ji Park - Score: 92").
  const fullName = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
  const scoreText = ` - Score: ${score}`;
  const name = fullName ? titleName(fullName, DISCORD_LIMITS.embedTitleChars - scoreText.length) : 'Unknown';
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
        title: `${name}${scoreText}`,
        ...(lead.notionId && { url: notionUrl(lead.notionId) }),
        description: 'Immediate follow-up recommended within 24 hours',
        color: PALETTE.red,
        fields,
        timestamp: now.toISOString(),
      },
    ],
  };
}
