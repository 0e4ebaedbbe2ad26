// The attributes the server sets on a symmetric key it generated (KMIP 2.1 §4: Cryptographic
// Algorithm and Length, Digest of the Raw key, Key Format Type, Random Number Generator), shared by
// Create and Re-key so that both describe a new key the same way.
import type { Attribute } from '../../messages/attributes.js';
import { makeAttribute } from '../../objects/managed-object.js';
import { sha256Digest } from '../../crypto/digest.js';
import { SERVER_RNG } from '../../crypto/rng.js';
import { KeyFormatType } from '../../spec/generated/enums.js';

export function generatedKeyAttributes(algorithm: number, length: number, key: Uint8Array): Attribute[] {
  return [
    makeAttribute('Cryptographic Algorithm', algorithm),
    makeAttribute('Cryptographic Length', length),
    makeAttribute('Digest', sha256Digest(key, KeyFormatType.Raw)),
    makeAttribute('Key Format Type', KeyFormatType.Raw),
    makeAttribute('Random Number Generator', SERVER_RNG),
  ];
}
