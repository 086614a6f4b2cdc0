import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { type EmulatorContext } from '../context';
import { importMap, moduleFile } from './modules';
import { previewState } from './view-model';

const PREFIX = '/_preview/';
const APP = `${PREFIX}app/`;
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};
/** npm packages and the avatar change only with an install: the browser may keep them a while. */
const MAX_AGE_S = 300;

/** True for the paths the preview serves: the page at `/` and everything under `/_preview/`. */
export function isPreviewPath(pathname: string): boolean {
  return pathname === '/' || pathname.startsWith(PREFIX);
}

/**
 * Serves the preview, GET and HEAD only: the page at `/`, its state as JSON (`/_preview/api/state`), its own code from
 * `client/` (`/_preview/app/...`), the default avatar, and the npm packages it imports (`/_preview/modules/...`).
 */
export function handlePreviewRoute(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  req.resume();
  const path = url.pathname;
  const send = (status: number, body: string, headers: Record<string, string>) => {
    res.writeHead(status, {
      ...headers,
      'Content-Length': String(Buffer.byteLength(body)),
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const text = 'text/plain; charset=utf-8';
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(405, '405 Method Not Allowed', { 'Content-Type': text, Allow: 'GET, HEAD' });
  }
  if (path === '/') {
    const { html, csp } = previewPage();
    return send(200, html, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-store',
    });
  }
  if (path === `${PREFIX}api/state`) {
    const state = JSON.stringify(previewState(ctx, { nowMs: ctx.clock() }));
    return send(200, state, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  }
  const app = path.startsWith(APP) ? clientFile(path.slice(APP.length)) : undefined;
  const file = app ?? (path === `${PREFIX}default-avatar.svg` ? clientFile('default-avatar.svg') : moduleFile(path));
  if (!file) return send(404, `404 Not Found: ${path}`, { 'Content-Type': text });
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(statSync(file).size),
    'Cache-Control': app ? 'no-cache' : `max-age=${MAX_AGE_S}`,
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
}

/**
 * The page (`client/index.html`) with the import map for the Discord renderer under a fresh nonce. The CSP
 * allows scripts only from the emulator (plus the import map, by a per-response nonce), so even a rendering bug could
 * not run an inline handler from a message; images may come from anywhere, as avatars do on Discord.
 */
function previewPage(): { html: string; csp: string } {
  const nonce = randomBytes(16).toString('base64');
  // `<` is escaped so no package path could ever close the script element.
  const map = JSON.stringify(importMap()).replace(/</g, '\\u003c');
  const html = readFileSync(clientFile('index.html') ?? '', 'utf8')
    .replace('%NONCE%', nonce)
    .replace('%IMPORT_MAP%', () => map);
  const csp =
    `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src * data:; ` +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return { html, csp };
}

let clientFiles: ReadonlyMap<string, string> | undefined;

/**
 * A file of the page's own code (plain ES modules, CSS and the default avatar in `client/`, which tsc does not
 * compile; `npm run build` copies them next to the compiled emulator). Only files listed in `client/` are served.
 */
function clientFile(name: string): string | undefined {
  if (!clientFiles) {
    const dir = [join(__dirname, 'client'), resolve(__dirname, '../../../src/emulator/preview/client')].find(
      (candidate) => existsSync(join(candidate, 'app.js')),
    );
    if (!dir) throw new Error(`the preview's browser files are missing next to ${__dirname}`);
    clientFiles = new Map(readdirSync(dir).map((file) => [file, join(dir, file)]));
  }
  return clientFiles.get(name);
}
