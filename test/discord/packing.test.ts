import { buildMessages } from '../../src/discord/builder';
import { packMessages } from '../../src/discord/packing';
import { WebhookMessageSchema, type WebhookMessage } from '../../src/discord/schemas';
import { validateAgainstDiscordSpec } from '../helpers/openapi';

const one = (notification: Parameters<typeof buildMessages>[0]): WebhookMessage => buildMessages(notification)[0]!;
const alert = (n: number) =>
  one({ content: '🔥 **Hot Lead Alert!**', embeds: [{ title: `Lead ${n}`, description: `lead${n}@example.com` }] });

describe('packMessages', () => {
  test('folds alerts ten embeds to a message, counting the repeated headline instead of repeating it', () => {
    const alerts = Array.from({ length: 12 }, (_, i) => alert(i + 1));
    const packed = packMessages(alerts);
    expect(packed.count).toBe(10);
    expect(packed.full).toBe(true);
    expect(packed.message.content).toBe('🔥 **Hot Lead Alert!** (×10)');
    expect(packed.message.embeds!.map((embed) => embed.title)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Lead ${i + 1}`),
    );
    expect(packed.message.allowed_mentions).toEqual({ parse: [] });
    expect(WebhookMessageSchema.safeParse(packed.message).success).toBe(true);
    expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', packed.message).errors).toEqual([]);
  });

  test('a single message is returned as it is, and is not full when more could join', () => {
    const message = alert(1);
    expect(packMessages([message])).toEqual({ message, count: 1, full: false });
  });

  test('contents are joined line by line, in order; embed-only messages add no line', () => {
    const packed = packMessages([
      one({ content: 'Deploy finished' }),
      one({ embeds: [{ title: 'Report' }] }),
      one({ content: 'Deploy finished' }),
      one({ content: 'Backup done' }),
    ]);
    expect(packed.count).toBe(4);
    expect(packed.message.content).toBe('Deploy finished (×2)\nBackup done');
    expect(packed.message.embeds).toEqual([{ title: 'Report' }]);
  });

  test('multi-line contents repeat in full, so a code block stays closed', () => {
    const block = one({ content: '```\nexit 1\n```' });
    expect(packMessages([block, block]).message.content).toBe('```\nexit 1\n```\n```\nexit 1\n```');
  });

  test('stops before 2000 characters of content, 6000 of embed text, or another sender', () => {
    const long = one({ content: 'x'.repeat(1_500) });
    expect(packMessages([long, one({ content: 'y'.repeat(600) })])).toMatchObject({ count: 1, full: true });
    const big = one({ embeds: [{ description: 'd'.repeat(3_500) }] });
    expect(packMessages([big, big])).toMatchObject({ count: 1, full: true });
    const named = one({ content: 'from the bot', username: 'Campaign Bot' });
    expect(packMessages([one({ content: 'plain' }), named])).toMatchObject({ count: 1, full: true });
    const silent = one({ content: 'quiet', flags: 1 << 12 });
    expect(packMessages([one({ content: 'loud' }), silent])).toMatchObject({ count: 1, full: true });
  });

  test('pings of every folded message are kept, each id once, and nothing else pings', () => {
    const packed = packMessages([
      one({ content: 'Hot lead', mentions: { roles: ['123456789012345678'] } }),
      one({ content: 'Error', mentions: { roles: ['123456789012345678'], users: ['223456789012345678'] } }),
      one({ content: 'FYI' }),
    ]);
    expect(packed.count).toBe(3);
    expect(packed.message.content).toBe(
      '<@&123456789012345678> Hot lead\n<@&123456789012345678> <@223456789012345678> Error\nFYI',
    );
    expect(packed.message.allowed_mentions).toEqual({
      parse: [],
      users: ['223456789012345678'],
      roles: ['123456789012345678'],
    });
    expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', packed.message).errors).toEqual([]);
  });

  test('an empty list is a caller bug', () => {
    expect(() => packMessages([])).toThrow(RangeError);
  });
});
