/** The AES-256-GCM payload codec and its configuration (TEMPORAL_CODEC_*). */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { ConfigError, loadConfig } from '../../src/config';
import { loadCodecServerConfig } from '../../src/codec/codec-server';
import { getDataConverter } from '../../src/codec/data-converter';
import {
  CIPHER,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA,
  PayloadDecryptionError,
} from '../../src/codec/encryption-codec';
import { decodeCodecKey, parsePreviousKeys } from '../../src/codec/settings';

const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());
const newKey = () => new Uint8Array(randomBytes(32));
const lead = { lead: { email: 'minjipark@salon.com', firstName: 'Min-Ji' }, score: 91 };
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const fromPayload = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);

function codecWith(keys: Record<string, Uint8Array>, currentKeyId: string): EncryptionCodec {
  return new EncryptionCodec({ currentKeyId, keys: new Map(Object.entries(keys)) });
}

describe('EncryptionCodec', () => {
  const key = newKey();
  const codec = codecWith({ k1: key }, 'k1');

  test('round-trips payloads; the stored bytes hide the value and its encoding', async () => {
    const payloads = [toPayload(lead), toPayload('plain text'), toPayload(null), toPayload(new Uint8Array([1, 2, 3]))];
    const encoded = await codec.encode(payloads);
    expect(encoded).toHaveLength(4);
    for (const payload of encoded) {
      expect(Object.keys(payload.metadata!).sort()).toEqual(['encoding', 'encryption-cipher', KEY_ID_METADATA].sort());
      expect(text(payload.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
      expect(text(payload.metadata![KEY_ID_METADATA])).toBe('k1');
      expect(text(payload.metadata!['encryption-cipher'])).toBe(CIPHER);
      expect(Buffer.from(payload.data!).includes('minjipark')).toBe(false);
      expect(Buffer.from(payload.data!).includes('json/plain')).toBe(false);
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map(fromPayload)).toEqual([lead, 'plain text', null, new Uint8Array([1, 2, 3])]);
    expect(text(decoded[0]!.metadata!.encoding)).toBe('json/plain');
  });

  test('uses a fresh IV per payload: equal inputs give different ciphertexts', async () => {
    const [first, second] = await codec.encode([toPayload(lead), toPayload(lead)]);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
    expect(first!.data!.length).toBe(second!.data!.length);
  });

  test('handles an empty list', async () => {
    await expect(codec.encode([])).resolves.toEqual([]);
    await expect(codec.decode([])).resolves.toEqual([]);
  });

  test('detects tampering with the ciphertext, the IV, the tag or the key-id metadata', async () => {
    const [encoded] = await codec.encode([toPayload(lead)]);
    const flip = (index: number): Payload => {
      const data = new Uint8Array(encoded!.data!);
      data[index < 0 ? data.length + index : index]! ^= 0x01;
      return { metadata: encoded!.metadata, data };
    };
    for (const tampered of [flip(0), flip(20), flip(-1)]) {
      await expect(codec.decode([tampered])).rejects.toThrow(PayloadDecryptionError);
      await expect(codec.decode([tampered])).rejects.toThrow(/failed authentication/);
    }
    const truncated = { metadata: encoded!.metadata, data: encoded!.data!.subarray(0, 10) };
    await expect(codec.decode([truncated])).rejects.toThrow(/too short/);
    // A second key under another id: relabelling a payload with it fails, the key id is authenticated.
    const twoKeys = codecWith({ k1: key, k2: key }, 'k1');
    const relabelled = {
      ...encoded!,
      metadata: { ...encoded!.metadata, [KEY_ID_METADATA]: new TextEncoder().encode('k2') },
    };
    await expect(twoKeys.decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  test('rejects a payload encrypted under an unknown key id, naming the id but no key', async () => {
    const other = codecWith({ 'k-old': newKey() }, 'k-old');
    const [encoded] = await other.encode([toPayload(lead)]);
    const error: unknown = await codec.decode([encoded!]).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof Error)) throw new Error('expected decode to fail');
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect(error.message).toMatch(/unknown encryption key id "k-old"/);
    expect(error.message).toMatch(/TEMPORAL_CODEC_PREVIOUS_KEYS/);
    expect(error.message).not.toContain(Buffer.from(key).toString('base64'));
    const missingId = { metadata: { encoding: encoded!.metadata!.encoding! }, data: encoded!.data };
    await expect(codec.decode([missingId])).rejects.toThrow(/no encryption-key-id metadata/);
  });

  test('passes payloads that are not encrypted through unchanged (e.g. `temporal workflow start --input`)', async () => {
    const plain = [toPayload(lead), toPayload(undefined), { metadata: {}, data: new Uint8Array([7]) }, {}];
    const decoded = await codec.decode(plain);
    expect(decoded).toHaveLength(plain.length);
    decoded.forEach((payload, index) => expect(payload).toBe(plain[index]));
  });

  test('rotates keys: encrypts with the current key, still decrypts payloads of previous keys by id', async () => {
    const oldKey = newKey();
    const before = codecWith({ '2026-01': oldKey }, '2026-01');
    const [old] = await before.encode([toPayload(lead)]);
    const after = codecWith({ '2026-07': newKey(), '2026-01': oldKey }, '2026-07');
    const [fresh] = await after.encode([toPayload(lead)]);
    expect(text(fresh!.metadata![KEY_ID_METADATA])).toBe('2026-07');
    expect((await after.decode([old!, fresh!])).map(fromPayload)).toEqual([lead, lead]);
    // The previous codec cannot read payloads of the new key.
    await expect(before.decode([fresh!])).rejects.toThrow(/unknown encryption key id "2026-07"/);
  });

  test('refuses keys of the wrong size and a current id without a key', () => {
    expect(() => codecWith({ k: new Uint8Array(16) }, 'k')).toThrow(/32 bytes/);
    expect(() => codecWith({ k: newKey() }, 'other')).toThrow(/no key for the current key id/);
  });
});

describe('codec configuration (TEMPORAL_CODEC_*)', () => {
  const KEY = Buffer.from(newKey()).toString('base64');
  const OLD = Buffer.from(newKey()).toString('base64');
  const problemsOf = (env: Record<string, string>): readonly string[] => {
    try {
      loadCodecServerConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  test('is off by default: no data converter, codec server on 127.0.0.1:8888 for the Web UI at :8080', () => {
    const config = loadConfig({});
    expect(config.codec).toEqual({ encryption: undefined });
    expect(loadCodecServerConfig({ TEMPORAL_CODEC_KEY: KEY, TEMPORAL_CODEC_KEY_ID: 'k1' }).server).toEqual({
      host: '127.0.0.1',
      port: 8888,
      corsOrigins: ['http://localhost:8080'],
      authToken: undefined,
    });
    expect(problemsOf({})).toEqual([
      'TEMPORAL_CODEC_KEY: the codec server needs the payload key (and TEMPORAL_CODEC_KEY_ID)',
    ]);
    expect(getDataConverter(config)).toBeUndefined();
    expect(getDataConverter({})).toBeUndefined();
  });

  test('builds the keys from TEMPORAL_CODEC_KEY, _KEY_ID and _PREVIOUS_KEYS', async () => {
    const env = {
      TEMPORAL_CODEC_KEY: KEY,
      TEMPORAL_CODEC_KEY_ID: '2026-07',
      TEMPORAL_CODEC_PREVIOUS_KEYS: `2026-01:${OLD}`,
      TEMPORAL_CODEC_CORS_ORIGINS: 'https://temporal.example.com, http://localhost:8080/',
      TEMPORAL_CODEC_AUTH: 'a-long-enough-shared-token',
    };
    const config = loadConfig(env);
    expect(config.codec.encryption!.currentKeyId).toBe('2026-07');
    expect([...config.codec.encryption!.keys.keys()]).toEqual(['2026-07', '2026-01']);
    expect(Buffer.from(config.codec.encryption!.keys.get('2026-01')!).toString('base64')).toBe(OLD);
    expect(loadCodecServerConfig(env).server).toMatchObject({
      corsOrigins: ['https://temporal.example.com', 'http://localhost:8080'],
      authToken: 'a-long-enough-shared-token',
    });
    const converter = getDataConverter(config)!;
    expect(converter.payloadCodecs).toHaveLength(1);
    const [codec] = converter.payloadCodecs!;
    const [encoded] = await codec!.encode([toPayload(lead)]);
    expect(text(encoded!.metadata![KEY_ID_METADATA])).toBe('2026-07');
  });

  test('names every invalid codec variable without echoing key material', () => {
    const shortKey = Buffer.from(randomBytes(16)).toString('base64');
    const problems = problemsOf({
      TEMPORAL_CODEC_KEY: shortKey,
      TEMPORAL_CODEC_KEY_ID: 'has space',
      TEMPORAL_CODEC_PREVIOUS_KEYS: `old:${shortKey}`,
      TEMPORAL_CODEC_CORS_ORIGINS: 'localhost:8080',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^TEMPORAL_CODEC_KEY_ID: must be 1-64 characters/),
      expect.stringMatching(/^TEMPORAL_CODEC_PREVIOUS_KEYS: key "old" must be base64 of exactly 32 random bytes/),
      expect.stringMatching(/^TEMPORAL_CODEC_KEY: must be base64 of exactly 32 random bytes/),
      'TEMPORAL_CODEC_CORS_ORIGINS: "localhost:8080" is not an origin like http://localhost:8080',
    ]);
    expect(problems.join('\n')).not.toContain(shortKey);
    expect(problemsOf({ TEMPORAL_CODEC_KEY: KEY })).toEqual([
      expect.stringMatching(/^TEMPORAL_CODEC_KEY_ID: required with/),
    ]);
    expect(problemsOf({ TEMPORAL_CODEC_KEY_ID: 'k1' })).toEqual([
      expect.stringMatching(/^TEMPORAL_CODEC_KEY: required when/),
    ]);
    expect(problemsOf({ TEMPORAL_CODEC_KEY: 'not base64!', TEMPORAL_CODEC_KEY_ID: 'k1' })).toEqual([
      expect.stringMatching(/^TEMPORAL_CODEC_KEY: must be base64/),
    ]);
    expect(
      problemsOf({ TEMPORAL_CODEC_KEY: KEY, TEMPORAL_CODEC_KEY_ID: 'k1', TEMPORAL_CODEC_PREVIOUS_KEYS: `k1:${OLD}` }),
    ).toEqual(['TEMPORAL_CODEC_PREVIOUS_KEYS: key id "k1" is already TEMPORAL_CODEC_KEY_ID']);
    expect(problemsOf({ TEMPORAL_CODEC_AUTH: 'Bearer short' })).toEqual([
      expect.stringMatching(/^TEMPORAL_CODEC_AUTH: the token must be at least 16 characters/),
    ]);
    // The temporal CLI's form (`Bearer <token>`) and a bare token configure the same token.
    expect(
      loadCodecServerConfig({
        TEMPORAL_CODEC_KEY: KEY,
        TEMPORAL_CODEC_KEY_ID: 'k1',
        TEMPORAL_CODEC_AUTH: 'Bearer a-long-enough-shared-token',
      }).server.authToken,
    ).toBe('a-long-enough-shared-token');
    expect(problemsOf({ TEMPORAL_CODEC_PORT: '0' })).toEqual([expect.stringMatching(/^TEMPORAL_CODEC_PORT:/)]);
  });

  test('key helpers: strict base64 of 32 bytes; previous keys as id:key pairs', () => {
    expect(decodeCodecKey(` ${KEY} `)).toHaveLength(32);
    expect(() => decodeCodecKey(KEY.replace(/=$/, ''))).toThrow(/base64/);
    expect([...parsePreviousKeys(`a:${KEY}, b:${OLD},`).keys()]).toEqual(['a', 'b']);
    expect(() => parsePreviousKeys(`a:${KEY},a:${OLD}`)).toThrow(/appears twice/);
    expect(() => parsePreviousKeys(KEY)).toThrow(/entry 1 must be <key id>:<base64 key>/);
  });
});
