import { LIMITS } from './constants';
import { type FieldChecks } from './field-checks';
import { type JsonObject } from './json';

/** The three mention types `allowed_mentions.parse` may list. */
export const MENTION_TYPES = ['roles', 'users', 'everyone'] as const;
export type MentionType = (typeof MENTION_TYPES)[number];

/** A validated `allowed_mentions` object. */
export interface AllowedMentions {
  readonly parse: readonly MentionType[];
  readonly users: readonly string[];
  readonly roles: readonly string[];
}

/**
 * What webhooks (and interactions) use when `allowed_mentions` is absent: only user mentions ping.
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
export const WEBHOOK_DEFAULT_ALLOWED_MENTIONS: AllowedMentions = { parse: ['users'], users: [], roles: [] };

/** The mention fields of a message object. */
export interface ComputedMentions {
  mentions: JsonObject[];
  mention_roles: string[];
  mention_everyone: boolean;
}

/**
 * Validates `allowed_mentions`: parse values, at most 100 snowflakes per list, and `parse` + a non-empty list of the
 * same type being mutually exclusive. An object without `parse` parses nothing.
 */
export function checkAllowedMentions(checks: FieldChecks, raw: unknown): AllowedMentions | undefined {
  const input = checks.dict(['allowed_mentions'], raw);
  if (!input) return undefined;
  const parse: MentionType[] = [];
  checks.list(['allowed_mentions', 'parse'], input.parse, Infinity)?.forEach((value, index) => {
    if (typeof value === 'string' && (MENTION_TYPES as readonly string[]).includes(value)) {
      if (!parse.includes(value as MentionType)) parse.push(value as MentionType);
    } else {
      const choices = MENTION_TYPES.map((type) => `'${type}'`).join(', ');
      checks.errors.add(
        ['allowed_mentions', 'parse', index],
        'BASE_TYPE_CHOICES',
        `Value must be one of (${choices}).`,
      );
    }
  });
  const ids = (key: 'users' | 'roles'): string[] => {
    const list = checks.list(['allowed_mentions', key], input[key], LIMITS.mentionIds) ?? [];
    return list.flatMap((value, index) => checks.snowflake(['allowed_mentions', key, index], value) ?? []);
  };
  const users = ids('users');
  const roles = ids('roles');
  checks.boolean(['allowed_mentions', 'replied_user'], input.replied_user);
  for (const [type, list] of [
    ['users', users],
    ['roles', roles],
  ] as const) {
    if (parse.includes(type) && list.length > 0) {
      checks.errors.add(
        ['allowed_mentions'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${type}"] and ${type}: [ids...] are mutually exclusive.`,
      );
    }
  }
  return { parse, users: [...new Set(users)], roles: [...new Set(roles)] };
}

/**
 * Computes who a message pings from its content: `<@id>` / `<@!id>` users, `<@&id>` roles, `@everyone` / `@here`,
 * filtered by the allowed mentions (listed ids that are not in the content are ignored, as on Discord).
 * Mentioned users are synthetic: the emulator has no member list, so every id resolves to a placeholder user.
 */
export function computeMentions(content: string, allowed: AllowedMentions): ComputedMentions {
  const users = unique([...content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1] ?? ''));
  const roles = unique([...content.matchAll(/<@&(\d+)>/g)].map((match) => match[1] ?? ''));
  const pingedUsers = allowed.parse.includes('users') ? users : users.filter((id) => allowed.users.includes(id));
  const pingedRoles = allowed.parse.includes('roles') ? roles : roles.filter((id) => allowed.roles.includes(id));
  return {
    mentions: pingedUsers.map((id) => ({
      id,
      username: `user${id.slice(-4)}`,
      avatar: null,
      discriminator: '0',
      public_flags: 0,
      flags: 0,
      global_name: null,
    })),
    mention_roles: pingedRoles,
    mention_everyone: allowed.parse.includes('everyone') && /@(everyone|here)\b/.test(content),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}
