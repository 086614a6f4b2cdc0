#!/usr/bin/env node
// Refreshes test/fixtures/discord-api-spec/webhook-schemas.json: the parts of Discord's official OpenAPI spec
// (github.com/discord/discord-api-spec, specs/openapi.json, MIT) that the tests validate payloads against, with every
// schema they reference, so the tests need nothing outside the repository.
//
//   node scripts/vendor-discord-openapi.js <openapi.json path or https URL> [--commit <sha>] [--out <file>]
//
// The URL of one commit's file is https://raw.githubusercontent.com/discord/discord-api-spec/<sha>/specs/openapi.json.
// The output is deterministic (schemas sorted by name), so a refresh shows as a reviewable diff.
'use strict';
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { parseArgs } = require('node:util');

/** The request bodies of Execute Webhook and Edit Webhook Message: what test/helpers/openapi.ts validates against. */
const ROOT_SCHEMAS = ['IncomingWebhookRequestPartial', 'IncomingWebhookUpdateRequestPartial'];
const DEFAULT_OUT = join(__dirname, '..', 'test', 'fixtures', 'discord-api-spec', 'webhook-schemas.json');
const REPOSITORY = 'https://github.com/discord/discord-api-spec';

/** Every `#/components/schemas/<name>` reachable from `roots`. */
function reachableSchemas(schemas, roots) {
  const found = new Set();
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop();
    if (found.has(name)) continue;
    if (!schemas[name]) throw new Error(`the spec has no schema "${name}"`);
    found.add(name);
    const text = JSON.stringify(schemas[name]);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) pending.push(ref);
  }
  return [...found].sort();
}

/** The vendored document: the source, its licence and version, and the schemas. */
function vendor(specText, source) {
  const spec = JSON.parse(specText);
  const schemas = spec.components?.schemas;
  if (!schemas) throw new Error('not an OpenAPI document with components.schemas');
  const names = reachableSchemas(schemas, ROOT_SCHEMAS);
  return {
    'x-vendored': {
      repository: REPOSITORY,
      path: 'specs/openapi.json',
      commit: source.commit ?? null,
      from: source.from,
      sha256: createHash('sha256').update(specText).digest('hex'),
      bytes: Buffer.byteLength(specText),
      license: spec.info?.license ?? null,
      roots: ROOT_SCHEMAS,
      refresh: 'node scripts/vendor-discord-openapi.js <openapi.json path or URL> --commit <sha>',
    },
    openapi: spec.openapi,
    info: spec.info,
    components: { schemas: Object.fromEntries(names.map((name) => [name, schemas[name]])) },
  };
}

async function readSpec(from) {
  if (!/^https?:\/\//i.test(from)) return readFileSync(from, 'utf8');
  const response = await fetch(from, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`${from} answered ${response.status}`);
  return response.text();
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { commit: { type: 'string' }, out: { type: 'string' } },
  });
  const [from] = positionals;
  if (!from || positionals.length > 1) {
    console.error(
      'Usage: node scripts/vendor-discord-openapi.js <openapi.json path or URL> [--commit <sha>] [--out <file>]',
    );
    return 2;
  }
  const out = values.out ?? DEFAULT_OUT;
  // A path is recorded relative to nothing on this machine: only its file name says where it came from.
  const shownFrom = /^https?:\/\//i.test(from) ? from : `specs/openapi.json (local copy)`;
  const document = vendor(await readSpec(from), { from: shownFrom, commit: values.commit });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  const count = Object.keys(document.components.schemas).length;
  console.log(
    `${relative(process.cwd(), out) || out}: ${count} schemas from ${shownFrom} (sha256 ${document['x-vendored'].sha256.slice(0, 12)}…)`,
  );
  return 0;
}

module.exports = { vendor, reachableSchemas, ROOT_SCHEMAS };

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`vendor-discord-openapi: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
