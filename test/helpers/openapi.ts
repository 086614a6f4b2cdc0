// Validates values against Discord's official OpenAPI spec (discord/discord-api-spec, OpenAPI 3.1 = JSON Schema
// 2020-12), so tests check our payloads against Discord's own published schema, not only against our zod schemas.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Where the spec lives: `DISCORD_OPENAPI_SPEC`, else `../shared/discord-api-spec/openapi.json` next to the clone. */
export const DISCORD_OPENAPI_SPEC_PATH =
  process.env.DISCORD_OPENAPI_SPEC ?? path.resolve(__dirname, '../../../shared/discord-api-spec/openapi.json');

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
