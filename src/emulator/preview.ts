import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type EmulatorContext, webhookInfo } from './context';

/**
 * `GET /`: a minimal index of webhooks with links to their messages and requests as JSON. Kept in its own module
 * so the rendered preview page can replace it without touching the server.
 */
export function handlePreview(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('405 Method Not Allowed');
    return;
  }
  const counts = ctx.store.counts;
  const rows = ctx.store
    .webhooks()
    .map((record) => {
      const webhook = webhookInfo(ctx, record);
      const id = encodeURIComponent(webhook.id);
      const state = webhook.deleted ? ' (deleted)' : '';
      return (
        `<li><strong>${escapeHtml(webhook.name)}</strong>${state} <code>${escapeHtml(webhook.id)}</code> ` +
        `channel <code>${escapeHtml(webhook.channelId)}</code> — ` +
        `<a href="/_emulator/messages?webhookId=${id}">messages</a>, ` +
        `<a href="/_emulator/requests?webhookId=${id}">requests</a></li>`
      );
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Discord webhook emulator</title></head>
<body>
<h1>Discord webhook emulator</h1>
<p>${counts.webhooks} webhooks, ${counts.messages} messages, ${counts.requests} recorded requests.</p>
<ul>
${rows || '<li>No webhooks yet: POST /_emulator/webhooks</li>'}
</ul>
<p>JSON: <a href="/_emulator/messages">all messages</a>, <a href="/_emulator/requests">all requests</a>,
<a href="/_emulator/webhooks">webhooks</a>, <a href="/_emulator/rate-limits">rate limits</a>,
<a href="/_emulator/health">health</a>; live events: <a href="/_emulator/events">/_emulator/events</a> (SSE).</p>
</body>
</html>
`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(html)) });
  res.end(req.method === 'HEAD' ? undefined : html);
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
