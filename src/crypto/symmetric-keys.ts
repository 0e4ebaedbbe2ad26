// Symmetric key generation: the algorithms and lengths the server creates (PyKMIP's list, HMAC
// keys, ChaCha20, and the other KMIP symmetric ciphers at the key lengths their defining documents
// allow), from OpenSSL's random generator. A key is random bytes, so the server creates and keeps
// keys for ciphers OpenSSL does not compute with (SKIPJACK, the KMIP 1.0 foundry cases ask for
// one); Encrypt and Decrypt with such a key are refused.
import { randomBytes } from 'node:crypto';
import { CryptographicAlgorithm } from '../spec/generated/enums.js';

type Lengths =
  | { readonly exact: readonly number[] }
  | { readonly min: number; readonly max: number; readonly step: number };

const A = CryptographicAlgorithm;

/** Allowed key lengths in bits, per algorithm (PyKMIP server docs "Create"; KMIP 2.1 §11.12). */
export const SYMMETRIC_KEY_LENGTHS: ReadonlyMap<number, Lengths> = new Map<number, Lengths>([
  [A.AES, { exact: [128, 192, 256] }],
  [A.DES3, { exact: [64, 112, 128, 168, 192] }],
  [A.DES, { exact: [64] }],
  [A.Blowfish, { min: 32, max: 448, step: 8 }],
  [A.Camellia, { exact: [128, 192, 256] }],
  [A.CAST5, { min: 40, max: 128, step: 8 }],
  [A.IDEA, { exact: [128] }],
  [A.RC4, { min: 40, max: 2048, step: 8 }],
  [A.ChaCha20, { exact: [256] }],
  [A.SKIPJACK, { exact: [80] }], // FIPS 185
  [A.Twofish, { exact: [128, 192, 256] }],
  [A.ARIA, { exact: [128, 192, 256] }], // RFC 5794
  [A.SEED, { exact: [128] }], // RFC 4269
  [A.SM4, { exact: [128] }], // GB/T 32907
  [A.RC2, { min: 8, max: 1024, step: 8 }], // RFC 2268
  [A.RC5, { min: 8, max: 2040, step: 8 }], // RFC 2040
  [A.ChaCha20Poly1305, { exact: [256] }],
  [A.HMAC_SHA1, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_SHA224, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_SHA256, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_SHA384, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_SHA512, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_MD5, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_SHA3_224, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_SHA3_256, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_SHA3_384, { min: 8, max: 4096, step: 8 }],
  [A.HMAC_SHA3_512, { min: 8, max: 4096, step: 8 }],
]);

export function isSymmetricAlgorithm(algorithm: number): boolean {
  return SYMMETRIC_KEY_LENGTHS.has(algorithm);
}

/** Undefined when the length fits the algorithm, else a sentence saying what does. */
export function symmetricLengthProblem(algorithm: number, bits: number): string | undefined {
  const l = SYMMETRIC_KEY_LENGTHS.get(algorithm);
  if (l === undefined) return 'the algorithm is not a symmetric algorithm this server creates keys for';
  if ('exact' in l)
    return l.exact.includes(bits) ? undefined : `the length must be one of ${l.exact.join(', ')} bits`;
  return bits >= l.min && bits <= l.max && bits % l.step === 0
    ? undefined
    : `the length must be ${l.min} to ${l.max} bits in steps of ${l.step}`;
}

/** Key bytes for `bits` of an algorithm: DES and 3DES lengths count only the 56 key bits of each 8-byte part. */
export function symmetricKeyBytes(algorithm: number, bits: number): number {
  if (algorithm === A.DES) return 8;
  if (algorithm === A.DES3) return bits <= 64 ? 8 : bits <= 128 ? 16 : 24;
  return Math.ceil(bits / 8);
}

/** Sets the odd-parity bit of every byte (FIPS 46-3 §3), as DES keys carry it. */
export function withDesParity(key: Uint8Array): Buffer {
  const out = Buffer.from(key);
  for (let i = 0; i < out.length; i++) {
    const b = (out[i] ?? 0) & 0xfe;
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

/**
 * A DES/3DES key as OpenSSL takes it (8, 16 or 24 bytes). A key given without parity bits (7, 14
 * or 21 bytes: 56, 112 or 168 bits) is spread out to 8 bits per 7, with parity.
 */
export function desKeyForCipher(key: Uint8Array): Buffer | undefined {
  if (key.length === 8 || key.length === 16 || key.length === 24) return Buffer.from(key);
  if (key.length !== 7 && key.length !== 14 && key.length !== 21) return undefined;
  const out = Buffer.alloc((key.length / 7) * 8);
  let bit = 0;
  for (let i = 0; i < out.length; i++) {
    let v = 0;
    for (let j = 0; j < 7; j++, bit++) v = (v << 1) | (((key[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
    out[i] = v << 1;
  }
  return withDesParity(out);
}

/** A new key of `bits` for `algorithm`; DES and 3DES keys get their parity bits. */
export function generateKeyFor(algorithm: number, bits: number): Buffer {
  const key = randomBytes(symmetricKeyBytes(algorithm, bits));
  return algorithm === A.DES || algorithm === A.DES3 ? withDesParity(key) : key;
}
