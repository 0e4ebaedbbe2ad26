// Asymmetric keys: generating pairs for Create Key Pair (RSA 1024-4096, EC on the NIST curves and
// secp256k1, Ed25519, Ed448) and moving them between node KeyObjects and the KMIP Key Format Types
// (KMIP 2.1 §11.25): PKCS#1, PKCS#8, X.509 (SubjectPublicKeyInfo), ECPrivateKey (SEC1), Raw for
// the Edwards curves, and the Transparent structures (transparent-keys.ts).
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  X509Certificate,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import {
  CryptographicAlgorithm as A,
  KeyFormatType as F,
  RecommendedCurve as RC,
} from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import { keyBlockOf } from '../messages/payloads/key-block.js';
import { curveOfRecommended, fromTransparent, toTransparent } from './transparent-keys.js';
import { decodeStructure, encodeStructure } from '../messages/payloads/structures.js';

const generate = promisify(generateKeyPair);

export type AsymmetricKind = 'rsa' | 'ec' | 'ed25519' | 'ed448';

export function asymmetricKind(algorithm: number | undefined): AsymmetricKind | undefined {
  if (algorithm === undefined) return undefined;
  switch (algorithm) {
    case A.RSA:
      return 'rsa';
    case A.EC:
    case A.ECDSA:
    case A.ECDH:
    case A.ECMQV:
      return 'ec';
    case A.Ed25519:
      return 'ed25519';
    case A.Ed448:
      return 'ed448';
    default:
      return undefined;
  }
}

const CURVE_BY_LENGTH: ReadonlyMap<number, number> = new Map([
  [192, RC.P_192],
  [224, RC.P_224],
  [256, RC.P_256],
  [384, RC.P_384],
  [521, RC.P_521],
]);

export interface PairRequest {
  readonly algorithm: number;
  readonly length: number | undefined;
  /** Recommended Curve from Cryptographic Domain Parameters. */
  readonly curve: number | undefined;
}

export interface GeneratedPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The Cryptographic Length both objects get. */
  readonly length: number;
}

/** Generates a key pair, or Invalid Field when the algorithm/length/curve is not one the server makes. */
export async function generateAsymmetricPair(req: PairRequest): Promise<GeneratedPair> {
  const kind = asymmetricKind(req.algorithm);
  const fail = (why: string): KmipError => invalidField(`cannot create this key pair: ${why}`);
  try {
    switch (kind) {
      case 'rsa': {
        const bits = req.length;
        if (bits === undefined || bits < 1024 || bits > 4096 || bits % 8 !== 0) {
          throw fail('RSA lengths are 1024 to 4096 bits, a multiple of 8');
        }
        const p = await generate('rsa', { modulusLength: bits, publicExponent: 0x10001 });
        return { ...p, length: bits };
      }
      case 'ec': {
        const rc = req.curve ?? (req.length === undefined ? undefined : CURVE_BY_LENGTH.get(req.length));
        const curve = rc === undefined ? undefined : curveOfRecommended(rc);
        if (curve === undefined)
          throw fail(
            'EC keys are made on P-192, P-224, P-256, P-384, P-521 or secp256k1 (length 192 to 521)',
          );
        const p = await generate('ec', { namedCurve: curve.name });
        return { ...p, length: curve.name === 'secp521r1' ? 521 : curve.bytes * 8 };
      }
      case 'ed25519':
      case 'ed448': {
        const bits = kind === 'ed25519' ? [255, 256] : [448, 456];
        if (req.length !== undefined && !bits.includes(req.length))
          throw fail(`${kind} keys are ${bits.join(' or ')} bits`);
        const p = kind === 'ed25519' ? await generate('ed25519') : await generate('ed448');
        return { ...p, length: req.length ?? (kind === 'ed25519' ? 256 : 448) };
      }
      case undefined:
        throw fail('the algorithm is not RSA, EC, ECDSA, ECDH, Ed25519 or Ed448');
    }
  } catch (err) {
    if (err instanceof KmipError) throw err;
    throw new KmipError(
      ResultReason.CryptographicFailure,
      `key pair generation failed: ${(err as Error).message}`,
    );
  }
}

/** The format a new key is stored in: PKCS#1 for RSA (as the OASIS AKLC cases show), else PKCS#8 / X.509. */
export function storageFormat(key: KeyObject): number {
  if (key.asymmetricKeyType === 'rsa') return F.PKCS_1;
  return key.type === 'private' ? F.PKCS_8 : F.X_509;
}

const ED_PREFIX: Readonly<Record<string, { readonly pkcs8: string; readonly spki: string }>> = {
  ed25519: { pkcs8: '302e020100300506032b657004220420', spki: '302a300506032b6570032100' },
  ed448: { pkcs8: '3047020100300506032b6571043b0439', spki: '3043300506032b6571033a00' },
};

function bytes(b: Buffer | string): Buffer {
  return typeof b === 'string' ? Buffer.from(b) : b;
}

/** The key's material in `format` (Byte String or Transparent structure), or undefined when it does not apply. */
export function encodeKey(key: KeyObject, format: number): TtlvItem | undefined {
  const isPrivate = key.type === 'private';
  const t = key.asymmetricKeyType;
  const der = (d: Buffer | string): TtlvItem => ({
    tag: Tag.KeyMaterial,
    type: 'ByteString',
    value: bytes(d),
  });
  switch (format) {
    case F.PKCS_1:
      if (t !== 'rsa') return undefined;
      return der(
        isPrivate
          ? key.export({ format: 'der', type: 'pkcs1' })
          : key.export({ format: 'der', type: 'pkcs1' }),
      );
    case F.PKCS_8:
      return isPrivate ? der(key.export({ format: 'der', type: 'pkcs8' })) : undefined;
    case F.X_509:
      return isPrivate ? undefined : der(key.export({ format: 'der', type: 'spki' }));
    case F.ECPrivateKey:
      return isPrivate && t === 'ec' ? der(key.export({ format: 'der', type: 'sec1' })) : undefined;
    case F.Raw: {
      const prefix = t === undefined ? undefined : ED_PREFIX[t];
      if (prefix === undefined) return undefined;
      const d = bytes(
        isPrivate
          ? key.export({ format: 'der', type: 'pkcs8' })
          : key.export({ format: 'der', type: 'spki' }),
      );
      return der(d.subarray((isPrivate ? prefix.pkcs8 : prefix.spki).length / 2));
    }
    default: {
      const transparent = toTransparent(key, format);
      return transparent === undefined
        ? undefined
        : encodeStructure('TransparentKeyMaterial', transparent, undefined, Tag.KeyMaterial);
    }
  }
}

function decodeRaw(m: Uint8Array, algorithm: number | undefined, isPrivate: boolean): KeyObject {
  const kind = asymmetricKind(algorithm);
  const prefix = kind === undefined ? undefined : ED_PREFIX[kind];
  if (prefix === undefined)
    throw invalidField('Raw asymmetric keys are only defined here for Ed25519 and Ed448');
  const der = Buffer.concat([Buffer.from(isPrivate ? prefix.pkcs8 : prefix.spki, 'hex'), m]);
  return isPrivate
    ? createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
    : createPublicKey({ key: der, format: 'der', type: 'spki' });
}

function decodeBytes(
  format: number,
  m: Uint8Array,
  isPrivate: boolean,
  algorithm: number | undefined,
): KeyObject {
  const key = Buffer.from(m);
  switch (format) {
    case F.PKCS_1:
      return isPrivate
        ? createPrivateKey({ key, format: 'der', type: 'pkcs1' })
        : createPublicKey({ key, format: 'der', type: 'pkcs1' });
    case F.PKCS_8:
      if (!isPrivate) throw invalidField('PKCS#8 holds private keys');
      return createPrivateKey({ key, format: 'der', type: 'pkcs8' });
    case F.ECPrivateKey:
      if (!isPrivate) throw invalidField('ECPrivateKey holds private keys');
      return createPrivateKey({ key, format: 'der', type: 'sec1' });
    case F.X_509:
      if (isPrivate) throw invalidField('X.509 holds public keys');
      try {
        return createPublicKey({ key, format: 'der', type: 'spki' });
      } catch {
        return new X509Certificate(key).publicKey; // a whole certificate also names a public key
      }
    case F.Raw:
      return decodeRaw(m, algorithm, isPrivate);
    default:
      throw invalidField('this key format does not hold an asymmetric key as bytes');
  }
}

/** A KeyObject from a key block's format and material. */
export function decodeKey(
  format: number,
  m: TtlvItem | undefined,
  isPrivate: boolean,
  algorithm?: number,
): KeyObject {
  try {
    if (m?.type === 'ByteString') return decodeBytes(format, m.value, isPrivate, algorithm);
    if (m?.type === 'Structure') {
      const k = fromTransparent(format, decodeStructure('TransparentKeyMaterial', m));
      if ((k.type === 'private') !== isPrivate)
        throw invalidField('the transparent key is of the other half of the pair');
      return k;
    }
  } catch (err) {
    if (err instanceof KmipError) throw err;
    throw new KmipError(
      ResultReason.CryptographicFailure,
      `the key material cannot be read: ${(err as Error).message}`,
    );
  }
  throw new KmipError(ResultReason.KeyValueNotPresent, 'the key has no key material');
}

/** The KeyObject of a Private Key or Public Key object structure. */
export function keyObjectOfBody(body: StructureItem): KeyObject {
  const view = keyBlockOf(body);
  if (view === undefined) throw new KmipError(ResultReason.KeyValueNotPresent, 'the object has no Key Block');
  if (view.wrapped)
    throw new KmipError(ResultReason.CryptographicFailure, 'the key is stored wrapped and cannot be used');
  if (body.tag !== Tag.PrivateKey && body.tag !== Tag.PublicKey) throw invalidField('not an asymmetric key');
  return decodeKey(view.keyFormatType, view.keyMaterial, body.tag === Tag.PrivateKey, view.algorithm);
}

/** Modulus bits (RSA), curve bits (EC) or the conventional length of an Edwards key. */
export function keyLength(key: KeyObject): number | undefined {
  const d = key.asymmetricKeyDetails;
  if (d?.modulusLength !== undefined) return d.modulusLength;
  if (key.asymmetricKeyType === 'ed25519') return 256;
  if (key.asymmetricKeyType === 'ed448') return 448;
  const curve = d?.namedCurve;
  if (curve === 'secp521r1') return 521;
  const m = /(\d{3})/.exec(curve ?? '');
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
