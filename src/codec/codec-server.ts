/**
 * Codec server (`npm run codec-server`): lets the Temporal Web UI and the temporal CLI show encrypted payloads.
 * POST /encode and POST /decode take and return `{"payloads":[{"metadata":{"<key>":"<base64>"},"data":"<base64>"}]}`
 * (the proto3 JSON form of Temporal payloads). GET /health answers `ok`.
 * CORS answers only the configured Web UI origins; with TEMPORAL_CODEC_AUTH every request except the CORS
 * preflight needs `Authorization: Bearer <token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { ConfigError, loadEnv, readEnvironment } from '../config';
import { composeEnv, type Env } from '../config-compose';
import { isRecord } from '../vocabulary';
import { EncryptionCodec } from './encryption-codec';
import { CodecKeysEnvSchema, CodecServerOptionsEnvSchema } from './settings';

/** The codec server's one environment schema: the payload keys, which it cannot run without, and where it listens. */
export const CodecServerEnvSchema = composeEnv({
  codec: CodecKeysEnvSchema,
  server: CodecServerOptionsEnvSchema,
}).transform(({ codec, server }, ctx) => {
  if (!codec.encryption) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: 'TEMPORAL_CODEC_KEY: the codec server needs the payload key (and TEMPORAL_CODEC_KEY_ID)',
    });
    return z.NEVER;
  }
  return { encryption: codec.encryption, server };
});

/**
 * The codec server's configuration, validated once (TEMPORAL_CODEC_* only: nothing else stops it).
 * @throws {ConfigError} naming every invalid variable
 */
export function loadCodecServerConfig(env: Env = readEnvironment()) {
  return loadEnv(CodecServerEnvSchema, env);
}

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Browser origins allowed to call the server (CORS), exact `scheme://host[:port]`. */
  corsOrigins: readonly string[];
  /** Required bearer token; no authentication when undefined. */
  authToken?: string | undefined;
  /** Largest accepted request body. @default 16 MiB */
  maxBodyBytes?: number;
  /** Where decode/encode failures are reported (never payload contents or keys). @default console.warn */
  log?: (line: string) => void;
}

export interface RunningCodecServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ALLOWED_HEADERS = 'authorization, content-type, x-namespace';
const ROUTES = new Set(['/encode', '/decode']);

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new HttpError(400, `${where} must be a base64 string`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** `{payloads:[...]}` in the proto3 JSON form → SDK payloads. */
export function payloadsFromJson(body: unknown): Payload[] {
  if (!isRecord(body) || !Array.isArray(body.payloads)) {
    throw new HttpError(400, 'body must be {"payloads": [...]}');
  }
  return body.payloads.map((item: unknown, index): Payload => {
    if (!isRecord(item)) throw new HttpError(400, `payloads[${index}] must be an object`);
    const metadata: Record<string, Uint8Array> = {};
    if (item.metadata !== undefined && item.metadata !== null) {
      if (!isRecord(item.metadata)) throw new HttpError(400, `payloads[${index}].metadata must be an object`);
      for (const [key, value] of Object.entries(item.metadata)) {
        metadata[key] = fromBase64(value, `payloads[${index}].metadata.${key}`);
      }
    }
    const data =
      item.data === undefined || item.data === null
        ? new Uint8Array()
        : fromBase64(item.data, `payloads[${index}].data`);
    return { metadata, data };
  });
}

/** SDK payloads → the proto3 JSON form. */
export function payloadsToJson(payloads: Payload[]): { payloads: JsonPayload[] } {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) throw new HttpError(413, `body larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, `body larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time check of `Authorization: Bearer <token>`. */
function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1].trim()), digest(token));
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  response
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

/** What one request needs of the server's options. */
interface Handling {
  codec: PayloadCodec;
  allowed: ReadonlySet<string>;
  authToken: string | undefined;
  maxBodyBytes: number;
  log: (line: string) => void;
}

/**
 * Everything before the codec runs: CORS, the health route, preflight, method and bearer token. Returns true when
 * the request is answered already; throws an HttpError when it is refused.
 */
function answeredBeforeCodec(request: IncomingMessage, response: ServerResponse, path: string, how: Handling): boolean {
  const origin = request.headers.origin;
  response.setHeader('vary', 'Origin');
  if (origin !== undefined) {
    // A browser call: only the Web UI's origin may use the server.
    if (!how.allowed.has(origin)) throw new HttpError(403, `origin ${origin} is not in TEMPORAL_CODEC_CORS_ORIGINS`);
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('access-control-allow-credentials', 'true');
  }
  if (path === '/health' && (request.method === 'GET' || request.method === 'HEAD')) {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return true;
  }
  if (!ROUTES.has(path)) throw new HttpError(404, `no route ${path}; use POST /encode or POST /decode`);
  if (request.method === 'OPTIONS') {
    // CORS preflight: browsers send it without credentials, so it is answered before authentication.
    response.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    response.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    response.setHeader('access-control-max-age', '600');
    send(response, 204);
    return true;
  }
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST, OPTIONS');
    throw new HttpError(405, `${request.method} is not allowed; use POST`);
  }
  if (how.authToken !== undefined && !authorized(request.headers.authorization, how.authToken)) {
    response.setHeader('www-authenticate', 'Bearer');
    throw new HttpError(401, 'missing or wrong bearer token');
  }
  return false;
}

async function handle(request: IncomingMessage, response: ServerResponse, how: Handling): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://codec').pathname;
  if (answeredBeforeCodec(request, response, path, how)) return;
  const payloads = payloadsFromJson(await readBody(request, how.maxBodyBytes));
  let result: Payload[];
  try {
    result = path === '/encode' ? await how.codec.encode(payloads) : await how.codec.decode(payloads);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    how.log(`codec server: ${path} failed: ${message}`);
    throw new HttpError(422, message);
  }
  send(response, 200, payloadsToJson(result));
}

/** The codec server's request handler on a plain node:http server (not listening yet). */
export function createCodecServer(options: CodecServerOptions): Server {
  const { codec, corsOrigins, authToken, maxBodyBytes = 16 * 1024 * 1024, log = console.warn } = options;
  const how: Handling = { codec, allowed: new Set(corsOrigins), authToken, maxBodyBytes, log };
  return createServer((request, response) => {
    handle(request, response, how).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error';
      if (status === 500) log(`codec server: ${String(error)}`);
      if (response.headersSent) response.destroy();
      else {
        // Drain what the client still sends, so it reads the answer instead of a reset connection.
        request.resume();
        send(response, status, { error: message });
      }
    });
  });
}

/** Starts a codec server; port 0 picks a free one. */
export async function startCodecServer(
  options: CodecServerOptions & { host?: string; port?: number },
): Promise<RunningCodecServer> {
  const { host = '127.0.0.1', port = 8888, ...serverOptions } = options;
  const server = createCodecServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function main(): Promise<void> {
  const settings = loadCodecServerConfig();
  const { encryption } = settings;
  const running = await startCodecServer({
    codec: new EncryptionCodec(encryption),
    corsOrigins: settings.server.corsOrigins,
    authToken: settings.server.authToken,
    host: settings.server.host,
    port: settings.server.port,
  });
  console.log(
    `Codec server on ${running.url} (POST /encode, POST /decode); key ids: ${[...encryption.keys.keys()].join(', ')}; ` +
      `CORS origins: ${settings.server.corsOrigins.join(', ') || 'none'}; auth: ${settings.server.authToken ? 'bearer token' : 'none'}`,
  );
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
}
