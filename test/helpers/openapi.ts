// Validates values against Discord's official OpenAPI spec (discord/discord-api-spec, OpenAPI 3.1 = JSON Schema
// 2020-12), so tests check our payloads against Discord's own published schema, not only against our zod schemas.
// The schemas are vendored in test/fixtures/discord-api-spec (source, commit and licence in its README.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The vendored webhook schemas (refreshed by `node scripts/vendor-discord-openapi.js`); `DISCORD_OPENAPI_SPEC` may
 * point at a whole `openapi.json` instead, e.g. to try a newer spec before vendoring it.
 */
export const DISCORD_OPENAPI_SPEC_PATH =
  process.env.DISCORD_OPENAPI_SPEC ||
  path.join(__dirname, '..', 'fixtures', 'discord-api-spec', 'webhook-schemas.json');

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function load(): Ajv2020 {
  if (ajv) return ajv;
  const spec = JSON.parse(readFileSync(DISCORD_OPENAPI_SPEC_PATH, 'utf8')) as { components: { schemas: object } };
  // strict: false because the spec uses OpenAPI keywords and Discord's own formats (snowflake, int64...).
  const instance = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(instance);
  for (const format of ['snowflake', 'int32', 'int64', 'double', 'float']) instance.addFormat(format, true);
  instance.addSchema({ $id: 'discord', components: spec.components });
  ajv = instance;
  return instance;
}

/**
 * Validates `value` against `#/components/schemas/<schemaName>` of Discord's spec, e.g.
 * `validateAgainstDiscordSpec('IncomingWebhookRequestPartial', message)`.
 */
export function validateAgainstDiscordSpec(
  schemaName: string,
  value: unknown,
): { valid: boolean; errors: ErrorObject[] } {
  const instance = load();
  let validate = validators.get(schemaName);
  if (!validate) {
    validate = instance.compile({ $ref: `discord#/components/schemas/${schemaName}` });
    validators.set(schemaName, validate);
  }
  const valid = validate(value);
  return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
}
