import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type EmulatorContext } from './context';

/** Comment lines keep idle proxies and browsers from closing the stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Opens a Server-Sent Events stream of message events (`message-created`, `message-updated`, `message-deleted`);
 * each `data:` line is the stored message as JSON, `id:` its event sequence number.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export function openEventStream(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.write('retry: 1000\n: connected\n\n');
  const unsubscribe = ctx.store.subscribe((event) => {
    res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  ctx.streams.add(res);
  res.once('close', () => {
    unsubscribe();
    clearInterval(heartbeat);
    ctx.streams.delete(res);
  });
}
