// A user's clone has nothing beside it: no file the project runs, tests or benchmarks may reach outside the
// repository. And the vendored Discord spec is exactly what the refresh script makes of it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the refresh script is plain CommonJS
const { vendor, reachableSchemas, ROOT_SCHEMAS } = require('../../scripts/vendor-discord-openapi.js') as {
  vendor(text: string, source: { from: string; commit?: string }): { components: { schemas: object } };
  reachableSchemas(schemas: object, roots: string[]): string[];
  ROOT_SCHEMAS: string[];
};

const ROOT = resolve(__dirname, '..', '..');
const SCANNED = ['src', 'test', 'scripts', 'bench', '.ci', 'examples'];
const SKIPPED = new Set(['fixtures', 'node_modules', '__pycache__', '.venv']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : filesUnder(path);
    return /\.(ts|js|mjs|cjs|py|sh|json|md|txt)$|^run$/.test(entry.name) ? [path] : [];
  });
}

const inside = (path: string) => !relative(ROOT, path).startsWith('..');

/** Relative paths a file names that resolve outside the repository, and absolute paths into a workspace. */
function escapes(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const [, path] of text.matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)) {
    if (!inside(resolve(dirname(file), path!))) found.push(path!);
  }
  // join(__dirname, '..', '..', ...): count the '..' segments.
  for (const [call] of text.matchAll(/__dirname((?:\s*,\s*['"]\.\.['"])+)/g)) {
    const ups = (call.match(/\.\./g) ?? []).length;
    if (!inside(resolve(dirname(file), ...Array<string>(ups).fill('..')))) found.push(call);
  }
  for (const [match] of text.matchAll(/\.\.\/shared\b|\/work\/(?:shared|main|wt-)[^\s'"`]*/g)) found.push(match);
  return found;
}

test('nothing in src, test, scripts, bench, .ci or examples names a path outside the repository', () => {
  const files = SCANNED.flatMap((dir) => {
    try {
      return filesUnder(join(ROOT, dir));
    } catch {
      return [];
    }
  });
  expect(files.length).toBeGreaterThan(200);
  const outside = files
    .map((file) => ({ file: relative(ROOT, file), paths: escapes(file) }))
    .filter(({ paths }) => paths.length > 0);
  expect(outside).toEqual([]);
});

describe('the vendored Discord OpenAPI schemas', () => {
  const file = join(ROOT, 'test', 'fixtures', 'discord-api-spec', 'webhook-schemas.json');
  const vendored = JSON.parse(readFileSync(file, 'utf8')) as {
    'x-vendored': { repository: string; commit: string; sha256: string; license: { identifier: string } };
    info: { version: string };
    components: { schemas: Record<string, unknown> };
  };

  test('say where they come from: repository, commit, checksum, API version and licence', () => {
    expect(vendored['x-vendored']).toMatchObject({
      repository: 'https://github.com/discord/discord-api-spec',
      commit: '74fda0fa',
      sha256: '8c1d0707ccdf8e380a86dfba04058820a66435c1b69d5ed82e04dd8c0520dd73',
      license: { identifier: 'MIT' },
    });
    expect(vendored.info.version).toBe('10');
  });

  test('hold the two webhook request schemas and exactly the schemas they reference', () => {
    const names = Object.keys(vendored.components.schemas);
    expect(ROOT_SCHEMAS).toEqual(['IncomingWebhookRequestPartial', 'IncomingWebhookUpdateRequestPartial']);
    expect(reachableSchemas(vendored.components.schemas, ROOT_SCHEMAS)).toEqual(names);
    expect(names).toContain('RichEmbed');
    expect(names).toContain('MessageAllowedMentionsRequest');
  });

  test('are what the refresh script makes of them (it is idempotent)', () => {
    const again = vendor(readFileSync(file, 'utf8'), { from: 'test' });
    expect(again.components).toEqual(vendored.components);
  });
});
