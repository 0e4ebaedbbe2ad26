// Hashing Algorithm and HMAC algorithm enumerations (KMIP 2.1 §11.21, §11.13) mapped to OpenSSL
// digest names, with the DER DigestInfo prefixes PKCS#1 v1.5 signatures need (RFC 8017 §9.2).
import { createHash } from 'node:crypto';
import { CryptographicAlgorithm, HashingAlgorithm } from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import { unsupportedParams } from './crypto-errors.js';

const H = HashingAlgorithm;
const A = CryptographicAlgorithm;

const DIGEST_BY_HASHING_ALGORITHM: ReadonlyMap<number, string> = new Map([
  [H.MD4, 'md4'],
  [H.MD5, 'md5'],
  [H.SHA_1, 'sha1'],
  [H.SHA_224, 'sha224'],
  [H.SHA_256, 'sha256'],
  [H.SHA_384, 'sha384'],
  [H.SHA_512, 'sha512'],
  [H.RIPEMD_160, 'ripemd160'],
  [H.Whirlpool, 'whirlpool'],
  [H.SHA_512_224, 'sha512-224'],
  [H.SHA_512_256, 'sha512-256'],
  [H.SHA3_224, 'sha3-224'],
  [H.SHA3_256, 'sha3-256'],
  [H.SHA3_384, 'sha3-384'],
  [H.SHA3_512, 'sha3-512'],
]);

/** The HMAC algorithms (Cryptographic Algorithm) and the digest each uses. */
const DIGEST_BY_HMAC_ALGORITHM: ReadonlyMap<number, string> = new Map([
  [A.HMAC_SHA1, 'sha1'],
  [A.HMAC_SHA224, 'sha224'],
  [A.HMAC_SHA256, 'sha256'],
  [A.HMAC_SHA384, 'sha384'],
  [A.HMAC_SHA512, 'sha512'],
  [A.HMAC_MD5, 'md5'],
  [A.HMAC_SHA3_224, 'sha3-224'],
  [A.HMAC_SHA3_256, 'sha3-256'],
  [A.HMAC_SHA3_384, 'sha3-384'],
  [A.HMAC_SHA3_512, 'sha3-512'],
]);

/** Cryptographic Algorithm values that name a plain hash (Hash operation, KMIP 2.1 §11.13). */
const DIGEST_BY_HASH_ALGORITHM: ReadonlyMap<number, string> = new Map([
  [A.SHA3_224, 'sha3-224'],
  [A.SHA3_256, 'sha3-256'],
  [A.SHA3_384, 'sha3-384'],
  [A.SHA3_512, 'sha3-512'],
]);

/** OpenSSL digest name for a Hashing Algorithm, or undefined when the server has none. */
export function digestName(hashingAlgorithm: number): string | undefined {
  return DIGEST_BY_HASHING_ALGORITHM.get(hashingAlgorithm);
}

/** Like digestName, but Invalid Field names the algorithm when it is not supported. */
export function requireDigest(hashingAlgorithm: number): string {
  const name = digestName(hashingAlgorithm);
  if (name === undefined) {
    const shown = enumValueName('HashingAlgorithm', hashingAlgorithm) ?? String(hashingAlgorithm);
    throw unsupportedParams(`the hashing algorithm ${shown} is not supported`);
  }
  return name;
}

export function hmacDigest(algorithm: number): string | undefined {
  return DIGEST_BY_HMAC_ALGORITHM.get(algorithm);
}

export function isHmacAlgorithm(algorithm: number): boolean {
  return DIGEST_BY_HMAC_ALGORITHM.has(algorithm);
}

export function hashAlgorithmDigest(algorithm: number): string | undefined {
  return DIGEST_BY_HASH_ALGORITHM.get(algorithm);
}

/** Output length of a digest in bytes. */
export function digestLength(digest: string): number {
  return createHash(digest).digest().length;
}

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1; SHA-3 from NIST CSOR OIDs 2.16.840.1.101.3.4.2.7-10). */
const DIGEST_INFO_PREFIX: ReadonlyMap<string, string> = new Map([
  ['md5', '3020300c06082a864886f70d020505000410'],
  ['sha1', '3021300906052b0e03021a05000414'],
  ['sha224', '302d300d06096086480165030402040500041c'],
  ['sha256', '3031300d060960864801650304020105000420'],
  ['sha384', '3041300d060960864801650304020205000430'],
  ['sha512', '3051300d060960864801650304020305000440'],
  ['sha512-224', '302d300d06096086480165030402050500041c'],
  ['sha512-256', '3031300d060960864801650304020605000420'],
  ['sha3-224', '302d300d06096086480165030402070500041c'],
  ['sha3-256', '3031300d060960864801650304020805000420'],
  ['sha3-384', '3041300d060960864801650304020905000430'],
  ['sha3-512', '3051300d060960864801650304020a05000440'],
]);

/** DER DigestInfo { algorithm, digest } for PKCS#1 v1.5 signatures over a precomputed digest. */
export function digestInfo(digest: string, value: Uint8Array): Buffer {
  const prefix = DIGEST_INFO_PREFIX.get(digest);
  if (prefix === undefined) throw unsupportedParams(`no PKCS#1 DigestInfo is defined for ${digest}`);
  return Buffer.concat([Buffer.from(prefix, 'hex'), value]);
}

/** MGF1 (RFC 8017 §B.2.1). */
export function mgf1(digest: string, seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  let produced = 0;
  for (let counter = 0; produced < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(digest).update(seed).update(c).digest();
    out.push(block);
    produced += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}
