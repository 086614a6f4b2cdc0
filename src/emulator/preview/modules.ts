import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';

/** Where the page loads npm packages from; an import map sends bare specifiers here. */
const MODULES_ROUTE = '/_preview/modules/';

/**
 * The browser's module graph: the Discord renderer and what it imports, each resolved from the package that
 * depends on it (so a nested copy would be found too). Nothing else in node_modules is served.
 */
const BROWSER_PACKAGES = [
  { name: '@skyra/discord-components-core', from: null },
  { name: 'lit', from: '@skyra/discord-components-core' },
  { name: '@lit/context', from: '@skyra/discord-components-core' },
  { name: 'lit-html', from: 'lit' },
  { name: 'lit-element', from: 'lit' },
  { name: '@lit/reactive-element', from: 'lit' },
] as const satisfies readonly { name: string; from: string | null }[];

/** Only these files are served from a package: code, source maps and styles. */
const SERVED_EXTENSIONS = /\.(?:js|mjs|css|map)$/;

type ExportTarget = string | { [condition: string]: ExportTarget } | null | undefined;

let packages: ReadonlyMap<string, { root: string; entry: string }> | undefined;

/**
 * Finds the browser packages the way Node would (from src/ under Jest and from lib/), with each entry point as a
 * browser bundler picks it: `exports['.']` by the browser, import and default conditions, else `module` or `main`.
 * @throws {Error} naming the package when one is not installed.
 */
function browserPackages(): ReadonlyMap<string, { root: string; entry: string }> {
  if (packages) return packages;
  const found = new Map<string, { root: string; entry: string }>();
  for (const { name, from } of BROWSER_PACKAGES) {
    const base = from === null ? __filename : join(found.get(from)?.root ?? '', 'package.json');
    const root = (createRequire(base).resolve.paths(name) ?? [])
      .map((dir) => join(dir, name))
      .find((dir) => existsSync(join(dir, 'package.json')));
    if (!root) throw new Error(`the preview needs the npm package ${name}: run npm install`);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, ExportTarget>;
    const exportsField = manifest.exports;
    const dot =
      typeof exportsField === 'object' && exportsField !== null && '.' in exportsField
        ? exportsField['.']
        : exportsField;
    const entry = pickCondition(dot) ?? pickCondition(manifest.module) ?? pickCondition(manifest.main) ?? 'index.js';
    found.set(name, { root, entry: entry.replace(/^\.\//, '') });
  }
  return (packages = found);
}

function pickCondition(target: ExportTarget): string | undefined {
  if (typeof target === 'string' || !target) return target ?? undefined;
  for (const condition of ['browser', 'import', 'default']) {
    const picked = pickCondition(target[condition]);
    if (picked) return picked;
  }
  return undefined;
}

/** The import map that lets the page `import '@skyra/discord-components-core'` and lets lit find its parts. */
export function importMap(): { imports: Record<string, string> } {
  const imports: Record<string, string> = {};
  for (const [name, { entry }] of browserPackages()) {
    imports[name] = `${MODULES_ROUTE}${name}/${entry}`;
    imports[`${name}/`] = `${MODULES_ROUTE}${name}/`;
  }
  return { imports };
}

/**
 * The file behind `/_preview/modules/<package>/<path>`, or `undefined` when the package is not a browser package,
 * the path leaves the package, or the file is not code.
 */
export function moduleFile(pathname: string): string | undefined {
  if (!pathname.startsWith(MODULES_ROUTE)) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(pathname.slice(MODULES_ROUTE.length));
  } catch {
    return undefined;
  }
  const [name, pkg] = [...browserPackages()].find(([candidate]) => rest.startsWith(`${candidate}/`)) ?? [];
  const relative = rest.slice((name?.length ?? 0) + 1);
  if (!pkg || !SERVED_EXTENSIONS.test(relative) || relative.includes('\0')) return undefined;
  const file = resolve(pkg.root, relative);
  return file.startsWith(pkg.root + sep) && existsSync(file) ? file : undefined;
}
