/**
 * Webhook URLs hold a secret token. This module turns one into a {@link WebhookTarget} (worker side only; it never
 * enters workflow history) and keeps the token out of every message it writes.
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
import { trimWhitespace } from './text';
import { isSnowflake } from '../vocabulary';

/** Where to send: the webhook id and token plus the API base the URL named. */
export interface WebhookTarget {
  /** The webhook's snowflake id (not secret). */
  id: string;
  /** The webhook's token: a secret, never logged (see {@link redactSecrets}). */
  token: string;
  /** Origin + `/api` + optional `/vN`, e.g. `https://discord.com/api/v10`. */
  apiBase: string;
  /** The `/vN` of the URL; `undefined` means Discord's default (v6), where `retry_after` is in milliseconds. */
  apiVersion: number | undefined;
}

/** Options of {@link parseWebhookUrl}. */
export interface ParseWebhookUrlOptions {
  /**
   * Extra hosts (the emulator) accepted over http or https, as `host:port`; a bare `host` matches its scheme's
   * default port only.
   * @default []
   */
  allowedHosts?: readonly string[];
}

/** What is wrong with a webhook URL, for callers that branch on it. */
export type WebhookUrlProblem =
  | 'empty'
  | 'not-a-url'
  | 'credentials'
  | 'protocol'
  | 'host'
  | 'port'
  | 'query'
  | 'path'
  | 'version'
  | 'id'
  | 'token'
  | 'allowed-hosts';

/** A webhook URL that cannot be used. The message says what is wrong and never contains the token. */
export class WebhookUrlError extends Error {
  override readonly name = 'WebhookUrlError';

  constructor(
    readonly problem: WebhookUrlProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Discord's API hosts for webhooks; ptb. and canary. serve the same API.
 * @see https://discord.com/developers/docs/reference#api-reference-base-url
 */
export const DISCORD_API_HOSTS = ['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com'] as const;

const EXPECTED = 'https://discord.com/api[/vN]/webhooks/<id>/<token>';
const PATH = /^\/api(?:\/v([1-9][0-9]?))?\/webhooks\/([^/]*)(?:\/([^/]*))?(\/.*)?$/;
const TOKEN = /^[A-Za-z0-9._-]+$/;
/** Discontinued versions answer 400 to everything; v6 is what an unversioned URL gets. */
const MIN_API_VERSION = 6;
/** discordapp.com does not serve v10 and later. @see https://discord.com/developers/docs/change-log */
const DISCORDAPP_MAX_VERSION = 9;

/** The URL as it may be shown: origin, the path up to the id, and `***` for everything after it. */
function shown(url: URL): string {
  const match = /^(\/api(?:\/v\d+)?)?\/webhooks\/([^/]*)/.exec(url.pathname);
  if (!match) return `${url.origin}/…`;
  const id = /^\d+$/.test(match[2] ?? '') ? match[2] : '<id>';
  return `${url.origin}${match[1] ?? ''}/webhooks/${id}/***`;
}

interface HostRule {
  hostname: string;
  port: string | undefined;
}

function parseAllowedHost(entry: string): HostRule {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/?#@[\]]+)(?::(\d{1,5}))?$/.exec(trimWhitespace(entry));
  if (!match?.[1]) {
    throw new WebhookUrlError(
      'allowed-hosts',
      `Allowed host "${entry}" must be host or host:port (e.g. localhost:8787)`,
    );
  }
  return { hostname: match[1].toLowerCase(), port: match[2] === undefined ? undefined : String(Number(match[2])) };
}

function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const effectivePort = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.map(parseAllowedHost).some(({ hostname, port }) => {
    if (hostname !== url.hostname) return false;
    return port === undefined ? url.port === '' : port === effectivePort;
  });
}

function checkOrigin(url: URL, allowedHosts: readonly string[]): void {
  const where = shown(url);
  if (url.username !== '' || url.password !== '') {
    throw new WebhookUrlError('credentials', `Webhook URL ${where} must not contain a user name or password`);
  }
  const allowed = isAllowedHost(url, allowedHosts);
  const discord = (DISCORD_API_HOSTS as readonly string[]).includes(url.hostname);
  if (!allowed && !discord) {
    throw new WebhookUrlError(
      'host',
      `Webhook URL host "${url.host}" is not a Discord API host (${DISCORD_API_HOSTS.join(', ')}) nor an allowed host`,
    );
  }
  if (allowed ? url.protocol !== 'http:' && url.protocol !== 'https:' : url.protocol !== 'https:') {
    throw new WebhookUrlError('protocol', `Webhook URL ${where} must use https (${EXPECTED})`);
  }
  if (!allowed && url.port !== '') {
    throw new WebhookUrlError('port', `Webhook URL ${where} must not name a port for ${url.hostname}`);
  }
  if (url.search !== '' || url.hash !== '') {
    const names = [...new Set(url.searchParams.keys())].join(', ');
    const part = url.search !== '' ? `the query string (${names})` : 'the #fragment';
    throw new WebhookUrlError(
      'query',
      `Webhook URL ${where} must not have ${part}: remove it; the client sets ?wait and ?thread_id itself`,
    );
  }
}

/**
 * Parses and checks a webhook URL: https on discord.com, discordapp.com, ptb.discord.com or canary.discord.com (or
 * http/https on an allowed host) with the path `/api[/vN]/webhooks/<17-20 digit id>/<token>` and an optional
 * trailing slash. Query strings are rejected rather than silently dropped.
 * @throws WebhookUrlError naming what is wrong; the message shows the URL as `…/webhooks/<id>/***`
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
export function parseWebhookUrl(url: string, options: ParseWebhookUrlOptions = {}): WebhookTarget {
  const input = trimWhitespace(url);
  if (input === '') throw new WebhookUrlError('empty', `Webhook URL is empty (expected ${EXPECTED})`);
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    throw new WebhookUrlError('not-a-url', `Webhook URL is not an absolute URL (expected ${EXPECTED})`);
  }
  checkOrigin(parsed, options.allowedHosts ?? []);
  const where = shown(parsed);
  const match = PATH.exec(parsed.pathname);
  if (!match) {
    throw new WebhookUrlError('path', `Webhook URL ${where} must have the path /api[/vN]/webhooks/<id>/<token>`);
  }
  const [, version, id = '', token, extra] = match;
  const apiVersion = version === undefined ? undefined : Number(version);
  if (apiVersion !== undefined && apiVersion < MIN_API_VERSION) {
    throw new WebhookUrlError(
      'version',
      `Webhook URL ${where} uses API v${apiVersion}, which Discord discontinued; use /api/v10/`,
    );
  }
  if (apiVersion !== undefined && apiVersion > DISCORDAPP_MAX_VERSION && parsed.hostname === 'discordapp.com') {
    throw new WebhookUrlError(
      'version',
      `Webhook URL ${where}: discordapp.com does not serve API v${apiVersion}; use discord.com`,
    );
  }
  if (!isSnowflake(id)) {
    throw new WebhookUrlError(
      'id',
      `Webhook URL ${where} has an invalid webhook id: expected a snowflake of 17-20 digits`,
    );
  }
  if (token === undefined || token === '') {
    throw new WebhookUrlError('token', `Webhook URL ${where} is missing the token after the webhook id`);
  }
  if (!TOKEN.test(token)) {
    throw new WebhookUrlError('token', `Webhook URL ${where} has a token with characters other than A-Z a-z 0-9 . _ -`);
  }
  if (extra !== undefined && extra !== '/') {
    throw new WebhookUrlError('path', `Webhook URL ${where} has extra path segments after the token; remove them`);
  }
  return { id, token, apiBase: `${parsed.origin}/api${version === undefined ? '' : `/v${version}`}`, apiVersion };
}

/** The target as it may be logged: `https://discord.com/api/v10/webhooks/<id>/***`. */
export function describeTarget(target: WebhookTarget): string {
  return `${target.apiBase}/webhooks/${target.id}/***`;
}

/**
 * Replaces every `/webhooks/<id>/<token>` (also percent-encoded) with `/webhooks/<id>/***` and every occurrence of
 * the given tokens with `***`. Run it on anything that may have seen a URL: error messages, logs, response bodies.
 * @default tokens []
 */
export function redactSecrets(text: string, tokens: readonly string[] = []): string {
  let out = text;
  for (const token of tokens) if (token !== '') out = out.split(token).join('***');
  // Also `webhooks\/<id>\/<token>`: JSON may escape its slashes.
  return out.replace(/(webhooks(?:\/|%2F|\\\/)\d+(?:\/|%2F|\\\/))[A-Za-z0-9._-]+/gi, '$1***');
}
