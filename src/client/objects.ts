// Managed objects in client requests and responses (KMIP 2.1 §2.2): the object structures
// Register sends (symmetric keys as Raw bytes, secret data and opaque objects, certificates,
// public and private keys as DER) and a plain view of the object a Get returns.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { CryptographicUsageMask, KeyFormatType, ObjectType } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import type { KeyBlock } from '../messages/payloads/generated/types.js';
import {
  keyBlockOf,
  keyValueOfMaterial,
  rawKeyBytes,
  type KeyBlockView,
} from '../messages/payloads/key-block.js';
import { decodeStructure, encodeStructure } from '../messages/payloads/structures.js';
import { enumText, enumValue } from './values.js';
import { encodeAttribute1x, type Attribute } from '../messages/attributes.js';

type EnumInput = string | number;

export type RegisterObject =
  | {
      readonly kind: 'symmetric-key';
      readonly algorithm: EnumInput;
      readonly key: Uint8Array;
      readonly length?: number;
    }
  | { readonly kind: 'secret-data'; readonly data: Uint8Array; readonly secretDataType?: EnumInput }
  | { readonly kind: 'opaque'; readonly data: Uint8Array; readonly opaqueDataType?: number }
  | { readonly kind: 'certificate'; readonly der: Uint8Array; readonly certificateType?: EnumInput }
  | {
      readonly kind: 'public-key' | 'private-key';
      readonly der: Uint8Array;
      /** Public: X_509 (SubjectPublicKeyInfo, default) or PKCS_1; private: PKCS_8 (default) or PKCS_1. */
      readonly format?: EnumInput;
      /** Read from the DER (RSA, EC, DSA) when absent. */
      readonly algorithm?: EnumInput;
      readonly length?: number;
    }
  | {
      /** One part of a split key (KMIP 2.1 §2.8): the part's bytes in Raw format. */
      readonly kind: 'split-key';
      readonly key: Uint8Array;
      readonly algorithm: EnumInput;
      readonly length?: number;
      readonly parts: number;
      readonly partId: number;
      readonly threshold: number;
      /** 'XOR', 'PolynomialSharingGF2_16', 'PolynomialSharingPrimeField' … */
      readonly method: EnumInput;
      /** Required by the prime-field method. */
      readonly primeFieldSize?: bigint;
    }
  | {
      /** An ASCII-armored PGP key (RFC 4880), stored as an opaque Key Block (KMIP 2.1 §2.4). */
      readonly kind: 'pgp-key';
      readonly data: Uint8Array;
      /** PGP Key Version: 3 or 4 (default 4). */
      readonly version?: number;
    }
  | {
      readonly kind: 'certificate-request';
      readonly data: Uint8Array;
      /** 'PKCS_10' (DER, the default), 'PEM', 'CRMF'. */
      readonly requestType?: EnumInput;
    }
  | {
      /** KMIP 1.x only: a Template holding attributes for later requests to name. */
      readonly kind: 'template';
      readonly attributes: readonly Attribute[];
    };

export interface ObjectBody {
  readonly objectType: number;
  readonly body: StructureItem;
  /** The Cryptographic Usage Mask registered when the caller gives none. */
  readonly defaultUsageMask?: number;
}

/** PyKMIP's Opaque Data Type "None": the spec defines only the extension range. */
export const OPAQUE_DATA_TYPE_NONE = 0x80000000;

function keyBlock(format: number, material: Uint8Array, algorithm?: number, length?: number): KeyBlock {
  return {
    keyFormatType: format,
    keyValue: keyValueOfMaterial({ tag: Tag.KeyMaterial, type: 'ByteString', value: material }),
    ...(algorithm === undefined ? {} : { cryptographicAlgorithm: algorithm }),
    ...(length === undefined ? {} : { cryptographicLength: length }),
  };
}

const { Encrypt, Decrypt, Sign, Verify } = CryptographicUsageMask;

/** Algorithm and length of an asymmetric key, as node:crypto reads them. */
function keyDetails(key: KeyObject): { algorithm?: string; length?: number } {
  const d = key.asymmetricKeyDetails ?? {};
  const curveBits: Record<string, number> = {
    prime256v1: 256,
    secp384r1: 384,
    secp521r1: 521,
    secp224r1: 224,
  };
  const type = key.asymmetricKeyType;
  const modulus = d.modulusLength !== undefined ? { length: d.modulusLength } : {};
  if (type === 'rsa' || type === 'rsa-pss') return { algorithm: 'RSA', ...modulus };
  if (type === 'dsa') return { algorithm: 'DSA', ...modulus };
  if (type === 'ec') {
    const bits = d.namedCurve === undefined ? undefined : curveBits[d.namedCurve];
    return { algorithm: 'EC', ...(bits !== undefined ? { length: bits } : {}) };
  }
  return {};
}

function asymmetricBody(o: Extract<RegisterObject, { kind: 'public-key' | 'private-key' }>): ObjectBody {
  const isPublic = o.kind === 'public-key';
  const format = enumValue('KeyFormatType', o.format ?? (isPublic ? 'X_509' : 'PKCS_8'), 'key format');
  let details: { algorithm?: string; length?: number } = {};
  if (o.algorithm === undefined || o.length === undefined) {
    const der = Buffer.from(o.der);
    const pkcs1 = format === KeyFormatType.PKCS_1;
    details = keyDetails(
      isPublic
        ? createPublicKey({ key: der, format: 'der', type: pkcs1 ? 'pkcs1' : 'spki' })
        : createPrivateKey({ key: der, format: 'der', type: pkcs1 ? 'pkcs1' : 'pkcs8' }),
    );
  }
  const algorithm = o.algorithm ?? details.algorithm;
  if (algorithm === undefined) throw new TypeError('give the key algorithm: it cannot be read from this key');
  const length = o.length ?? details.length;
  return {
    objectType: isPublic ? ObjectType.PublicKey : ObjectType.PrivateKey,
    body: encodeStructure(isPublic ? 'PublicKey' : 'PrivateKey', {
      keyBlock: keyBlock(format, o.der, enumValue('CryptographicAlgorithm', algorithm), length),
    }),
    defaultUsageMask: isPublic ? Verify : Sign,
  };
}

/** The object structure a Register request carries, and its Object Type. */
export function objectBody(o: RegisterObject): ObjectBody {
  switch (o.kind) {
    case 'symmetric-key': {
      const alg = enumValue('CryptographicAlgorithm', o.algorithm, 'algorithm');
      return {
        objectType: ObjectType.SymmetricKey,
        body: encodeStructure('SymmetricKey', {
          keyBlock: keyBlock(KeyFormatType.Raw, o.key, alg, o.length ?? o.key.length * 8),
        }),
        defaultUsageMask: Encrypt | Decrypt,
      };
    }
    case 'secret-data':
      return {
        objectType: ObjectType.SecretData,
        body: encodeStructure('SecretData', {
          secretDataType: enumValue('SecretDataType', o.secretDataType ?? 'Password', 'secret data type'),
          keyBlock: keyBlock(KeyFormatType.Opaque, o.data),
        }),
      };
    case 'opaque':
      return {
        objectType: ObjectType.OpaqueObject,
        body: encodeStructure('OpaqueObject', {
          opaqueDataType: o.opaqueDataType ?? OPAQUE_DATA_TYPE_NONE,
          opaqueDataValue: o.data,
        }),
      };
    case 'certificate':
      return {
        objectType: ObjectType.Certificate,
        body: encodeStructure('Certificate', {
          certificateType: enumValue('CertificateType', o.certificateType ?? 'X_509', 'certificate type'),
          certificateValue: o.der,
        }),
      };
    case 'public-key':
    case 'private-key':
      return asymmetricBody(o);
    case 'split-key':
    case 'pgp-key':
    case 'certificate-request':
    case 'template':
      return otherBody(o);
  }
}

type OtherObject = Extract<
  RegisterObject,
  { kind: 'split-key' | 'pgp-key' | 'certificate-request' | 'template' }
>;

function otherBody(o: OtherObject): ObjectBody {
  switch (o.kind) {
    case 'split-key': {
      const alg = enumValue('CryptographicAlgorithm', o.algorithm, 'algorithm');
      return {
        objectType: ObjectType.SplitKey,
        body: encodeStructure('SplitKey', {
          splitKeyParts: o.parts,
          keyPartIdentifier: o.partId,
          splitKeyThreshold: o.threshold,
          splitKeyMethod: enumValue('SplitKeyMethod', o.method, 'split key method'),
          ...(o.primeFieldSize !== undefined ? { primeFieldSize: o.primeFieldSize } : {}),
          keyBlock: keyBlock(KeyFormatType.Raw, o.key, alg, o.length ?? o.key.length * 8),
        }),
        defaultUsageMask: Encrypt | Decrypt,
      };
    }
    case 'pgp-key':
      return {
        objectType: ObjectType.PGPKey,
        body: encodeStructure('PGPKey', {
          pgpKeyVersion: o.version ?? 4,
          keyBlock: keyBlock(KeyFormatType.Opaque, o.data),
        }),
      };
    case 'certificate-request':
      return {
        objectType: ObjectType.CertificateRequest,
        body: encodeStructure('CertificateRequest', {
          certificateRequestType: enumValue(
            'CertificateRequestType',
            o.requestType ?? 'PKCS_10',
            'certificate request type',
          ),
          certificateRequestValue: o.data,
        }),
      };
    case 'template':
      // 1.x Attribute structures as they are (the Template's fields are attributes, not typed ones).
      return {
        objectType: ObjectType.Template,
        body: { tag: Tag.Template, type: 'Structure', value: o.attributes.map(encodeAttribute1x) },
      };
  }
}

/** A managed object as Get returns it, with the fields a caller usually wants lifted out. */
export interface ManagedObjectView {
  readonly uid: string;
  /** 'SymmetricKey', 'PrivateKey' … */
  readonly objectType: string;
  readonly keyFormatType?: string;
  readonly algorithm?: string;
  readonly length?: number;
  /** True when the Key Block carries Key Wrapping Data. */
  readonly wrapped: boolean;
  /** The object's bytes: Byte String key material, certificate value or opaque data. */
  readonly value?: Uint8Array;
  /** Transparent key formats: the Key Material structure. */
  readonly keyMaterial?: TtlvItem;
  readonly secretDataType?: string;
  readonly certificateType?: string;
  /** The object structure as received. */
  readonly object: TtlvItem;
}

/** What an object structure says besides its Key Block; a structure the tables cannot read says nothing. */
function objectFields(object: StructureItem): {
  secretDataType?: number;
  certificateType?: number;
  value?: Uint8Array;
} {
  try {
    switch (object.tag) {
      case Tag.SecretData:
        return { secretDataType: decodeStructure('SecretData', object).secretDataType };
      case Tag.Certificate: {
        const c = decodeStructure('Certificate', object);
        return { certificateType: c.certificateType, value: c.certificateValue };
      }
      case Tag.OpaqueObject:
        return { value: decodeStructure('OpaqueObject', object).opaqueDataValue };
      default:
        return {};
    }
  } catch (err) {
    if (err instanceof KmipError) return {};
    throw err;
  }
}

function keyBlockView(object: StructureItem): KeyBlockView | undefined {
  try {
    return keyBlockOf(object);
  } catch (err) {
    if (err instanceof KmipError) return undefined;
    throw err;
  }
}

export function objectView(uid: string, objectType: number, object: StructureItem): ManagedObjectView {
  const out: { -readonly [K in keyof ManagedObjectView]?: ManagedObjectView[K] } = {
    uid,
    objectType: enumText('ObjectType', objectType),
    object,
    wrapped: false,
  };
  const kb = keyBlockView(object);
  if (kb !== undefined) {
    out.keyFormatType = enumText('KeyFormatType', kb.keyFormatType);
    if (kb.algorithm !== undefined) out.algorithm = enumText('CryptographicAlgorithm', kb.algorithm);
    if (kb.length !== undefined) out.length = kb.length;
    out.wrapped = kb.wrapped;
    const bytes = rawKeyBytes(kb);
    if (bytes !== undefined) out.value = bytes;
    else if (kb.keyMaterial !== undefined) out.keyMaterial = kb.keyMaterial;
  }
  const fields = objectFields(object);
  if (fields.secretDataType !== undefined)
    out.secretDataType = enumText('SecretDataType', fields.secretDataType);
  if (fields.certificateType !== undefined)
    out.certificateType = enumText('CertificateType', fields.certificateType);
  if (fields.value !== undefined) out.value = fields.value;
  return out as ManagedObjectView;
}
