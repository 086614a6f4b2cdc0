import { createReadStream, statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type EmulatorContext } from '../context';
import { appFile, contentTypeOf, DEFAULT_AVATAR_ROUTE, DEFAULT_AVATAR_SVG } from './assets';
import { moduleFile } from './modules';
import { previewPage } from './page';
import { previewState } from './view-model';

/** Everything the preview serves besides `/` lives under this prefix. */
export const PREVIEW_PREFIX = '/_preview/';

/** True for the paths the preview serves: the page at `/` and everything under `/_preview/`. */
export function isPreviewPath(pathname: string): boolean {
  return pathname === '/' || pathname.startsWith(PREVIEW_PREFIX);
}

/** The rendered state of every message; the page fetches it on load, on each event, and when polling. */
export const STATE_ROUTE = '/_preview/api/state';

/** npm packages are versioned by the install: let the browser keep them a while. */
const PACKAGE_MAX_AGE_S = 300;

/**
 * Serves the preview: the page at `/`, its state as JSON, its own scripts, the npm packages it imports, and the
 * default avatar. GET and HEAD only.
 */
export function handlePreviewRoute(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return text(res, req, 405, '405 Method Not Allowed', { Allow: 'GET, HEAD' });
  }
  const path = url.pathname;
  if (path === '/') {
    const page = previewPage(ctx.store.webhooks());
    return send(res, req, 200, page.html, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': page.csp,
      'Cache-Control': 'no-store',
    });
  }
  if (path === STATE_ROUTE) {
    const state = previewState(ctx, { nowMs: ctx.clock() });
    return send(res, req, 200, JSON.stringify(state), {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  }
  if (path === DEFAULT_AVATAR_ROUTE) {
    return send(res, req, 200, DEFAULT_AVATAR_SVG, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': `max-age=${PACKAGE_MAX_AGE_S}`,
    });
  }
  const app = appFile(path);
  if (app) return sendFile(res, req, app, 'no-cache');
  const pkg = moduleFile(path);
  if (pkg) return sendFile(res, req, pkg, `max-age=${PACKAGE_MAX_AGE_S}`);
  text(res, req, 404, `404 Not Found: ${path}`);
}

function sendFile(res: ServerResponse, req: IncomingMessage, file: string, cacheControl: string): void {
  const size = statSync(file).size;
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': String(size),
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function text(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  send(res, req, status, body, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
