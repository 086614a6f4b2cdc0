import { LIMITS, MESSAGE_FLAGS } from './constants';
import { FormErrors, type FormPath } from './discord-errors';
import { codePointLength, discordTrim, FieldChecks, type UrlSchemes } from './field-checks';
import { isPlainObject, type JsonObject } from './http-io';
import { refuseNotModelled } from './not-modelled';

/** The mention types `allowed_mentions.parse` may list. */
const MENTION_TYPES = ['roles', 'users', 'everyone'] as const;

/** A validated `allowed_mentions` object; absent from a draft when the body had none (the webhook default applies). */
export type AllowedMentions = NonNullable<ReturnType<typeof checkAllowedMentions>>;
/** A validated Execute Webhook body. */
export type ExecuteDraft = ReturnType<typeof checkExecuteBody>['draft'];
/** A validated Edit Webhook Message body: `undefined` = leave unchanged, `null` = clear. */
export type EditDraft = ReturnType<typeof checkEditBody>['draft'];

/**
 * Validates an Execute Webhook body the way Discord does, collecting every error (not just the first); the draft is
 * only meaningful when `errors.size === 0`. `withComponents` is the `?with_components` query flag.
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook-jsonform-params
 */
export function checkExecuteBody(body: unknown, withComponents: boolean) {
  const { checks, input } = begin(body, withComponents);
  const username = checks.string(['username'], input.username, Infinity);
  const usernameProblem = username === undefined ? undefined : usernameError(username);
  if (usernameProblem) checks.fail(['username'], usernameProblem.code, usernameProblem.message);
  const draft = {
    content: checks.string(['content'], input.content, LIMITS.contentLength),
    username: usernameProblem ? undefined : username,
    avatarUrl: checks.url(['avatar_url'], input.avatar_url, ['http', 'https']),
    tts: checks.boolean(['tts'], input.tts) ?? false,
    embeds: checkEmbeds(checks, input.embeds) ?? [],
    allowedMentions: checkAllowedMentions(checks, input.allowed_mentions),
    flags: checkFlags(checks, input.flags) ?? 0,
    threadName: checks.string(['thread_name'], input.thread_name, LIMITS.threadName),
  };
  return { draft, errors: checks.errors };
}

/**
 * Validates an Edit Webhook Message body; every field is optional and nullable. SUPPRESS_NOTIFICATIONS only matters
 * when sending and is carried over on an edit, so sending it is tolerated.
 * @see https://discord.com/developers/docs/resources/webhook#edit-webhook-message
 */
export function checkEditBody(body: unknown, withComponents: boolean) {
  const { checks, input } = begin(body, withComponents);
  const nullable = <T>(key: string, check: () => T | undefined): T | null | undefined =>
    input[key] === null ? null : check();
  const draft = {
    content: nullable('content', () => checks.string(['content'], input.content, LIMITS.contentLength)),
    embeds: nullable('embeds', () => checkEmbeds(checks, input.embeds)),
    allowedMentions: checkAllowedMentions(checks, input.allowed_mentions),
    flags: nullable('flags', () => checkFlags(checks, input.flags)),
  };
  return { draft, errors: checks.errors };
}

/**
 * Discord's rule for webhook names and `username` overrides: 1-80 code points, without "discord" or "clyde"
 * (case-insensitive), and not exactly "everyone" or "here". The error, or `undefined` for a valid name.
 * @see https://discord.com/developers/docs/resources/webhook#create-webhook
 */
export function usernameError(name: string): { code: string; message: string } | undefined {
  const length = codePointLength(name);
  if (length < 1 || length > LIMITS.usernameMax) {
    return { code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and ${LIMITS.usernameMax} in length.` };
  }
  const lower = discordTrim(name).toLowerCase();
  const banned = ['discord', 'clyde'].find((word) => lower.includes(word));
  if (banned) return { code: 'USERNAME_INVALID_CONTAINS', message: `Username cannot contain "${banned}"` };
  if (lower === 'everyone' || lower === 'here')
    return { code: 'USERNAME_INVALID', message: `Username cannot be "${lower}"` };
  return undefined;
}

/** True when content is blank; Discord trims before deciding a message is empty. */
export function isBlank(content: string | null | undefined): boolean {
  return content == null || codePointLength(content) === 0;
}

/** The checks of one body, its top level (a dictionary, else an error), and the not-modelled refusals. */
function begin(body: unknown, withComponents: boolean): { checks: FieldChecks; input: Record<string, unknown> } {
  const checks = new FieldChecks(new FormErrors());
  const input = isPlainObject(body) ? body : {};
  if (!isPlainObject(body)) checks.fail([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  refuseNotModelled(checks.errors, input, withComponents);
  return { checks, input };
}

/** Message `flags`: only the bits a webhook may set (IS_COMPONENTS_V2 is then refused as not modelled). */
function checkFlags(checks: FieldChecks, raw: unknown): number | undefined {
  const flags = checks.integer(['flags'], raw, 0, 2 ** 31 - 1);
  const allowed = Object.values(MESSAGE_FLAGS).reduce((all, bit) => all | bit, 0);
  if (flags === undefined || (flags & ~allowed) === 0) return flags;
  const names = Object.keys(MESSAGE_FLAGS).join(', ');
  return checks.fail(['flags'], 'MESSAGE_FLAGS_INVALID', `Only these flags can be set: ${names}.`);
}

/**
 * `allowed_mentions`: known parse values, at most 100 snowflakes per list, and `parse` + a non-empty list of the same
 * type being mutually exclusive. An object without `parse` parses nothing.
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
function checkAllowedMentions(checks: FieldChecks, raw: unknown) {
  const input = checks.dict(['allowed_mentions'], raw);
  if (!input) return undefined;
  const parse = new Set<(typeof MENTION_TYPES)[number]>();
  checks.list(['allowed_mentions', 'parse'], input.parse, Infinity)?.forEach((value, index) => {
    const type = MENTION_TYPES.find((known) => known === value);
    if (type) parse.add(type);
    else {
      const choices = MENTION_TYPES.map((known) => `'${known}'`).join(', ');
      checks.fail(['allowed_mentions', 'parse', index], 'BASE_TYPE_CHOICES', `Value must be one of (${choices}).`);
    }
  });
  const ids = (key: 'users' | 'roles'): string[] => {
    const list = checks.list(['allowed_mentions', key], input[key], LIMITS.mentionIds) ?? [];
    const valid = list.flatMap((value, index) => checks.snowflake(['allowed_mentions', key, index], value) ?? []);
    if (parse.has(key) && valid.length > 0) {
      const message = `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`;
      checks.fail(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message);
    }
    return [...new Set(valid)];
  };
  const [users, roles] = [ids('users'), ids('roles')];
  checks.boolean(['allowed_mentions', 'replied_user'], input.replied_user);
  return { parse: [...parse], users, roles };
}

const LINK: UrlSchemes = ['http', 'https'];
const MEDIA: UrlSchemes = ['http', 'https', 'attachment'];

/**
 * Validates `embeds`: at most 10, each valid, and at most 6000 code points of text across all of them
 * (`errors.embeds._errors` = MAX_EMBED_SIZE_EXCEEDED). Returns the embeds as Discord echoes them back.
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
export function checkEmbeds(checks: FieldChecks, raw: unknown): JsonObject[] | undefined {
  const list = checks.list(['embeds'], raw, LIMITS.embedsPerMessage);
  if (!list) return undefined;
  let total = 0;
  const text = (path: FormPath, value: unknown, max: number, required = false) => {
    if (typeof value === 'string') total += codePointLength(value);
    return checks.string(path, value, max, required);
  };
  const embeds = list.flatMap((item, index) => {
    const embed = checkEmbed(checks, ['embeds', index], item, text);
    return embed ? [embed] : [];
  });
  if (total > LIMITS.embedTotal) {
    checks.errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
  return embeds;
}

type TextCheck = (path: FormPath, value: unknown, max: number, required?: boolean) => string | undefined;

/**
 * One embed, normalised to the response shape: `type` is always `rich`; `video`, `provider` and image
 * `height`/`width`/`proxy_url` are dropped because webhooks cannot set them; fields get an explicit `inline`.
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
function checkEmbed(checks: FieldChecks, path: FormPath, raw: unknown, text: TextCheck): JsonObject | undefined {
  const input = checks.dict(path, raw);
  if (!input) return undefined;
  const at = (...keys: (string | number)[]) => [...path, ...keys];
  const embed: JsonObject = {
    type: 'rich',
    title: text(at('title'), input.title, LIMITS.embedTitle),
    description: text(at('description'), input.description, LIMITS.embedDescription),
    url: checks.url(at('url'), input.url, LINK),
    timestamp: checks.timestamp(at('timestamp'), input.timestamp),
    color: checks.integer(at('color'), input.color, 0, LIMITS.colorMax),
  };
  const footer = checks.dict(at('footer'), input.footer);
  if (footer) {
    embed.footer = {
      text: text(at('footer', 'text'), footer.text, LIMITS.footerText, true),
      icon_url: checks.url(at('footer', 'icon_url'), footer.icon_url, MEDIA),
    };
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = checks.dict(at(key), input[key]);
    if (media) embed[key] = { url: checks.url(at(key, 'url'), media.url, MEDIA, true) };
  }
  const author = checks.dict(at('author'), input.author);
  if (author) {
    embed.author = {
      name: text(at('author', 'name'), author.name, LIMITS.authorName, true),
      url: checks.url(at('author', 'url'), author.url, LINK),
      icon_url: checks.url(at('author', 'icon_url'), author.icon_url, MEDIA),
    };
  }
  embed.fields = checks.list(at('fields'), input.fields, LIMITS.embedFields)?.map((raw, index) => {
    const field = checks.dict(at('fields', index), raw);
    if (!field) return {};
    return {
      name: text(at('fields', index, 'name'), field.name, LIMITS.fieldName, true),
      value: text(at('fields', index, 'value'), field.value, LIMITS.fieldValue, true),
      inline: checks.boolean(at('fields', index, 'inline'), field.inline) ?? false,
    };
  });
  return embed;
}
