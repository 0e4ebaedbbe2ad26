// Key derivation functions for Derive Key (KMIP 2.1 §6.1.14, §7.12 Derivation Parameters), chosen
// to give the same keys as pykmip-server for the methods it has: PBKDF2 (RFC 8018), HMAC (PyKMIP
// derives with HKDF, RFC 5869: salt, info = Derivation Data; the 2.x HKDF method is the same),
// HASH (the digest of the key, or of the Derivation Data), ENCRYPT (the Derivation Data encrypted
// under the key) and NIST SP 800-108 counter mode (HMAC PRF, 32-bit counter before the fixed input,
// the Derivation Data as the whole fixed input).
import { createHash, createHmac, hkdfSync, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { DerivationMethod as DM, ResultReason } from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import { digestLength } from './hashes.js';
import { unsupportedParams } from './crypto-errors.js';

const pbkdf2Async = promisify(pbkdf2);

/** The most PBKDF2 iterations one request may ask for (a request must not tie up the server). */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

export interface DerivationInput {
  readonly method: number;
  /** Output length in bytes. */
  readonly length: number;
  readonly key: Uint8Array;
  /** OpenSSL digest name for the hash-based methods. */
  readonly digest: string | undefined;
  readonly data: Uint8Array | undefined;
  readonly salt: Uint8Array | undefined;
  readonly iterations: number | undefined;
  /** ENCRYPT: encrypts the data (the caller binds the cipher and the key). */
  readonly encrypt?: (data: Uint8Array) => Buffer;
}

function tooLong(): KmipError {
  return new KmipError(
    ResultReason.CryptographicFailure,
    'the specified length exceeds the output of the derivation method',
  );
}

function needDigest(i: DerivationInput): string {
  if (i.digest === undefined)
    throw invalidField('this derivation method needs a Hashing Algorithm in the Derivation Parameters');
  return i.digest;
}

/** NIST SP 800-108 §5.1 KDF in counter mode with HMAC, r = 32, counter before the fixed input. */
export function kbkdfCounter(digest: string, key: Uint8Array, fixed: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  const h = digestLength(digest);
  for (let i = 1; blocks.length * h < length; i++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(i);
    blocks.push(createHmac(digest, key).update(c).update(fixed).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

export async function deriveBytes(i: DerivationInput): Promise<Buffer> {
  switch (i.method) {
    case DM.PBKDF2: {
      if (i.salt === undefined) throw invalidField('PBKDF2 needs the Salt');
      if (i.iterations === undefined || i.iterations < 1)
        throw invalidField('PBKDF2 needs a positive Iteration Count');
      if (i.iterations > MAX_PBKDF2_ITERATIONS)
        throw invalidField(`the Iteration Count may be at most ${MAX_PBKDF2_ITERATIONS}`);
      return pbkdf2Async(i.key, i.salt, i.iterations, i.length, i.digest ?? 'sha1');
    }
    case DM.HMAC:
    case DM.HKDF: {
      const digest = needDigest(i);
      if (i.length > 255 * digestLength(digest)) throw tooLong();
      return Buffer.from(
        hkdfSync(digest, i.key, i.salt ?? new Uint8Array(0), i.data ?? new Uint8Array(0), i.length),
      );
    }
    case DM.HASH: {
      if (i.data !== undefined && i.key.length > 0) {
        throw invalidField('for hash-based key derivation give either Derivation Data or a key, not both');
      }
      const out = createHash(needDigest(i))
        .update(i.data ?? i.key)
        .digest();
      if (out.length < i.length) throw tooLong();
      return out.subarray(0, i.length);
    }
    case DM.ENCRYPT: {
      if (i.data === undefined || i.encrypt === undefined)
        throw invalidField('ENCRYPT derivation needs Derivation Data');
      const out = i.encrypt(i.data);
      if (out.length < i.length) throw tooLong();
      return out.subarray(0, i.length);
    }
    case DM.NIST800_108_C:
      return kbkdfCounter(needDigest(i), i.key, i.data ?? new Uint8Array(0), i.length);
    default:
      throw unsupportedParams(
        `the derivation method ${enumValueName('DerivationMethod', i.method) ?? i.method} is not supported (PBKDF2, HASH, HMAC, HKDF, ENCRYPT and NIST800-108-C are)`,
      );
  }
}
