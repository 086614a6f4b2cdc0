/**
 * The payload codec's parts of the environment (TEMPORAL_CODEC_*): the keys (every process that reads or writes
 * payloads) and the codec server's own settings. Kept here so the key rules live next to the codec. Never echoes key
 * material.
 */
import { z } from 'zod';
import { addProblems } from '../config-compose';
import { integer, optionalString, withDefault } from '../config-values';

/** AES-256 needs exactly 32 key bytes. */
export const CODEC_KEY_BYTES = 32;

/** A key id is stored in every encrypted payload's metadata: short, printable, no separators. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const KEY_HINT = `base64 of exactly ${CODEC_KEY_BYTES} random bytes, e.g. the output of node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

/** The keys a codec encrypts with (the current one) and decrypts with (all of them, by key id). */
export interface CodecKeys {
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

/** What the codec server listens on and whom it answers. */
export interface CodecServerSettings {
  readonly host: string;
  readonly port: number;
  /** Browser origins allowed to call it (the Web UI's), exact `scheme://host[:port]`. */
  readonly corsOrigins: readonly string[];
  /** When set, requests need `Authorization: Bearer <token>` (TEMPORAL_CODEC_AUTH, with or without `Bearer `). */
  readonly authToken: string | undefined;
}

/**
 * Decodes a base64 key of exactly 32 bytes.
 * @throws {Error} without the value in the message
 */
export function decodeCodecKey(value: string): Uint8Array {
  const text = value.trim();
  const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!bytes || bytes.length !== CODEC_KEY_BYTES) throw new Error(`must be ${KEY_HINT}`);
  return new Uint8Array(bytes);
}

/**
 * Parses `id:base64,id:base64` (keys that only decrypt: kept after a rotation until old histories expire).
 * @throws {Error} naming the entry by position and id, never by key
 */
export function parsePreviousKeys(value: string): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>();
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator).trim() : '';
    if (!KEY_ID_PATTERN.test(id)) throw new Error(`entry ${index + 1} must be <key id>:<base64 key>`);
    if (keys.has(id)) throw new Error(`key id "${id}" appears twice`);
    try {
      keys.set(id, decodeCodecKey(entry.slice(separator + 1)));
    } catch (error) {
      throw new Error(`key "${id}" ${(error as Error).message}`);
    }
  });
  return keys;
}

function parseOrigins(value: string, problems: string[]): string[] {
  const origins: string[] = [];
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry.replace(/\/$/, '')) {
        origin = url.origin;
      }
    } catch {
      // reported below
    }
    if (origin) origins.push(origin);
    else problems.push(`TEMPORAL_CODEC_CORS_ORIGINS: "${entry}" is not an origin like http://localhost:8080`);
  }
  return origins;
}

/** The key variables, already trimmed (empty = undefined). */
interface CodecKeyEnv {
  TEMPORAL_CODEC_KEY?: string | undefined;
  TEMPORAL_CODEC_KEY_ID?: string | undefined;
  TEMPORAL_CODEC_PREVIOUS_KEYS?: string | undefined;
}

/** The keys from TEMPORAL_CODEC_KEY, _KEY_ID and _PREVIOUS_KEYS, pushing one message per problem onto `problems`. */
function parseCodecKeys(env: CodecKeyEnv, problems: string[]): CodecKeys | undefined {
  const keyId = env.TEMPORAL_CODEC_KEY_ID;
  if (keyId !== undefined && !KEY_ID_PATTERN.test(keyId)) {
    problems.push(
      'TEMPORAL_CODEC_KEY_ID: must be 1-64 characters of A-Z a-z 0-9 . _ - (starting with a letter or digit)',
    );
  }
  let previous = new Map<string, Uint8Array>();
  if (env.TEMPORAL_CODEC_PREVIOUS_KEYS !== undefined) {
    try {
      previous = parsePreviousKeys(env.TEMPORAL_CODEC_PREVIOUS_KEYS);
    } catch (error) {
      problems.push(`TEMPORAL_CODEC_PREVIOUS_KEYS: ${(error as Error).message}`);
    }
  }
  if (env.TEMPORAL_CODEC_KEY === undefined) {
    if (env.TEMPORAL_CODEC_PREVIOUS_KEYS !== undefined || keyId !== undefined) {
      problems.push('TEMPORAL_CODEC_KEY: required when TEMPORAL_CODEC_KEY_ID or TEMPORAL_CODEC_PREVIOUS_KEYS is set');
    }
    return undefined;
  }
  let key: Uint8Array | undefined;
  try {
    key = decodeCodecKey(env.TEMPORAL_CODEC_KEY);
  } catch (error) {
    problems.push(`TEMPORAL_CODEC_KEY: ${(error as Error).message}`);
  }
  if (keyId === undefined) {
    problems.push(
      'TEMPORAL_CODEC_KEY_ID: required with TEMPORAL_CODEC_KEY (a new id for each new key, e.g. 2026-01), so rotated keys can be told apart',
    );
  } else if (previous.has(keyId)) {
    problems.push(`TEMPORAL_CODEC_PREVIOUS_KEYS: key id "${keyId}" is already TEMPORAL_CODEC_KEY_ID`);
  }
  if (!key || keyId === undefined || !KEY_ID_PATTERN.test(keyId)) return undefined;
  return { currentKeyId: keyId, keys: new Map([[keyId, key], ...previous]) };
}

/**
 * The payload keys: `encryption` is set when TEMPORAL_CODEC_KEY is (payloads are encrypted), else undefined (they
 * pass through unchanged). Read by every process that reads or writes payloads: the worker, the CLI, npm start.
 */
export const CodecKeysEnvSchema = z
  .object({
    TEMPORAL_CODEC_KEY: optionalString,
    TEMPORAL_CODEC_KEY_ID: optionalString,
    TEMPORAL_CODEC_PREVIOUS_KEYS: optionalString,
  })
  .transform((env, ctx) => {
    const problems: string[] = [];
    const encryption = parseCodecKeys(env, problems);
    addProblems(ctx, problems);
    return { encryption };
  });

/**
 * A variable's own parser as a field transform, so every invalid variable is named even when another is invalid too;
 * the issue's path is the variable, so the problems drop the `VARIABLE: ` they start with.
 */
const problemsAsIssues =
  <T>(parse: (value: string, problems: string[]) => T) =>
  (value: string, ctx: z.RefinementCtx): T => {
    const problems: string[] = [];
    const parsed = parse(value, problems);
    for (const problem of problems) ctx.addIssue({ code: 'custom', message: problem.replace(/^[A-Z0-9_]+: /, '') });
    return parsed;
  };

/**
 * `TEMPORAL_CODEC_AUTH`. Written as `Bearer <token>` the same variable also makes the temporal CLI send the header (it
 * reads TEMPORAL_CODEC_AUTH as the Authorization value); a bare token works for the server alone.
 */
function parseAuthToken(value: string, problems: string[]): string {
  const token = value.replace(/^Bearer\s+/i, '').trim();
  if (token.length < 16) {
    problems.push('TEMPORAL_CODEC_AUTH: the token must be at least 16 characters (e.g. "Bearer <32 random hex>")');
  }
  return token;
}

/** What the codec server listens on and whom it answers (TEMPORAL_CODEC_HOST, _PORT, _CORS_ORIGINS, _AUTH). */
export const CodecServerOptionsEnvSchema = z
  .object({
    TEMPORAL_CODEC_AUTH: optionalString.transform((value, ctx) =>
      value === undefined ? undefined : problemsAsIssues(parseAuthToken)(value, ctx),
    ),
    TEMPORAL_CODEC_CORS_ORIGINS: withDefault('http://localhost:8080').transform(problemsAsIssues(parseOrigins)),
    TEMPORAL_CODEC_HOST: withDefault('127.0.0.1'),
    TEMPORAL_CODEC_PORT: integer(1, 65_535, 8888),
  })
  .transform((env): CodecServerSettings => ({
    host: env.TEMPORAL_CODEC_HOST,
    port: env.TEMPORAL_CODEC_PORT,
    corsOrigins: env.TEMPORAL_CODEC_CORS_ORIGINS,
    authToken: env.TEMPORAL_CODEC_AUTH,
  }));
