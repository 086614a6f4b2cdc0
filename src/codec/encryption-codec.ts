import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { CODEC_KEY_BYTES, KEY_ID_PATTERN, type CodecKeys } from './settings';

/** `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key that encrypted the payload (so old payloads still decrypt after a rotation). */
export const KEY_ID_METADATA = 'encryption-key-id';
/** Metadata naming the cipher, for whoever reads the history without this code. */
export const CIPHER_METADATA = 'encryption-cipher';
export const CIPHER = 'AES-256-GCM';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A payload that cannot be decrypted: unknown key id, wrong key, or altered bytes. Never holds key material. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

/** Additional authenticated data: binds the ciphertext to its key id, so swapping the metadata is detected. */
const additionalData = (keyId: string): Buffer => Buffer.from(`${ENCRYPTED_ENCODING};${CIPHER};${keyId}`, 'utf8');

/**
 * Encrypts each whole payload (metadata included, so even its encoding is hidden) with AES-256-GCM.
 * Wire format of `data`: 12-byte random IV | ciphertext | 16-byte auth tag.
 * Decoding passes payloads that are not `binary/encrypted` through unchanged (e.g. `temporal workflow start --input`),
 * and finds the key by the payload's key id, so previous keys keep decrypting after a rotation.
 */
export class EncryptionCodec implements PayloadCodec {
  readonly currentKeyId: string;
  private readonly keys: ReadonlyMap<string, Uint8Array>;

  constructor({ currentKeyId, keys }: CodecKeys) {
    for (const [id, key] of keys) {
      if (!KEY_ID_PATTERN.test(id)) throw new Error(`invalid key id "${id}"`);
      if (key.length !== CODEC_KEY_BYTES) throw new Error(`key "${id}" must be ${CODEC_KEY_BYTES} bytes`);
    }
    if (!keys.has(currentKeyId)) throw new Error(`no key for the current key id "${currentKeyId}"`);
    this.currentKeyId = currentKeyId;
    this.keys = new Map(keys);
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.encrypt(payload))));
  }

  /** Rejects with {@link PayloadDecryptionError} when any payload cannot be decrypted. */
  decode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.decrypt(payload))));
  }

  /** Encrypts one payload with the current key. */
  encrypt(payload: Payload): Payload {
    const key = this.keys.get(this.currentKeyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(this.currentKeyId));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: utf8.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: utf8.encode(this.currentKeyId),
        [CIPHER_METADATA]: utf8.encode(CIPHER),
      },
      data: new Uint8Array(sealed),
    };
  }

  /**
   * Decrypts one payload; returns it unchanged when it is not encrypted.
   * @throws {PayloadDecryptionError} for an unknown key id or a payload that fails authentication
   */
  decrypt(payload: Payload): Payload {
    const metadata = payload.metadata ?? {};
    const encoding = metadata.encoding ? fromUtf8.decode(metadata.encoding) : undefined;
    if (encoding !== ENCRYPTED_ENCODING) return payload;
    const keyId = metadata[KEY_ID_METADATA] ? fromUtf8.decode(metadata[KEY_ID_METADATA]) : undefined;
    if (!keyId) throw new PayloadDecryptionError(`encrypted payload has no ${KEY_ID_METADATA} metadata`);
    const key = this.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `unknown encryption key id "${keyId}": add that key to TEMPORAL_CODEC_PREVIOUS_KEYS (known: ${[...this.keys.keys()].join(', ')})`,
      );
    }
    const sealed = payload.data ?? new Uint8Array();
    if (sealed.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`encrypted payload (key "${keyId}") is too short`);
    }
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId));
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `encrypted payload (key "${keyId}") failed authentication: it was altered, or that key id names a different key`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
