// Transparent key formats (KMIP 2.1 §3.7, §3.8, §3.11, §3.12; 1.4 §2.1.7): RSA private and public
// keys as Big Integers, EC keys as Recommended Curve + D or Q String. Converted to and from node
// KeyObjects (RSA through JWK, EC through SEC1/SPKI DER so that every OpenSSL curve works).
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { TransparentKeyMaterial } from '../messages/payloads/generated/types.js';
import { KeyFormatType as F, RecommendedCurve as RC } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import { CURVES, type CurveInfo, ecSpki, sec1PrivateKey, sec1Scalar, spkiPoint } from './der.js';

const CURVE_BY_RECOMMENDED: ReadonlyMap<number, string> = new Map([
  [RC.P_192, 'prime192v1'],
  [RC.P_224, 'secp224r1'],
  [RC.P_256, 'prime256v1'],
  [RC.P_384, 'secp384r1'],
  [RC.P_521, 'secp521r1'],
  [RC.SECP256K1, 'secp256k1'],
]);

export function curveByName(name: string | undefined): CurveInfo | undefined {
  return CURVES.find((c) => c.name === name);
}

export function curveOfRecommended(rc: number): CurveInfo | undefined {
  return curveByName(CURVE_BY_RECOMMENDED.get(rc));
}

export function recommendedOfCurve(name: string | undefined): number | undefined {
  for (const [rc, n] of CURVE_BY_RECOMMENDED) if (n === name) return rc;
  return undefined;
}

export const TRANSPARENT_EC_PRIVATE: ReadonlySet<number> = new Set([
  F.TransparentECPrivateKey,
  F.TransparentECDSAPrivateKey,
  F.TransparentECDHPrivateKey,
  F.TransparentECMQVPrivateKey,
]);
export const TRANSPARENT_EC_PUBLIC: ReadonlySet<number> = new Set([
  F.TransparentECPublicKey,
  F.TransparentECDSAPublicKey,
  F.TransparentECDHPublicKey,
  F.TransparentECMQVPublicKey,
]);

export function bigIntFromBytes(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);
}

export function bytesFromBigInt(v: bigint, size = 0): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const b = Buffer.from(hex, 'hex');
  return b.length >= size ? b : Buffer.concat([Buffer.alloc(size - b.length), b]);
}

/** The Transparent RSA fields (2.1 Tables 21-22) and their JWK names. */
const RSA_FIELDS: readonly (readonly [keyof TransparentKeyMaterial & RsaField, string])[] = [
  ['modulus', 'n'],
  ['privateExponent', 'd'],
  ['publicExponent', 'e'],
  ['p', 'p'],
  ['q', 'q'],
  ['primeExponentP', 'dp'],
  ['primeExponentQ', 'dq'],
  ['crtCoefficient', 'qi'],
];
type RsaField =
  | 'modulus'
  | 'privateExponent'
  | 'publicExponent'
  | 'p'
  | 'q'
  | 'primeExponentP'
  | 'primeExponentQ'
  | 'crtCoefficient';

/** The Transparent form of `key` in `format`, or undefined when that format does not fit the key. */
export function toTransparent(key: KeyObject, format: number): TransparentKeyMaterial | undefined {
  const isPrivate = key.type === 'private';
  if (key.asymmetricKeyType === 'rsa') {
    const want = isPrivate ? F.TransparentRSAPrivateKey : F.TransparentRSAPublicKey;
    if (format !== want) return undefined;
    const jwk = key.export({ format: 'jwk' }) as Record<string, string | undefined>;
    const out: Partial<Record<RsaField, bigint>> = {};
    for (const [field, name] of RSA_FIELDS) {
      if (!isPrivate && field !== 'modulus' && field !== 'publicExponent') continue;
      const v = jwk[name];
      if (v !== undefined) out[field] = bigIntFromBytes(Buffer.from(v, 'base64url'));
    }
    return out;
  }
  if (key.asymmetricKeyType === 'ec') {
    if (!(isPrivate ? TRANSPARENT_EC_PRIVATE : TRANSPARENT_EC_PUBLIC).has(format)) return undefined;
    const curve = curveByName(key.asymmetricKeyDetails?.namedCurve);
    const rc = recommendedOfCurve(curve?.name);
    if (curve === undefined || rc === undefined) return undefined;
    if (isPrivate)
      return {
        recommendedCurve: rc,
        d: bigIntFromBytes(sec1Scalar(key.export({ format: 'der', type: 'sec1' }))),
      };
    return { recommendedCurve: rc, qString: spkiPoint(key.export({ format: 'der', type: 'spki' })) };
  }
  return undefined;
}

/** A KeyObject from a Transparent RSA or EC key material. */
export function fromTransparent(format: number, m: TransparentKeyMaterial): KeyObject {
  if (format === F.TransparentRSAPrivateKey || format === F.TransparentRSAPublicKey) {
    const jwk: Record<string, string> = { kty: 'RSA' };
    for (const [field, name] of RSA_FIELDS) {
      const v = m[field];
      if (v !== undefined) jwk[name] = bytesFromBigInt(v).toString('base64url');
    }
    if (jwk.n === undefined || jwk.e === undefined)
      throw invalidField('a transparent RSA key needs the Modulus and Public Exponent');
    if (format === F.TransparentRSAPublicKey)
      return createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    return createPrivateKey({ key: jwk, format: 'jwk' });
  }
  const curve = m.recommendedCurve === undefined ? undefined : curveOfRecommended(m.recommendedCurve);
  if (curve === undefined)
    throw invalidField('a transparent EC key needs a Recommended Curve this server supports');
  if (TRANSPARENT_EC_PRIVATE.has(format)) {
    if (m.d === undefined) throw invalidField('a transparent EC private key needs D');
    return createPrivateKey({
      key: sec1PrivateKey(curve, bytesFromBigInt(m.d, curve.bytes)),
      format: 'der',
      type: 'sec1',
    });
  }
  if (TRANSPARENT_EC_PUBLIC.has(format)) {
    if (m.qString === undefined) throw invalidField('a transparent EC public key needs the Q String');
    return createPublicKey({ key: ecSpki(curve, m.qString), format: 'der', type: 'spki' });
  }
  throw invalidField('not a transparent asymmetric key format');
}
