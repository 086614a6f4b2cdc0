import type { Notification } from '../discord/notification';
import type { Mentions } from '../discord/schemas';
import { escapeUntrusted, escapeUntrustedInline } from '../discord/text';
import type { Post } from '../inputs/domain';
import { preview, titleCase } from './format';
import { PALETTE } from './palette';

/** Keeps a URL inside Discord's `[text](url)` markup: parentheses and spaces would end or break the link. */
const linkTarget = (url: string): string =>
  url.replace(/[()\s<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** The seed's publishing confirmation: the post's first 200 characters and one field per published platform. */
export function campaignPublished(
  input: { postContent: string; posts: readonly Post[] },
  now: Date,
  mentions?: Mentions,
): Notification {
  return {
    content: '📱 **Social Media Post Published**',
    ...(mentions && { mentions }),
    embeds: [
      {
        title: 'Multi-Platform Publishing Complete',
        description: escapeUntrusted(preview(input.postContent)),
        color: PALETTE.green,
        fields: input.posts.flatMap((post) =>
          post.url
            ? [
                {
                  name: escapeUntrustedInline(titleCase(post.platform)),
                  value: `[View Post](${linkTarget(post.url)})`,
                  inline: true,
                },
              ]
            : [],
        ),
        timestamp: now.toISOString(),
      },
    ],
  };
}
