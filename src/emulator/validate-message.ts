import { LIMITS, MESSAGE_FLAGS } from './constants';
import { codePointLength, discordTrim, FieldChecks } from './field-checks';
import { FormErrors } from './form-errors';
import { isPlainObject, type JsonObject } from './json';
import { type AllowedMentions, checkAllowedMentions } from './mentions';
import { refuseNotModelled } from './not-modelled';
import { checkEmbeds } from './validate-embed';

/** The flags a webhook may set; IS_COMPONENTS_V2 is valid here but refused as not modelled. */
const WEBHOOK_FLAGS =
  MESSAGE_FLAGS.SUPPRESS_EMBEDS | MESSAGE_FLAGS.SUPPRESS_NOTIFICATIONS | MESSAGE_FLAGS.IS_COMPONENTS_V2;

/** A validated Execute Webhook body. */
export interface ExecuteDraft {
  content?: string;
  username?: string;
  avatarUrl?: string;
  tts: boolean;
  embeds: JsonObject[];
  /** Absent when the body had no `allowed_mentions` (the webhook default then applies). */
  allowedMentions?: AllowedMentions;
  flags: number;
  threadName?: string;
}

/** A validated Edit Webhook Message body: `undefined` = leave unchanged, `null` = clear. */
export interface EditDraft {
  content?: string | null;
  embeds?: JsonObject[] | null;
  allowedMentions?: AllowedMentions;
  flags?: number | null;
}

/** The result of validating a body: the draft is only meaningful when `errors.size === 0`. */
export interface Checked<T> {
  readonly draft: T;
  readonly errors: FormErrors;
}

/**
 * Validates an Execute Webhook body the way Discord does, collecting every error (not just the first).
 * `withComponents` is the `?with_components` query flag.
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook-jsonform-params
 */
export function checkExecuteBody(body: unknown, withComponents: boolean): Checked<ExecuteDraft> {
  const errors = new FormErrors();
  const checks = new FieldChecks(errors);
  const input = rootObject(errors, body);
  refuseNotModelled(errors, input, withComponents);
  const draft: ExecuteDraft = {
    content: checks.string(['content'], input.content, { max: LIMITS.contentLength }),
    username: checkUsername(checks, input.username),
    avatarUrl: checks.url(['avatar_url'], input.avatar_url, ['http', 'https']),
    tts: checks.boolean(['tts'], input.tts) ?? false,
    embeds: checkEmbeds(checks, input.embeds) ?? [],
    allowedMentions: checkAllowedMentions(checks, input.allowed_mentions),
    flags: checkFlags(checks, input.flags) ?? 0,
    threadName: checks.string(['thread_name'], input.thread_name, { max: 100 }),
  };
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
  refuseNotModelled(errors, input, withComponents);
  const nullable = <T>(key: string, check: () => T | undefined): T | null | undefined =>
    input[key] === null ? null : check();
  const draft: EditDraft = {
    content: nullable('content', () => checks.string(['content'], input.content, { max: LIMITS.contentLength })),
    embeds: nullable('embeds', () => checkEmbeds(checks, input.embeds)),
    allowedMentions: checkAllowedMentions(checks, input.allowed_mentions),
    // SUPPRESS_NOTIFICATIONS only matters when sending; on an edit it is carried over, so sending it is tolerated.
    flags: nullable('flags', () => checkFlags(checks, input.flags)),
  };
  return { draft, errors };
}

/** Validates message `flags` against what webhooks may set. */
function checkFlags(checks: FieldChecks, raw: unknown): number | undefined {
  const flags = checks.integer(['flags'], raw, 0, 2 ** 31 - 1);
  if (flags === undefined || (flags & ~WEBHOOK_FLAGS) === 0) return flags;
  const names = Object.keys(MESSAGE_FLAGS).join(', ');
  checks.errors.add(['flags'], 'MESSAGE_FLAGS_INVALID', `Only these flags can be set: ${names}.`);
  return undefined;
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
