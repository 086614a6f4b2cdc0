import { LIMITS, MESSAGE_FLAGS } from './constants';
import { codePointLength, discordTrim, FieldChecks } from './field-checks';
import { FormErrors } from './form-errors';
import { isPlainObject, type JsonObject, type JsonValue } from './json';
import { type AllowedMentions, checkAllowedMentions } from './mentions';
import { checkEmbeds } from './validate-embed';
import {
  type AttachmentMeta,
  checkAttachmentMeta,
  checkComponents,
  checkFlags,
  checkPoll,
  type PollDraft,
} from './validate-extras';

const EXECUTE_FLAGS =
  MESSAGE_FLAGS.SUPPRESS_EMBEDS | MESSAGE_FLAGS.SUPPRESS_NOTIFICATIONS | MESSAGE_FLAGS.IS_COMPONENTS_V2;
/** SUPPRESS_NOTIFICATIONS only matters at send time; on edit it is carried over, so sending it is tolerated. */
const EDIT_FLAGS = EXECUTE_FLAGS;

/** A validated Execute Webhook body. */
export interface ExecuteDraft {
  content?: string;
  username?: string;
  avatarUrl?: string;
  tts: boolean;
  embeds: JsonObject[];
  /** Absent when the body had no `allowed_mentions` (the webhook default then applies). */
  allowedMentions?: AllowedMentions;
  /** Only kept when `?with_components=true`, as Discord ignores them otherwise on non-app-owned webhooks. */
  components: JsonValue[];
  poll?: PollDraft;
  flags: number;
  threadName?: string;
  attachments: AttachmentMeta[];
}

/** A validated Edit Webhook Message body: `undefined` = leave unchanged, `null` = clear. */
export interface EditDraft {
  content?: string | null;
  embeds?: JsonObject[] | null;
  allowedMentions?: AllowedMentions;
  components?: JsonValue[] | null;
  flags?: number | null;
  /** Attachments to keep (by id); new files are appended. */
  attachments?: AttachmentMeta[] | null;
}

/** The result of validating a body: the draft is only meaningful when `errors.size === 0`. */
export interface Checked<T> {
  readonly draft: T;
  readonly errors: FormErrors;
}

/**
 * Validates an Execute Webhook body the way Discord does, collecting every error (not just the first).
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook-jsonform-params
 */
export function checkExecuteBody(body: unknown, withComponents: boolean): Checked<ExecuteDraft> {
  const errors = new FormErrors();
  const checks = new FieldChecks(errors);
  const input = rootObject(errors, body);
  const flags = checkFlags(checks, input.flags, EXECUTE_FLAGS) ?? 0;
  const draft: ExecuteDraft = {
    content: checks.string(['content'], input.content, { max: LIMITS.contentLength }),
    username: checkUsername(checks, input.username),
    avatarUrl: checks.url(['avatar_url'], input.avatar_url, ['http', 'https']),
    tts: checks.boolean(['tts'], input.tts) ?? false,
    embeds: checkEmbeds(checks, input.embeds) ?? [],
    allowedMentions: checkAllowedMentions(checks, input.allowed_mentions),
    components: withComponents ? (checkComponents(checks, input.components, flags) ?? []) : [],
    poll: checkPoll(checks, input.poll),
    flags,
    threadName: checks.string(['thread_name'], input.thread_name, { max: 100 }),
    attachments: checkAttachmentMeta(checks, input.attachments) ?? [],
  };
  checks.list(['applied_tags'], input.applied_tags, 5)?.forEach((tag, i) => checks.snowflake(['applied_tags', i], tag));
  if (flags & MESSAGE_FLAGS.IS_COMPONENTS_V2) {
    forbidWithComponentsV2(errors, {
      content: draft.content !== undefined,
      embeds: Array.isArray(input.embeds) && input.embeds.length > 0,
      poll: draft.poll !== undefined,
    });
  }
  return { draft, errors };
}

/**
 * Validates an Edit Webhook Message body; every field is optional and nullable.
 * @see https://discord.com/developers/docs/resources/webhook#edit-webhook-message
 */
export function checkEditBody(body: unknown, withComponents: boolean): Checked<EditDraft> {
  const errors = new FormErrors();
  const checks = new FieldChecks(errors);
  const input = rootObject(errors, body);
  const nullable = <T>(key: string, check: () => T | undefined): T | null | undefined =>
    input[key] === null ? null : check();
  const flags = nullable('flags', () => checkFlags(checks, input.flags, EDIT_FLAGS));
  const draft: EditDraft = {
    content: nullable('content', () => checks.string(['content'], input.content, { max: LIMITS.contentLength })),
    embeds: nullable('embeds', () => checkEmbeds(checks, input.embeds)),
    allowedMentions: checkAllowedMentions(checks, input.allowed_mentions),
    components: withComponents
      ? nullable('components', () => checkComponents(checks, input.components, flags ?? 0))
      : undefined,
    flags,
    attachments: nullable('attachments', () => checkAttachmentMeta(checks, input.attachments)),
  };
  return { draft, errors };
}

/** Adds the IS_COMPONENTS_V2 error for every legacy field that is in use. */
export function forbidWithComponentsV2(errors: FormErrors, used: Record<'content' | 'embeds' | 'poll', boolean>): void {
  for (const [field, inUse] of Object.entries(used)) {
    if (!inUse) continue;
    errors.add(
      [field],
      'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      `The '${field}' field cannot be used when using MessageFlags.IS_COMPONENTS_V2`,
    );
  }
}

/**
 * Webhook name / username override: 1-80 code points, must not contain "discord" or "clyde" (case-insensitive),
 * must not be exactly "everyone" or "here".
 * @see https://discord.com/developers/docs/resources/webhook#create-webhook
 */
export function checkUsername(checks: FieldChecks, raw: unknown, key = 'username'): string | undefined {
  const name = checks.string([key], raw, { between: [LIMITS.usernameMin, LIMITS.usernameMax] });
  if (name === undefined) return undefined;
  const lower = discordTrim(name).toLowerCase();
  const banned = ['discord', 'clyde'].find((word) => lower.includes(word));
  if (banned) {
    checks.errors.add([key], 'USERNAME_INVALID_CONTAINS', `Username cannot contain "${banned}"`);
    return undefined;
  }
  if (lower === 'everyone' || lower === 'here') {
    checks.errors.add([key], 'USERNAME_INVALID', `Username cannot be "${lower}"`);
    return undefined;
  }
  return name;
}

/** True when content is blank; Discord trims before deciding a message is empty. */
export function isBlank(content: string | null | undefined): boolean {
  return content == null || codePointLength(content) === 0;
}

function rootObject(errors: FormErrors, body: unknown): Record<string, unknown> {
  if (isPlainObject(body)) return body;
  errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  return {};
}
