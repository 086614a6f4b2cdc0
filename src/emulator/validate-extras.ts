import { LIMITS, MESSAGE_FLAGS } from './constants';
import { type FieldChecks } from './field-checks';
import { type JsonObject, type JsonValue } from './json';

/** A validated poll create request. */
export interface PollDraft {
  readonly question: string;
  readonly answers: readonly { text: string; emoji?: JsonObject }[];
  readonly durationHours: number;
  readonly allowMultiselect: boolean;
}

/** Attachment metadata from the `attachments` body field, keyed to `files[n]` by `id`. */
export interface AttachmentMeta {
  readonly id: string;
  readonly filename?: string;
  readonly description?: string;
}

/**
 * Validates a poll create request: question text <= 300, 1-10 answers with text <= 55, duration 1-768 hours.
 * @see https://discord.com/developers/docs/resources/poll#poll-create-request-object
 */
export function checkPoll(checks: FieldChecks, raw: unknown): PollDraft | undefined {
  const poll = checks.dict(['poll'], raw);
  if (!poll) return undefined;
  const question = checks.dict(['poll', 'question'], poll.question, true);
  const questionText = question
    ? checks.string(['poll', 'question', 'text'], question.text, { max: LIMITS.pollQuestion, required: true })
    : undefined;
  const rawAnswers = checks.list(['poll', 'answers'], poll.answers, LIMITS.pollAnswers);
  if (rawAnswers === undefined) checks.errors.add(['poll', 'answers'], 'BASE_TYPE_REQUIRED', 'This field is required');
  else if (rawAnswers.length === 0)
    checks.errors.add(['poll', 'answers'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
  const answers = (rawAnswers ?? []).map((item, index) => {
    const answer = checks.dict(['poll', 'answers', index], item);
    const media = answer ? checks.dict(['poll', 'answers', index, 'poll_media'], answer.poll_media, true) : undefined;
    const at = ['poll', 'answers', index, 'poll_media', 'text'];
    const text = media ? checks.string(at, media.text, { max: LIMITS.pollAnswerText, required: true }) : undefined;
    const emoji = media ? checks.dict(['poll', 'answers', index, 'poll_media', 'emoji'], media.emoji) : undefined;
    return { text: text ?? '', ...(emoji ? { emoji: emoji as JsonObject } : {}) };
  });
  const durationHours = checks.integer(['poll', 'duration'], poll.duration, 1, LIMITS.pollDurationHours) ?? 24;
  const allowMultiselect = checks.boolean(['poll', 'allow_multiselect'], poll.allow_multiselect) ?? false;
  checks.integer(['poll', 'layout_type'], poll.layout_type, 1, 1);
  if (questionText === undefined) return undefined;
  return { question: questionText, answers, durationHours, allowMultiselect };
}

/**
 * Validates top-level `components` shallowly: a list (5 action rows, or 40 components with IS_COMPONENTS_V2) of
 * objects with an integer `type`. The component tree itself is not modelled.
 */
export function checkComponents(checks: FieldChecks, raw: unknown, flags: number): JsonValue[] | undefined {
  const max = flags & MESSAGE_FLAGS.IS_COMPONENTS_V2 ? LIMITS.componentsV2 : LIMITS.actionRows;
  const list = checks.list(['components'], raw, max);
  if (!list) return undefined;
  list.forEach((item, index) => {
    const component = checks.dict(['components', index], item);
    if (component && component.type === undefined) {
      checks.errors.add(['components', index, 'type'], 'BASE_TYPE_REQUIRED', 'This field is required');
    } else if (component) checks.integer(['components', index, 'type'], component.type, 1, 100);
  });
  return list as JsonValue[];
}

/** Validates message `flags` against what webhooks may set (SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2). */
export function checkFlags(checks: FieldChecks, raw: unknown, allowed: number): number | undefined {
  const flags = checks.integer(['flags'], raw, 0, 2 ** 31 - 1);
  if (flags === undefined) return undefined;
  if ((flags & ~allowed) !== 0) {
    const names = Object.entries(MESSAGE_FLAGS)
      .filter(([, bit]) => (allowed & bit) !== 0)
      .map(([name]) => name)
      .join(', ');
    checks.errors.add(['flags'], 'MESSAGE_FLAGS_INVALID', `Only these flags can be set: ${names}.`);
    return undefined;
  }
  return flags;
}

/** Validates the `attachments` metadata list (ids pair with `files[n]`; description <= 1024). */
export function checkAttachmentMeta(checks: FieldChecks, raw: unknown): AttachmentMeta[] | undefined {
  const list = checks.list(['attachments'], raw, LIMITS.attachments);
  if (!list) return undefined;
  return list.flatMap((item, index) => {
    const meta = checks.dict(['attachments', index], item);
    if (!meta) return [];
    if (meta.id === undefined || meta.id === null) {
      checks.errors.add(['attachments', index, 'id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    const id = checks.snowflake(['attachments', index, 'id'], meta.id);
    const filename = checks.string(['attachments', index, 'filename'], meta.filename, { max: 1024 });
    const description = checks.string(['attachments', index, 'description'], meta.description, { max: 1024 });
    if (id === undefined) return [];
    return [
      { id, ...(filename !== undefined ? { filename } : {}), ...(description !== undefined ? { description } : {}) },
    ];
  });
}
