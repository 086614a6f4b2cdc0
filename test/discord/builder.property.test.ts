// Property: whatever a template produces, buildMessages emits only payloads that Discord accepts (our schema AND
// Discord's own OpenAPI schema) and drops no text.
import fc from 'fast-check';
import { buildMessages } from '../../src/discord/builder';
import { InvalidNotificationError, type EmbedDraft, type Notification } from '../../src/discord/notification';
import { mentionPrefix } from '../../src/discord/mentions';
import { DISCORD_LIMITS } from '../../src/discord/limits';
import { messageTextLength, WebhookMessageSchema, type Embed, type WebhookMessage } from '../../src/discord/schemas';
import { codePointLength, toWellFormed, trimWhitespace, ZERO_WIDTH_SPACE } from '../../src/discord/text';
import { validateAgainstDiscordSpec } from '../helpers/openapi';

const SEED = Number(process.env.FC_SEED ?? 20_240_501);
const RUNS = Number(process.env.FC_RUNS ?? 300);

/** Text that stresses counting: astral characters, lone surrogates, Python-only whitespace, huge repeats. */
const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('😀', '👩‍👩‍👧', '\ud800', '\udc00', ' ', '\n', '\u3000', '\x1c', '\u200b', '\ufeff', '```\n', '\n```'),
);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.tuple(piece, fc.integer({ min: 1, max: 3000 })).map(([p, n]) => p.repeat(n)) },
);
const url = fc.constantFrom('https://example.com/a', 'http://example.com/a b?q=ü#x#y', 'https://notion.so/page%20id');
const snowflake = fc.bigInt({ min: 10n ** 16n, max: 2n ** 64n - 1n }).map(String);

const field = fc.record(
  { name: text, value: text, inline: fc.option(fc.boolean(), { nil: undefined }) },
  { requiredKeys: ['name', 'value'] },
);
const embed: fc.Arbitrary<EmbedDraft> = fc.record(
  {
    title: text,
    description: text,
    url,
    color: fc.integer({ min: 0, max: 0xffffff }),
    timestamp: fc.constant('2024-05-01T12:00:00.000Z'),
    footer: fc.record({ text, iconUrl: fc.option(url, { nil: undefined }) }, { requiredKeys: ['text'] }),
    author: fc.record({ name: text, url: fc.option(url, { nil: undefined }) }, { requiredKeys: ['name'] }),
    fields: fc.array(field, { maxLength: 60 }),
    imageUrl: url,
  },
  { requiredKeys: [] },
);
const notification: fc.Arbitrary<Notification> = fc.record(
  {
    content: text,
    embeds: fc.array(embed, { maxLength: 14 }),
    username: fc.constantFrom('Marketing Bot', '  Reports 📈  ', 'x'.repeat(120)),
    avatarUrl: url,
    mentions: fc.record(
      {
        users: fc.uniqueArray(snowflake, { maxLength: 5 }),
        roles: fc.uniqueArray(snowflake, { maxLength: 5 }),
        everyone: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    flags: fc.constantFrom(0, 4, 4096, 4100),
  },
  { requiredKeys: [] },
);

/** Text as the builder must carry it: trimmed and well-formed; '' when nothing visible. */
const expected = (s: string | undefined) => trimWhitespace(toWellFormed(s ?? ''));

/** True when `out` is `want` whole, or `want` cut with an ellipsis because it was over `max` (or `cutAllowed`). */
function carries(out: string, want: string, max: number, cutAllowed = false): boolean {
  if (out === want) return true;
  if (!out.endsWith('…') || !(cutAllowed || codePointLength(want) > max)) return false;
  return want.startsWith(out.slice(0, -1));
}

interface Item {
  kind: 'title' | 'description' | 'author' | 'name' | 'value' | 'footer';
  text: string;
}

function outputItems(messages: readonly WebhookMessage[]): Item[] {
  return messages.flatMap((m) =>
    (m.embeds ?? []).flatMap((e: Embed): Item[] => [
      ...(e.title !== undefined ? [{ kind: 'title' as const, text: e.title }] : []),
      ...(e.description !== undefined ? [{ kind: 'description' as const, text: e.description }] : []),
      ...(e.author ? [{ kind: 'author' as const, text: e.author.name }] : []),
      // The footer stays on an embed's first piece; fields may continue in later pieces.
      ...(e.footer ? [{ kind: 'footer' as const, text: e.footer.text }] : []),
      ...(e.fields ?? []).flatMap((f) => [
        { kind: 'name' as const, text: f.name },
        { kind: 'value' as const, text: f.value },
      ]),
    ]),
  );
}

test('property: every message is valid for zod and for Discord OpenAPI, fits 6000, and drops no text', () => {
  fc.assert(
    fc.property(notification, (input) => {
      let messages: WebhookMessage[];
      try {
        messages = buildMessages(input);
      } catch (error) {
        // Only a notification with no visible content and no visible embed may be refused.
        expect(error).toBeInstanceOf(InvalidNotificationError);
        expect(String(error)).toContain('Cannot send an empty message');
        expect(expected(input.content) + mentionPrefix(input.mentions)).toBe('');
        return;
      }
      for (const message of messages) {
        const zod = WebhookMessageSchema.safeParse(message);
        expect(zod.success ? [] : zod.error.issues).toEqual([]);
        const spec = validateAgainstDiscordSpec('IncomingWebhookRequestPartial', message);
        expect(spec.errors).toEqual([]);
        expect(messageTextLength(message)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotalChars);
        expect(message.username).toBe(messages[0]?.username);
      }

      // (d) Every field, title, description... appears in order, whole unless over its own limit.
      const out = outputItems(messages);
      let cursor = 0;
      const find = (kind: Item['kind'], want: string, max: number, cutAllowed = false) => {
        while (
          cursor < out.length &&
          !(out[cursor]?.kind === kind && carries(out[cursor]?.text ?? '', want, max, cutAllowed))
        )
          cursor++;
        // Checked for every item of every run: the expectation is built only when the item is missing (same report).
        const shown = { kind, want: want.slice(0, 80) };
        if (cursor >= out.length) expect({ ...shown, found: false }).toEqual({ ...shown, found: true });
        cursor++;
      };
      for (const draft of input.embeds ?? []) {
        if (expected(draft.title)) find('title', expected(draft.title), DISCORD_LIMITS.embedTitleChars);
        if (expected(draft.description))
          find('description', expected(draft.description), DISCORD_LIMITS.embedDescriptionChars);
        if (expected(draft.author?.name)) find('author', expected(draft.author?.name), DISCORD_LIMITS.authorNameChars);
        // The footer may also be cut so that one embed's own text fits 6000.
        if (expected(draft.footer?.text))
          find('footer', expected(draft.footer?.text), DISCORD_LIMITS.footerTextChars, true);
        for (const f of draft.fields ?? []) {
          find('name', expected(f.name) || ZERO_WIDTH_SPACE, DISCORD_LIMITS.fieldNameChars);
          find('value', expected(f.value) || ZERO_WIDTH_SPACE, DISCORD_LIMITS.fieldValueChars);
        }
      }
      const fieldCount = (input.embeds ?? []).reduce((n, d) => n + (d.fields?.length ?? 0), 0);
      expect(out.filter((i) => i.kind === 'name')).toHaveLength(fieldCount);

      // Content: every non-whitespace character, in order (fence markers the splitter adds aside).
      const solid = (s: string) => s.replace(/\s+/g, '').replace(/`{3,}/g, '');
      const sent = messages.map((m) => m.content ?? '').join('');
      expect(solid(sent).includes(solid(expected(input.content)))).toBe(true);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: process.env.FC_SHRINK === undefined },
  );
});
