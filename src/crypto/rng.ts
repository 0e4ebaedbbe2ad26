// The server's random number generator: OpenSSL 3's default, CTR-DRBG with AES-256 (KMIP 2.1
// §4.47 Random Number Generator, §6.1.49 RNG Retrieve).
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { CryptographicAlgorithm, DRBGAlgorithm, RNGAlgorithm } from '../spec/generated/enums.js';

/** The Random Number Generator attribute of the keys the server makes. */
export const SERVER_RNG: TtlvItem = Object.freeze({
  tag: Tag.RandomNumberGenerator,
  type: 'Structure',
  value: [
    { tag: Tag.RNGAlgorithm, type: 'Enumeration', value: RNGAlgorithm.DRBG },
    { tag: Tag.CryptographicAlgorithm, type: 'Enumeration', value: CryptographicAlgorithm.AES },
    { tag: Tag.CryptographicLength, type: 'Integer', value: 256 },
    { tag: Tag.DRBGAlgorithm, type: 'Enumeration', value: DRBGAlgorithm.CTR },
  ],
} as const);
