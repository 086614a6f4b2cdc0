import type { Notification } from '../discord/notification';
import type { Mentions } from '../discord/schemas';
import { escapeUntrusted, escapeUntrustedInline } from '../discord/text';
import { dateTimeIn, discordTimestamp } from './format';
import { PALETTE } from './palette';

/** The seed's default when an error comes without details. */
export const NO_DETAILS = 'No additional details';

/**
 * The seed's error alert. The time is shown in the report time zone and as a Discord timestamp, which every
 * reader sees in their own zone. Long messages are cut by the builder; callers keep the full text.
 */
export function errorAlert(
  input: { flowName: string; errorMessage: string; details?: string | undefined },
  now: Date,
  timeZone: string,
  mentions?: Mentions,
): Notification {
  return {
    content: '❌ **Flow Error Alert**',
    ...(mentions && { mentions }),
    embeds: [
      {
        title: `Error in ${escapeUntrustedInline(input.flowName)}`,
        description: escapeUntrusted(input.errorMessage),
        color: PALETTE.red,
        fields: [
          { name: 'Details', value: input.details ? escapeUntrusted(input.details) : NO_DETAILS, inline: false },
          { name: 'Time', value: `${dateTimeIn(now, timeZone)} (${discordTimestamp(now, 'F')})`, inline: true },
        ],
        timestamp: now.toISOString(),
      },
    ],
  };
}
