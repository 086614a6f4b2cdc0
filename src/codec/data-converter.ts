import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import type { CodecKeys } from './settings';

export { EncryptionCodec, PayloadDecryptionError } from './encryption-codec';
export type { CodecKeys } from './settings';

/**
 * The data converter for a worker or client: encrypts payloads when TEMPORAL_CODEC_KEY is set, otherwise
 * `undefined` (the SDK default). Worker and every client of the namespace must use the same keys.
 *
 * ```ts
 * Worker.create({ ..., dataConverter: getDataConverter(config) });
 * new Client({ connection, namespace, dataConverter: getDataConverter(config) });
 * ```
 */
export function getDataConverter(config: {
  readonly codec?: { readonly encryption: CodecKeys | undefined } | undefined;
}): DataConverter | undefined {
  const encryption = config.codec?.encryption;
  return encryption ? { payloadCodecs: [new EncryptionCodec(encryption)] } : undefined;
}
