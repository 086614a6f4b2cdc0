import { randomBytes } from 'node:crypto';
import { APP_ROUTE, DEFAULT_AVATAR_ROUTE } from './assets';
import { importMap } from './modules';

/** The page and the Content-Security-Policy that goes with it. */
export interface PreviewPage {
  readonly html: string;
  readonly csp: string;
}

/**
 * The preview page's shell: an import map for the Discord renderer, the app module, and the empty regions the app
 * fills. The CSP allows scripts only from the emulator (plus the import map by nonce), so even a rendering bug
 * could not run an inline handler from a message; images may come from anywhere, as avatars do on Discord.
 * The webhook list is drawn here too (the app redraws it), so the JSON links work without JavaScript.
 */
export function previewPage(webhooks: readonly { id: string; name: string; deleted: boolean }[]): PreviewPage {
  const nonce = randomBytes(16).toString('base64');
  // `<` is escaped so no package path could ever close the script element.
  const map = JSON.stringify(importMap()).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Discord preview · webhook emulator</title>
<link rel="icon" href="${DEFAULT_AVATAR_ROUTE}">
<link rel="stylesheet" href="${APP_ROUTE}preview.css">
<script type="importmap" nonce="${nonce}">${map}</script>
<script type="module" src="${APP_ROUTE}app.js"></script>
</head>
<body>
<header class="preview-header">
  <h1><span class="preview-hash">#</span> webhook preview</h1>
  <span id="preview-status" class="preview-status" data-transport="connecting">connecting…</span>
  <span class="preview-links">JSON: <a href="/_emulator/messages">messages</a> · <a href="/_emulator/requests">requests</a>
  · <a href="/_emulator/webhooks">webhooks</a></span>
</header>
<nav id="preview-tabs" class="preview-tabs" aria-label="Webhooks">${webhooks.map(webhookTab).join('')}</nav>
<main class="preview-main">
  <p id="preview-empty" class="preview-empty">No messages yet. Send one to a webhook URL from <code>GET /_emulator/webhooks</code>.</p>
  <discord-messages id="preview-messages"></discord-messages>
</main>
<noscript>The preview needs JavaScript; the raw messages are at /_emulator/messages.</noscript>
</body>
</html>
`;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    'img-src * data:',
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, csp };
}

/** A webhook's name, id and a link to its messages as JSON; the same markup the app draws. */
function webhookTab(webhook: { id: string; name: string; deleted: boolean }): string {
  const name = escapeHtml(webhook.deleted ? `${webhook.name} (deleted)` : webhook.name);
  const id = escapeHtml(webhook.id);
  const json = `/_emulator/messages?webhookId=${encodeURIComponent(webhook.id)}`;
  return (
    `<span class="preview-tab-group"><span class="preview-tab"><span class="preview-tab-name">${name}</span> ` +
    `<code>${id}</code></span><a class="preview-tab-json" href="${escapeHtml(json)}">JSON</a></span>`
  );
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
