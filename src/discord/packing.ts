/**
 * Folds consecutive webhook messages into as few as Discord allows: one message holds at most 10 embeds, 6000
 * characters of embed text and 2000 of content, and pings at most 100 users and 100 roles. Order is kept; nothing is
 * dropped. Pure and zod-free: the outbox workflow packs what waits for a channel's next turn.
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
import { DISCORD_LIMITS as LIMITS } from './limits';
import { messageTextLength } from './message-size';
import type { AllowedMentions, WebhookMessage } from './schemas';
import { codePointLength } from './text';

/** What {@link packMessages} made of the head of a queue. */
export interface Packed {
  /** The folded message, valid whenever every input message was. */
  message: WebhookMessage;
  /** How many of the given messages it holds (at least 1): always a prefix of them. */
  count: number;
  /** True when nothing more could join it (a limit or a different sender stopped the packing). */
  full: boolean;
}

/** A line of content and how many consecutive messages carried exactly it. */
interface ContentRun {
  text: string;
  count: number;
}

/** Repeated one-line contents read `🔥 **Hot Lead Alert!** (×3)`; multi-line ones repeat in full (a code fence must stay closed). */
function renderContent(runs: readonly ContentRun[]): string | undefined {
  if (runs.length === 0) return undefined;
  return runs
    .flatMap((run) =>
      run.count === 1
        ? [run.text]
        : run.text.includes('\n')
          ? Array<string>(run.count).fill(run.text)
          : [`${run.text} (×${run.count})`],
    )
    .join('\n');
}

function addRun(runs: readonly ContentRun[], content: string | undefined): ContentRun[] {
  if (content === undefined || content === '') return [...runs];
  const last = runs.at(-1);
  if (last?.text === content) return [...runs.slice(0, -1), { text: content, count: last.count + 1 }];
  return [...runs, { text: content, count: 1 }];
}

const union = (a: readonly string[] | undefined, b: readonly string[] | undefined): string[] => [
  ...new Set([...(a ?? []), ...(b ?? [])]),
];

/** The pings of both messages, or undefined when the union breaks a rule (too many ids, parse beside a list). */
function mergeMentions(a: AllowedMentions, b: AllowedMentions): AllowedMentions | undefined {
  const parse = union(a.parse, b.parse) as AllowedMentions['parse'];
  const users = union(a.users, b.users);
  const roles = union(a.roles, b.roles);
  if (users.length > LIMITS.mentionIdsMax || roles.length > LIMITS.mentionIdsMax) return undefined;
  if ((parse.includes('users') && users.length > 0) || (parse.includes('roles') && roles.length > 0)) return undefined;
  return { parse, ...(users.length > 0 && { users }), ...(roles.length > 0 && { roles }) };
}

/** Same sender and presentation: only such messages may share one post. */
function sameSender(a: WebhookMessage, b: WebhookMessage): boolean {
  return (
    a.username === b.username &&
    a.avatar_url === b.avatar_url &&
    a.flags === b.flags &&
    a.tts === b.tts &&
    a.thread_name === undefined &&
    b.thread_name === undefined
  );
}

/**
 * Packs the head of `messages` into one message: the first one, then each following one as long as it has the same
 * sender (username, avatar, flags) and the result stays within every limit. Contents are joined line by line (a
 * repeated one-line content is counted instead of repeated), embeds keep their order, pings are merged.
 * @throws RangeError when `messages` is empty
 */
export function packMessages(messages: readonly WebhookMessage[]): Packed {
  const [first] = messages;
  if (!first) throw new RangeError('packMessages needs at least one message');
  let runs = addRun([], first.content);
  let packed: WebhookMessage = first;
  let count = 1;
  for (const next of messages.slice(1)) {
    if (!sameSender(packed, next)) return { message: packed, count, full: true };
    const allowed = mergeMentions(packed.allowed_mentions, next.allowed_mentions);
    const nextRuns = addRun(runs, next.content);
    const content = renderContent(nextRuns);
    const embeds = [...(packed.embeds ?? []), ...(next.embeds ?? [])];
    const fits =
      allowed !== undefined &&
      embeds.length <= LIMITS.embedsPerMessage &&
      messageTextLength({ embeds }) <= LIMITS.embedTotalChars &&
      (content === undefined || codePointLength(content) <= LIMITS.contentChars);
    if (!fits) return { message: packed, count, full: true };
    const { content: _content, embeds: _embeds, ...sender } = packed;
    packed = {
      ...sender,
      ...(content !== undefined && { content }),
      ...(embeds.length > 0 && { embeds }),
      allowed_mentions: allowed,
    };
    runs = nextRuns;
    count += 1;
  }
  return { message: packed, count, full: (packed.embeds?.length ?? 0) >= LIMITS.embedsPerMessage };
}
