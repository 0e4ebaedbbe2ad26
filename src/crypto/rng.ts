// The server's random number generator: OpenSSL 3's default, CTR-DRBG with AES-256 (KMIP 2.1
// §4.50 Random Number Generator, §6.1.49 RNG Retrieve).
import { CryptographicAlgorithm, DRBGAlgorithm, RNGAlgorithm } from '../spec/generated/enums.js';
import type { RNGParameters } from '../messages/payloads/generated/types.js';

/** The Random Number Generator attribute of the keys the server makes. */
export const SERVER_RNG: RNGParameters = Object.freeze({
  rngAlgorithm: RNGAlgorithm.DRBG,
  cryptographicAlgorithm: CryptographicAlgorithm.AES,
  cryptographicLength: 256,
  drbgAlgorithm: DRBGAlgorithm.CTR,
});
