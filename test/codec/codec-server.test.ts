/** The codec server over real HTTP: Temporal's codec JSON format, CORS for the Web UI, bearer auth, errors. */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { freePort } from '../../src/dev/dev-server';
import {
  startCodecServer,
  payloadsFromJson,
  payloadsToJson,
  type RunningCodecServer,
} from '../../src/codec/codec-server';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { compiledPackage } from '../helpers/compiled-package';

const UI = 'http://localhost:8080';
const TOKEN = 'codec-token-0123456789';
const codec = new EncryptionCodec({ currentKeyId: 'k1', keys: new Map([['k1', new Uint8Array(randomBytes(32))]]) });
const lead = { lead: { email: 'minjipark@salon.com' }, score: 91 };
const b64 = (value: string) => Buffer.from(value).toString('base64');
/** `{"data": {...}}` as the Web UI sends it: payloads in proto3 JSON (base64 bytes). */
const plainBody = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(lead)) }] };

let open: RunningCodecServer;
let locked: RunningCodecServer;
const logged: string[] = [];
beforeAll(async () => {
  const log = (line: string) => logged.push(line);
  open = await startCodecServer({ codec, corsOrigins: [UI], port: 0, log });
  locked = await startCodecServer({ codec, corsOrigins: [UI], authToken: TOKEN, port: 0, log });
});
afterAll(async () => {
  await open.close();
  await locked.close();
});

async function post(server: RunningCodecServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

describe('POST /encode and /decode', () => {
  test('encode encrypts and decode restores the payload, in the Temporal codec JSON format', async () => {
    const encoded = await post(open, '/encode', plainBody);
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('content-type')).toBe('application/json');
    const [payload] = (encoded.json as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
    expect(Buffer.from(payload!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payload!.metadata['encryption-key-id']!, 'base64').toString()).toBe('k1');
    expect(Buffer.from(payload!.data, 'base64').includes('minjipark')).toBe(false);

    const decoded = await post(open, '/decode', encoded.json);
    expect(decoded.status).toBe(200);
    expect(decoded.json).toEqual(plainBody);
  });

  test('decodes what the worker-side codec encrypted, and passes plain payloads through', async () => {
    const encrypted = await codec.encode([defaultPayloadConverter.toPayload(lead)]);
    const decoded = await post(open, '/decode', {
      payloads: [...payloadsToJson(encrypted).payloads, ...plainBody.payloads],
    });
    expect(decoded.status).toBe(200);
    const payloads = payloadsFromJson(decoded.json);
    expect(payloads.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([lead, lead]);
  });

  test('answers 422 with the reason for a tampered payload or an unknown key id', async () => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(lead)]);
    encrypted!.data![20]! ^= 1;
    const tampered = await post(open, '/decode', payloadsToJson([encrypted!]));
    expect(tampered.status).toBe(422);
    expect(tampered.json.error).toMatch(/failed authentication/);
    const foreign = new EncryptionCodec({
      currentKeyId: 'k9',
      keys: new Map([['k9', new Uint8Array(randomBytes(32))]]),
    });
    const unknown = await post(
      open,
      '/decode',
      payloadsToJson(await foreign.encode([defaultPayloadConverter.toPayload(1)])),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.json.error).toMatch(/unknown encryption key id "k9"/);
    expect(logged.join('\n')).toMatch(/\/decode failed/);
  });

  test('rejects malformed bodies with 400 and unknown routes or methods with 404 / 405', async () => {
    expect((await post(open, '/decode', 'not json')).status).toBe(400);
    expect((await post(open, '/decode', { nope: [] })).json).toEqual({ error: 'body must be {"payloads": [...]}' });
    expect((await post(open, '/decode', { payloads: [{ data: 'not base64!' }] })).json).toEqual({
      error: 'payloads[0].data must be a base64 string',
    });
    expect((await post(open, '/decode', { payloads: [] })).json).toEqual({ payloads: [] });
    expect((await post(open, '/other', plainBody)).status).toBe(404);
    const get = await fetch(`${open.url}/decode`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await (await fetch(`${open.url}/health`)).text()).toBe('ok');
  });

  test('refuses bodies over the size limit with 413', async () => {
    const small = await startCodecServer({ codec, corsOrigins: [UI], port: 0, maxBodyBytes: 1_000 });
    try {
      const big = { payloads: [{ data: b64('x'.repeat(2_000)) }] };
      expect((await post(small, '/encode', big)).status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('CORS for the Web UI', () => {
  test('answers the preflight for the configured origin with the headers the UI sends', async () => {
    const response = await fetch(`${locked.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI);
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-namespace');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  test('adds the CORS headers to the actual request', async () => {
    const decoded = await post(open, '/decode', plainBody, { origin: UI, 'x-namespace': 'default' });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI);
  });

  test('refuses other origins, preflight included', async () => {
    const preflight = await fetch(`${open.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const actual = await post(open, '/decode', plainBody, { origin: 'https://evil.example' });
    expect(actual.status).toBe(403);
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('bearer authentication (TEMPORAL_CODEC_AUTH)', () => {
  test('requires Authorization: Bearer <token> when configured', async () => {
    const missing = await post(locked, '/decode', plainBody);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post(locked, '/decode', plainBody, { authorization: 'Bearer wrong-token-0000000000' })).status).toBe(
      401,
    );
    expect((await post(locked, '/decode', plainBody, { authorization: TOKEN })).status).toBe(401);
    const ok = await post(locked, '/decode', plainBody, { authorization: `Bearer ${TOKEN}`, origin: UI });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(UI);
  });

  test('is not needed without a token', async () => {
    expect((await post(open, '/decode', plainBody)).status).toBe(200);
  });
});

describe('npm run codec-server (compiled lib/codec/codec-server.js)', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = compiledPackage();
  }, 300_000);

  const start = (env: Record<string, string>) => {
    const child = spawn(process.execPath, [join(outDir, 'codec', 'codec-server.js')], {
      cwd: mkdtempSync(join(tmpdir(), 'codec-')),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, output: () => output, exited };
  };

  test('listens on TEMPORAL_CODEC_PORT, decodes with the configured key and stops on SIGTERM', async () => {
    const port = await freePort();
    const key = randomBytes(32);
    const server = start({
      TEMPORAL_CODEC_KEY: key.toString('base64'),
      TEMPORAL_CODEC_KEY_ID: 'k1',
      TEMPORAL_CODEC_PORT: String(port),
    });
    const deadline = Date.now() + 20_000;
    while (!server.output().includes('Codec server on') && Date.now() < deadline && server.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(server.output()).toMatch(
      new RegExp(`^Codec server on http://127\\.0\\.0\\.1:${port} .*key ids: k1; CORS origins: ${UI}; auth: none`),
    );
    expect(server.output()).not.toContain(key.toString('base64'));
    const sameKey = new EncryptionCodec({ currentKeyId: 'k1', keys: new Map([['k1', new Uint8Array(key)]]) });
    const encrypted = payloadsToJson(await sameKey.encode([defaultPayloadConverter.toPayload(lead)]));
    const response = await fetch(`http://127.0.0.1:${port}/decode`, {
      method: 'POST',
      body: JSON.stringify(encrypted),
    });
    const [payload] = payloadsFromJson(await response.json());
    expect(defaultPayloadConverter.fromPayload(payload!)).toEqual(lead);
    server.child.kill('SIGTERM');
    await expect(server.exited).resolves.toBe(0);
  }, 60_000);

  test('exits 2 with a clear message without TEMPORAL_CODEC_KEY', async () => {
    const server = start({});
    await expect(server.exited).resolves.toBe(2);
    expect(server.output()).toMatch(/TEMPORAL_CODEC_KEY: the codec server needs the payload key/);
  });
});
