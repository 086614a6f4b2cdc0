import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the page's own scripts and styles are served from. */
export const APP_ROUTE = '/_preview/app/';

/** The avatar shown when a message has no usable `avatar_url`, served locally (the preview never needs internet). */
export const DEFAULT_AVATAR_ROUTE = '/_preview/default-avatar.svg';

/** Discord's "blurple" default avatar: a round badge with a simplified Clyde face. */
export const DEFAULT_AVATAR_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80" width="80" height="80">
<circle cx="40" cy="40" r="40" fill="#5865f2"/>
<path fill="#fff" d="M56.3 26.7a33.6 33.6 0 0 0-8.3-2.6l-1 2.1a31 31 0 0 0-9.3 0l-1.1-2.1a33.5 33.5 0 0 0-8.3 2.6
C23 34.6 21.6 42.3 22.3 49.9a33.8 33.8 0 0 0 10.2 5.2l2.2-3.6a21.8 21.8 0 0 1-3.5-1.7l.9-.7a24.1 24.1 0 0 0 20.6 0
l.9.7c-1.1.7-2.3 1.2-3.5 1.7l2.2 3.6a33.7 33.7 0 0 0 10.2-5.2c.9-8.8-1.4-16.4-6.2-23.2zM35.2 45.2c-2 0-3.7-1.9-3.7
-4.1s1.6-4.1 3.7-4.1 3.7 1.9 3.7 4.1-1.6 4.1-3.7 4.1zm13.6 0c-2 0-3.7-1.9-3.7-4.1s1.6-4.1 3.7-4.1 3.7 1.9 3.7
4.1-1.6 4.1-3.7 4.1z"/>
</svg>
`;

const CONTENT_TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
} as const satisfies Record<string, string>;

/** The Content-Type for a served file, by extension. */
export function contentTypeOf(file: string): string {
  const extension = Object.keys(CONTENT_TYPES).find((ext) => file.endsWith(ext)) as
    keyof typeof CONTENT_TYPES | undefined;
  return extension ? CONTENT_TYPES[extension] : 'application/octet-stream';
}

/**
 * The page's browser code (plain ES modules and CSS in `client/`, which tsc does not compile). From src/ they sit
 * next to this file; from the compiled lib/ they are read from the source tree.
 */
function clientDirectory(): string {
  const candidates = [
    join(__dirname, 'client'),
    resolve(__dirname, '..', '..', '..', 'src', 'emulator', 'preview', 'client'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'app.js')));
  if (!found) throw new Error(`the preview's browser files are missing; looked in ${candidates.join(' and ')}`);
  return found;
}

let clientFiles: ReadonlyMap<string, string> | undefined;

/** The file behind `/_preview/app/<name>`, or `undefined`. Only files listed in `client/` are served. */
export function appFile(pathname: string): string | undefined {
  if (!pathname.startsWith(APP_ROUTE)) return undefined;
  if (!clientFiles) {
    const dir = clientDirectory();
    clientFiles = new Map(readdirSync(dir).map((name) => [name, join(dir, name)]));
  }
  return clientFiles.get(pathname.slice(APP_ROUTE.length));
}
