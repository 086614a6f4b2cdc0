import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';

/** Where the page loads npm packages from; an import map sends bare specifiers here. */
export const MODULES_ROUTE = '/_preview/modules/';

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

/** A package the browser may load, with its directory and entry point. */
export interface BrowserPackage {
  readonly name: string;
  readonly root: string;
  /** Path of the entry point (`exports['.']`, browser/import/default), relative to `root`. */
  readonly entry: string;
}

let cached: ReadonlyMap<string, BrowserPackage> | undefined;

/**
 * Finds the browser packages in node_modules the way Node would (works from src/ under ts-jest and from lib/).
 * @throws {Error} naming the package when one is not installed.
 */
export function browserPackages(): ReadonlyMap<string, BrowserPackage> {
  if (cached) return cached;
  const found = new Map<string, BrowserPackage>();
  for (const { name, from } of BROWSER_PACKAGES) {
    const base = from === null ? __filename : join(found.get(from)?.root ?? '', 'package.json');
    const root = packageRoot(name, base);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
    found.set(name, { name, root, entry: entryPoint(manifest) });
  }
  cached = found;
  return found;
}

/** The import map that lets the page `import '@skyra/discord-components-core'` and lets lit find its parts. */
export function importMap(): { imports: Record<string, string> } {
  const imports: Record<string, string> = {};
  for (const pkg of browserPackages().values()) {
    imports[pkg.name] = `${MODULES_ROUTE}${pkg.name}/${pkg.entry}`;
    imports[`${pkg.name}/`] = `${MODULES_ROUTE}${pkg.name}/`;
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
  const pkg = [...browserPackages().values()].find((candidate) => rest.startsWith(`${candidate.name}/`));
  if (!pkg) return undefined;
  const relative = rest.slice(pkg.name.length + 1);
  if (!SERVED_EXTENSIONS.test(relative) || relative.includes('\0')) return undefined;
  const file = resolve(pkg.root, relative);
  if (!file.startsWith(pkg.root + sep) || !existsSync(file)) return undefined;
  return file;
}

type ExportTarget = string | { [condition: string]: ExportTarget } | null | undefined;
type Manifest = { exports?: ExportTarget | Record<string, ExportTarget>; module?: string; main?: string };

function packageRoot(name: string, base: string): string {
  const paths = createRequire(base).resolve.paths(name) ?? [];
  for (const dir of paths) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`the preview needs the npm package ${name}: run npm install`);
}

function entryPoint(manifest: Manifest): string {
  const exportsField = manifest.exports;
  const dot = isRecord(exportsField) && '.' in exportsField ? exportsField['.'] : exportsField;
  const target = pickCondition(dot) ?? manifest.module ?? manifest.main ?? 'index.js';
  return target.replace(/^\.\//, '');
}

/** Follows export conditions as a browser bundler would: browser, then import, then default. */
function pickCondition(target: ExportTarget): string | undefined {
  if (typeof target === 'string') return target;
  if (!isRecord(target)) return undefined;
  for (const condition of ['browser', 'import', 'default']) {
    const picked = pickCondition(target[condition]);
    if (picked) return picked;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, ExportTarget> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
