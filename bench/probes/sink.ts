/** A plain HTTP sink answering every POST like Discord's `?wait=true` (a message object), for probes without limits. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sink {
  /** A webhook URL on the sink (a syntactically valid id and token). */
  url: string;
  /** `host:port`, for `DISCORD_ALLOWED_HOSTS`. */
  host: string;
  received(): number;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          id: String(received),
          channel_id: '1',
          content: '',
          embeds: [],
          timestamp: new Date().toISOString(),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}/api/webhooks/123456789012345678/probe-token-abcdefghijklmnopqrstuvwxyz`,
    host,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
