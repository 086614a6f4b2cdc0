/**
 * Turns a {@link Notification} into webhook messages Discord accepts: text is cut to each limit with an ellipsis,
 * overflowing fields, embeds and content move to continuation embeds and follow-up messages, nothing is dropped.
 * Pure and deterministic (no clock, no randomness): safe to call from workflow code.
 */
import { splitContent } from './content-split';
import { DISCORD_LIMITS as LIMITS } from './limits';
import { allowedMentionsFor, mentionPrefix } from './mentions';
import {
  describeIssues,
  embedTextLength,
  WebhookMessageSchema,
  type Embed,
  type EmbedField,
  type Mentions,
  type WebhookMessage,
} from './schemas';
import { codePointLength, toWellFormed, trimWhitespace, truncate, ZERO_WIDTH_SPACE } from './text';
import {
  InvalidNotificationError,
  NotificationSchema,
  toWireUrl,
  type EmbedDraft,
  type Notification,
} from './notification';

const CONTINUED = ' (continued)';

/** Trimmed, well-formed and cut to `max` code points; undefined when nothing visible is left. */
function clean(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = trimWhitespace(toWellFormed(text));
  return trimmed === '' ? undefined : truncate(trimmed, max);
}

/** Field name/value: Discord rejects blank ones, so a zero-width space stands in for an intentionally empty cell. */
function cleanCell(text: string, max: number): string {
  return clean(text, max) ?? ZERO_WIDTH_SPACE;
}

/** The draft as a wire embed without its fields, every string within its own limit. */
function embedHead(draft: EmbedDraft): Embed {
  const title = clean(draft.title, LIMITS.embedTitleChars);
  const description = clean(draft.description, LIMITS.embedDescriptionChars);
  const footerText = clean(draft.footer?.text, LIMITS.footerTextChars);
  const authorName = clean(draft.author?.name, LIMITS.authorNameChars);
  const head: Embed = {
    ...(title !== undefined && { title }),
    ...(description !== undefined && { description }),
    ...(draft.url !== undefined && { url: toWireUrl(draft.url) }),
    ...(draft.timestamp !== undefined && { timestamp: draft.timestamp }),
    ...(draft.color !== undefined && { color: draft.color }),
    ...(draft.footer &&
      footerText !== undefined && {
        footer: {
          text: footerText,
          ...(draft.footer.iconUrl !== undefined && { icon_url: toWireUrl(draft.footer.iconUrl) }),
        },
      }),
    ...(draft.imageUrl !== undefined && { image: { url: toWireUrl(draft.imageUrl) } }),
    ...(draft.thumbnailUrl !== undefined && { thumbnail: { url: toWireUrl(draft.thumbnailUrl) } }),
    ...(draft.author &&
      authorName !== undefined && {
        author: {
          name: authorName,
          ...(draft.author.url !== undefined && { url: toWireUrl(draft.author.url) }),
          ...(draft.author.iconUrl !== undefined && { icon_url: toWireUrl(draft.author.iconUrl) }),
        },
      }),
  };
  return fitNonFieldText(head);
}

/**
 * Title + description + footer + author can reach 6656 code points, more than one embed may hold: cut the footer,
 * then (never reached with today's limits) the description, to what is left of the 6000.
 */
function fitNonFieldText(head: Embed): Embed {
  const over = () => embedTextLength(head) - LIMITS.embedTotalChars;
  if (over() > 0 && head.footer) {
    const keep = codePointLength(head.footer.text) - over();
    const text = keep > 0 ? truncate(head.footer.text, keep) : '';
    if (text === '') delete head.footer;
    else head.footer = { ...head.footer, text };
  }
  if (over() > 0 && head.description !== undefined) {
    const keep = codePointLength(head.description) - over();
    if (keep > 0) head.description = truncate(head.description, keep);
    else delete head.description;
  }
  return head;
}

/** True when an embed would render nothing (only a color or a link): Discord may reject it, and it carries no text. */
function isEmpty(embed: Embed): boolean {
  const { color: _color, url: _url, ...visible } = embed;
  return Object.keys(visible).length === 0;
}

/**
 * One draft as one or more wire embeds: fields beyond 25, or beyond what fits in 6000 with the head, continue in
 * embeds titled "<title> (continued)" with the same color and no url (Discord shows only the first embed per url).
 */
function draftToEmbeds(draft: EmbedDraft): Embed[] {
  const head = embedHead(draft);
  const fields: EmbedField[] = (draft.fields ?? []).map((field) => ({
    name: cleanCell(field.name, LIMITS.fieldNameChars),
    value: cleanCell(field.value, LIMITS.fieldValueChars),
    ...(field.inline !== undefined && { inline: field.inline }),
  }));
  const continuation = (): Embed => ({
    ...(head.title !== undefined && {
      title: truncate(head.title, LIMITS.embedTitleChars - CONTINUED.length) + CONTINUED,
    }),
    ...(head.color !== undefined && { color: head.color }),
  });
  const pieces: Embed[] = [];
  let piece: Embed = { ...head };
  let pieceLength = embedTextLength(piece);
  for (const field of fields) {
    const fieldLength = codePointLength(field.name) + codePointLength(field.value);
    const count = piece.fields?.length ?? 0;
    if (count === LIMITS.fieldsPerEmbed || pieceLength + fieldLength > LIMITS.embedTotalChars) {
      pieces.push(piece);
      piece = continuation();
      pieceLength = embedTextLength(piece);
    }
    piece.fields = [...(piece.fields ?? []), field];
    pieceLength += fieldLength;
  }
  pieces.push(piece);
  return pieces.filter((embed) => !isEmpty(embed));
}

/** Packs embeds in order into groups of at most 10 whose text sums to at most 6000. */
function groupEmbeds(embeds: readonly Embed[]): Embed[][] {
  const groups: Embed[][] = [];
  let group: Embed[] = [];
  let total = 0;
  for (const embed of embeds) {
    const length = embedTextLength(embed);
    if (group.length === LIMITS.embedsPerMessage || total + length > LIMITS.embedTotalChars) {
      groups.push(group);
      group = [];
      total = 0;
    }
    group.push(embed);
    total += length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** The mention prefix and the content, on one line unless the content starts with block markdown. */
function joinPrefix(prefix: string, content: string): string {
  if (prefix === '' || content === '') return prefix || content;
  const startsBlock = /^(#{1,3} |-# |>>> |> |```|[-*+] |\d+\. )/.test(content);
  return `${prefix}${startsBlock ? '\n' : ' '}${content}`;
}

/**
 * Each message may ping only the mentions whose syntax it carries, each at most once across the messages; in
 * practice all of them land in the first message, where the prefix is.
 */
function assignMentions(messages: WebhookMessage[], mentions: Mentions | undefined): void {
  const users = new Set(mentions?.users ?? []);
  const roles = new Set(mentions?.roles ?? []);
  let everyone = mentions?.everyone === true;
  for (const message of messages) {
    const content = message.content ?? '';
    const take = (pattern: RegExp, pending: Set<string>) =>
      [...content.matchAll(pattern)].map((m) => m[1] ?? '').filter((id) => pending.delete(id));
    const here: Mentions = {
      roles: take(/<@&(\d+)>/g, roles),
      users: take(/<@!?(\d+)>/g, users),
      everyone: everyone && /@(everyone|here)/.test(content),
    };
    if (here.everyone) everyone = false;
    message.allowed_mentions = allowedMentionsFor(here);
  }
}

/**
 * Builds the webhook messages for one notification, in posting order. Content over 2000 is split at line/word
 * boundaries (code blocks kept intact); the last content chunk carries the first group of embeds; more than 10 embeds
 * or 6000 characters of embed text continue in follow-up messages. Every message carries `allowed_mentions`,
 * `username`, `avatar_url` and `flags`; the mention prefix goes first and only its message may ping.
 * @throws InvalidNotificationError when the notification is invalid (bad URL, color, timestamp, username, mention
 *   id, flags) or has neither content nor embeds
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
export function buildMessages(notification: Notification): WebhookMessage[] {
  const parsed = NotificationSchema.safeParse(notification);
  if (!parsed.success) throw new InvalidNotificationError(describeIssues(parsed.error));
  const input = parsed.data;

  const content = joinPrefix(mentionPrefix(input.mentions), trimWhitespace(toWellFormed(input.content ?? '')));
  const chunks = splitContent(content, LIMITS.contentChars);
  const groups = groupEmbeds((input.embeds ?? []).flatMap(draftToEmbeds));
  if (chunks.length === 0 && groups.length === 0) {
    throw new InvalidNotificationError(['(notification): Cannot send an empty message: no content and no embeds']);
  }

  const bodies: { content?: string; embeds?: Embed[] }[] = chunks.map((chunk) => ({ content: chunk }));
  const [firstGroup, ...otherGroups] = groups;
  const last = bodies.at(-1);
  if (firstGroup && last) last.embeds = firstGroup;
  else if (firstGroup) bodies.push({ embeds: firstGroup });
  for (const group of otherGroups) bodies.push({ embeds: group });

  const username = clean(input.username, LIMITS.usernameMaxChars);
  const messages: WebhookMessage[] = bodies.map((body) => ({
    ...body,
    ...(username !== undefined && { username }),
    ...(input.avatarUrl !== undefined && { avatar_url: toWireUrl(input.avatarUrl) }),
    ...(input.flags !== undefined && { flags: input.flags }),
    allowed_mentions: { parse: [] },
  }));
  assignMentions(messages, input.mentions);

  // The steps above are built to the limits; this guards the promise "never emits an invalid payload".
  const problems = messages.flatMap((message, index) => {
    const result = WebhookMessageSchema.safeParse(message);
    return result.success ? [] : describeIssues(result.error).map((issue) => `messages.${index}.${issue}`);
  });
  if (problems.length > 0) throw new InvalidNotificationError(problems);
  return messages;
}

/** Checks a wire message against {@link WebhookMessageSchema}; issues carry Discord-style paths (`embeds.0.title`). */
export function validateMessage(message: unknown) {
  return WebhookMessageSchema.safeParse(message);
}
