// The Digest attribute the server computes (KMIP 2.1 §4.18 Table 69, 1.4 §3.17): SHA-256 over the
// key material (or the certificate, opaque data) with the Key Format Type it was taken in.
import { createHash } from 'node:crypto';
import { HashingAlgorithm } from '../spec/generated/enums.js';
import type { Digest } from '../messages/payloads/generated/types.js';

export function sha256Digest(material: Uint8Array, keyFormatType: number | undefined): Digest {
  return {
    hashingAlgorithm: HashingAlgorithm.SHA_256,
    digestValue: createHash('sha256').update(material).digest(),
    ...(keyFormatType === undefined ? {} : { keyFormatType }),
  };
}
