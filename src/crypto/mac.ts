// MAC / MAC Verify (KMIP 2.1 §6.1.32, §6.1.33): HMAC with SHA-1, SHA-224 … SHA-512, SHA-3 and MD5
// (the HMAC Cryptographic Algorithms), and CMAC with a block cipher key (Block Cipher Mode CMAC, or a
// cipher algorithm). The algorithm comes from the Cryptographic Parameters (request, then the key's
// attribute), else from the key itself, as PyKMIP's engine does.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BlockCipherMode, CryptographicAlgorithm as A } from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import type { CryptoParams } from './crypto-params.js';
import { hmacDigest } from './hashes.js';
import { Cmac } from './cmac.js';
import { unsupportedParams } from './crypto-errors.js';

const CMAC_CIPHERS: ReadonlySet<number> = new Set([
  A.AES,
  A.Camellia,
  A.DES3,
  A.DES,
  A.Blowfish,
  A.CAST5,
  A.IDEA,
]);

export interface Mac {
  update(data: Uint8Array): Mac;
  digest(): Buffer;
}

/** An incremental MAC for `key` under the parameters; Invalid Field when no MAC algorithm fits. */
export function openMac(key: Uint8Array, keyAlgorithm: number | undefined, p: CryptoParams): Mac {
  const candidates = [p.cryptographicAlgorithm, keyAlgorithm];
  for (const alg of candidates) {
    if (alg === undefined) continue;
    const digest = hmacDigest(alg);
    if (digest !== undefined) return createHmac(digest, key);
    if (
      CMAC_CIPHERS.has(alg) &&
      (p.blockCipherMode === undefined || p.blockCipherMode === BlockCipherMode.CMAC)
    ) {
      return new Cmac(alg, key);
    }
  }
  const shown = candidates.map((a) =>
    a === undefined ? 'none' : (enumValueName('CryptographicAlgorithm', a) ?? String(a)),
  );
  throw unsupportedParams(
    `no MAC algorithm fits (asked: ${shown[0]}, key: ${shown[1]}); use an HMAC algorithm or CMAC with a block cipher`,
  );
}

/** Constant-time comparison of a computed and a presented MAC. */
export function macMatches(computed: Uint8Array, presented: Uint8Array): boolean {
  return computed.length === presented.length && timingSafeEqual(computed, presented);
}
