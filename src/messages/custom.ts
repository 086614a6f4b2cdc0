import type { Notification } from '../discord/notification';
import type { SendNotificationParams } from '../inputs/workflows';
import { PALETTE } from './palette';

/**
 * The seed's basic notification: content, plus one embed when there is a title, description or fields
 * (blue unless a color is given, stamped with the workflow's time).
 */
export function customNotification(input: SendNotificationParams, now: Date): Notification {
  const hasEmbed = Boolean(input.title || input.description || input.fields?.length || input.footer);
  return {
    ...(input.content && { content: input.content }),
    ...(input.mentions && { mentions: input.mentions }),
    ...(hasEmbed && {
      embeds: [
        {
          ...(input.title && { title: input.title }),
          ...(input.description && { description: input.description }),
          ...(input.url && { url: input.url }),
          color: input.color ?? PALETTE.blue,
          ...(input.fields && { fields: input.fields }),
          ...(input.footer && { footer: { text: input.footer } }),
          timestamp: now.toISOString(),
        },
      ],
    }),
  };
}

/** The seed's connection test: "Connected" content plus a green "System Test" embed. */
export function connectionTest(now: Date): Notification {
  return {
    content: '✅ **Temporal Marketing Automation Connected!**',
    embeds: [
      {
        title: 'System Test',
        description: 'Discord webhook is working correctly',
        color: PALETTE.green,
        timestamp: now.toISOString(),
      },
    ],
  };
}
