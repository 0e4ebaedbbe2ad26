// Sign / Signature Verify (KMIP 2.1 §6.1.55, §6.1.56): RSA PKCS#1 v1.5 and PSS with MD5 to SHA-512
// and SHA-3, ECDSA (DER-encoded signatures), Ed25519 and Ed448; over Data, or (RSA) over Digested
// Data. The scheme comes from the Digital Signature Algorithm, or from the key's type with the
// Padding Method and Hashing Algorithm (§4.16: "either the Digital Signature Algorithm can be
// specified or the Cryptographic Algorithm and Hashing Algorithm combination").
import {
  constants,
  createHash,
  privateEncrypt,
  publicDecrypt,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import {
  DigitalSignatureAlgorithm as D,
  HashingAlgorithm as H,
  PaddingMethod,
  ResultReason,
} from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import type { CryptoParams } from './crypto-params.js';
import { digestInfo, requireDigest } from './hashes.js';
import { pssEncode, pssVerify } from './rsa-padding.js';
import { unsupportedParams, badParams } from './crypto-errors.js';

type Kind = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'eddsa';

export interface Scheme {
  readonly kind: Kind;
  /** OpenSSL digest name; undefined for EdDSA. */
  readonly digest: string | undefined;
  readonly mgfDigest?: string | undefined;
  readonly saltLength?: number | undefined;
}

const BY_DSA: ReadonlyMap<number, readonly [Kind, number | undefined]> = new Map([
  [D.MD5WithRSAEncryption, ['rsa-pkcs1', H.MD5]],
  [D.SHA_1WithRSAEncryption, ['rsa-pkcs1', H.SHA_1]],
  [D.SHA_224WithRSAEncryption, ['rsa-pkcs1', H.SHA_224]],
  [D.SHA_256WithRSAEncryption, ['rsa-pkcs1', H.SHA_256]],
  [D.SHA_384WithRSAEncryption, ['rsa-pkcs1', H.SHA_384]],
  [D.SHA_512WithRSAEncryption, ['rsa-pkcs1', H.SHA_512]],
  [D.SHA3_256WithRSAEncryption, ['rsa-pkcs1', H.SHA3_256]],
  [D.SHA3_384WithRSAEncryption, ['rsa-pkcs1', H.SHA3_384]],
  [D.SHA3_512WithRSAEncryption, ['rsa-pkcs1', H.SHA3_512]],
  [D.RSASSA_PSS, ['rsa-pss', undefined]],
  [D.ECDSAWithSHA_1, ['ecdsa', H.SHA_1]],
  [D.ECDSAWithSHA224, ['ecdsa', H.SHA_224]],
  [D.ECDSAWithSHA256, ['ecdsa', H.SHA_256]],
  [D.ECDSAWithSHA384, ['ecdsa', H.SHA_384]],
  [D.ECDSAWithSHA512, ['ecdsa', H.SHA_512]],
]);

const KINDS_BY_KEY_TYPE: Readonly<Record<string, readonly Kind[]>> = {
  rsa: ['rsa-pkcs1', 'rsa-pss'],
  ec: ['ecdsa'],
  ed25519: ['eddsa'],
  ed448: ['eddsa'],
};

function keyKinds(key: KeyObject): readonly Kind[] {
  return KINDS_BY_KEY_TYPE[key.asymmetricKeyType ?? ''] ?? [];
}

/** The signature scheme the parameters ask for, checked against the key. */
export function signatureScheme(key: KeyObject, p: CryptoParams): Scheme {
  const kinds = keyKinds(key);
  let kind: Kind | undefined;
  let hash = p.hashingAlgorithm;
  if (p.digitalSignatureAlgorithm !== undefined) {
    const entry = BY_DSA.get(p.digitalSignatureAlgorithm);
    if (entry === undefined) {
      throw unsupportedParams(
        `the digital signature algorithm ${enumValueName('DigitalSignatureAlgorithm', p.digitalSignatureAlgorithm) ?? p.digitalSignatureAlgorithm} is not supported`,
      );
    }
    kind = entry[0];
    hash = entry[1] ?? hash;
  } else if (kinds[0] === 'rsa-pkcs1') {
    if (p.paddingMethod === PaddingMethod.PSS) kind = 'rsa-pss';
    else if (p.paddingMethod === PaddingMethod.PKCS1V1_5) kind = 'rsa-pkcs1';
    else
      throw invalidField(
        'RSA signatures need a Padding Method (PSS or PKCS1 v1.5) or a Digital Signature Algorithm',
      );
  } else {
    kind = kinds[0];
  }
  if (kind === undefined || !kinds.includes(kind)) {
    throw badParams(`a ${key.asymmetricKeyType ?? 'this'} key cannot make ${kind ?? 'these'} signatures`);
  }
  if (kind === 'eddsa') return { kind, digest: undefined };
  if (hash === undefined) throw invalidField('the signature needs a Hashing Algorithm');
  const digest = requireDigest(hash);
  if (kind !== 'rsa-pss') return { kind, digest };
  const mgfDigest =
    p.maskGeneratorHashingAlgorithm === undefined ? digest : requireDigest(p.maskGeneratorHashingAlgorithm);
  return { kind, digest, mgfDigest, saltLength: p.saltLength };
}

function digestedOnly(s: Scheme): never {
  throw unsupportedParams(`${s.kind} signatures over Digested Data are not supported; send the Data`);
}

function modBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

function fail(err: unknown): KmipError {
  if (err instanceof KmipError) return err;
  return new KmipError(ResultReason.CryptographicFailure, `signing failed: ${(err as Error).message}`);
}

/** Signs `data`, or the client's `digested` hash. */
export function signWith(
  key: KeyObject,
  s: Scheme,
  data: Uint8Array | undefined,
  digested: Uint8Array | undefined,
): Buffer {
  try {
    if (s.kind === 'eddsa') {
      if (data === undefined) return digestedOnly(s);
      return sign(null, data, key);
    }
    const digest = s.digest ?? 'sha256';
    const manualPss = s.kind === 'rsa-pss' && (digested !== undefined || s.mgfDigest !== digest);
    if (data !== undefined && !manualPss) {
      if (s.kind === 'rsa-pss') {
        return sign(digest, data, {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: s.saltLength ?? constants.RSA_PSS_SALTLEN_DIGEST,
        });
      }
      return sign(digest, data, key);
    }
    const mHash =
      digested ??
      createHash(digest)
        .update(data ?? new Uint8Array(0))
        .digest();
    if (s.kind === 'rsa-pkcs1')
      return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo(digest, mHash));
    if (s.kind === 'rsa-pss') {
      const hLen = createHash(digest).digest().length;
      const em = pssEncode(digest, mHash, modBits(key), s.saltLength ?? hLen, s.mgfDigest);
      if (em === undefined) throw badParams('the digest or salt length does not fit this key');
      return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em);
    }
    return digestedOnly(s);
  } catch (err) {
    throw fail(err);
  }
}

/** True when `signature` is valid; malformed signatures are simply invalid. */
export function verifyWith(
  key: KeyObject,
  s: Scheme,
  signature: Uint8Array,
  data: Uint8Array | undefined,
  digested: Uint8Array | undefined,
): boolean {
  if (s.kind === 'eddsa') {
    if (data === undefined) return digestedOnly(s);
  } else if (s.kind === 'ecdsa' && data === undefined) {
    return digestedOnly(s);
  }
  try {
    if (s.kind === 'eddsa') return verify(null, data ?? new Uint8Array(0), key, signature);
    const digest = s.digest ?? 'sha256';
    const manualPss = s.kind === 'rsa-pss' && (digested !== undefined || s.mgfDigest !== digest);
    if (data !== undefined && !manualPss) {
      if (s.kind === 'rsa-pss') {
        return verify(
          digest,
          data,
          {
            key,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: s.saltLength ?? constants.RSA_PSS_SALTLEN_AUTO,
          },
          signature,
        );
      }
      return verify(digest, data, key, signature);
    }
    const mHash =
      digested ??
      createHash(digest)
        .update(data ?? new Uint8Array(0))
        .digest();
    if (s.kind === 'rsa-pkcs1') {
      const expected = digestInfo(digest, mHash);
      const got = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
      return got.length === expected.length && timingSafeEqual(got, expected);
    }
    const m = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
    return pssVerify(digest, mHash, m, modBits(key), s.saltLength, s.mgfDigest);
  } catch (err) {
    if (err instanceof KmipError) throw err;
    return false;
  }
}
