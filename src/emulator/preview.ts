import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type EmulatorContext } from './context';
import { handlePreviewRoute, PREVIEW_PREFIX } from './preview/routes';

/** True for the paths the preview serves: the page at `/` and its assets and state under `/_preview/`. */
export function isPreviewPath(pathname: string): boolean {
  return pathname === '/' || pathname.startsWith(PREVIEW_PREFIX);
}

/**
 * `GET /` and `GET /_preview/...`: a Discord-like page of every message the emulator received, per webhook, with
 * live updates from `GET /_emulator/events`. The code lives in `preview/`; see the emulator README.
 */
export function handlePreview(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  handlePreviewRoute(ctx, req, res, url);
}
