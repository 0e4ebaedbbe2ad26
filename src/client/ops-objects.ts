// Object operations: Create, Create Key Pair, Register, Get, Locate, Activate, Revoke, Destroy
// (KMIP 1.4 §4 / 2.1 §6.1). Request field order follows the spec's payload tables.
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ObjectType, Operation, RevocationReasonCode } from '../spec/generated/enums.js';
import { dateTime } from '../ttlv/builders.js';
import { toItem, type PlainStructure } from './values.js';
import {
  attributeContainer,
  attributeSpecName,
  directAttributeItems,
  toAttributes,
  type AttributeMap,
} from './attribute-io.js';
import { objectBody, objectView, type ManagedObjectView, type RegisterObject } from './objects.js';
import {
  maskValue,
  textOf,
  uidItems,
  uidOf,
  uidOperation,
  type EnumInput,
  type KmipOperation,
  type MaskInput,
} from './operation.js';
import { enumText, enumValue } from './values.js';

/** Attributes from named options first, then the caller's map (which wins on a clash). */
function mergeAttributes(named: AttributeMap, extra: AttributeMap | undefined): AttributeMap {
  const out: Record<string, AttributeMap[string]> = {};
  for (const [k, v] of Object.entries(named)) if (v !== undefined) out[attributeSpecName(k)] = v;
  for (const [k, v] of Object.entries(extra ?? {})) out[attributeSpecName(k)] = v;
  return out;
}

const usage = (m: MaskInput | undefined): number | undefined =>
  m === undefined ? undefined : maskValue('CryptographicUsageMask', m);

export interface CreateOptions {
  /** 'AES', '3DES', 'HMAC_SHA256' … */
  readonly algorithm: EnumInput;
  readonly length: number;
  /** Default: Encrypt Decrypt. */
  readonly usageMask?: MaskInput;
  readonly name?: string | readonly string[];
  readonly attributes?: AttributeMap;
  /** Default: Symmetric Key. */
  readonly objectType?: EnumInput;
}

export interface CreateResult {
  readonly uid: string;
  readonly objectType: string;
}

export function createOp(o: CreateOptions): KmipOperation<CreateResult> {
  const objectType = enumValue('ObjectType', o.objectType ?? ObjectType.SymmetricKey, 'object type');
  const attrs = toAttributes(
    mergeAttributes(
      {
        'Cryptographic Algorithm': enumValue('CryptographicAlgorithm', o.algorithm, 'algorithm'),
        'Cryptographic Length': o.length,
        'Cryptographic Usage Mask': usage(o.usageMask ?? 'Encrypt Decrypt'),
        Name: o.name,
      },
      o.attributes,
    ),
  );
  return {
    operation: Operation.Create,
    payload: (ctx) => [
      { tag: Tag.ObjectType, type: 'Enumeration', value: objectType },
      attributeContainer(attrs, ctx.kmip2),
    ],
    parse: (p) => {
      const t = p.value.find((c) => c.tag === Tag.ObjectType);
      return {
        uid: uidOf(p),
        objectType: enumText('ObjectType', t?.type === 'Enumeration' ? t.value : objectType),
      };
    },
  };
}

export interface CreateKeyPairOptions {
  /** 'RSA', 'EC', 'ECDSA' … */
  readonly algorithm: EnumInput;
  readonly length: number;
  /** A Name on both keys (PyKMIP's create_key_pair(name=…)). */
  readonly name?: string;
  readonly privateName?: string;
  readonly publicName?: string;
  /** Default: Sign. */
  readonly privateUsageMask?: MaskInput;
  /** Default: Verify. */
  readonly publicUsageMask?: MaskInput;
  readonly commonAttributes?: AttributeMap;
  readonly privateAttributes?: AttributeMap;
  readonly publicAttributes?: AttributeMap;
}

export interface CreateKeyPairResult {
  readonly privateKeyUid: string;
  readonly publicKeyUid: string;
}

export function createKeyPairOp(o: CreateKeyPairOptions): KmipOperation<CreateKeyPairResult> {
  const common = toAttributes(
    mergeAttributes(
      {
        'Cryptographic Algorithm': enumValue('CryptographicAlgorithm', o.algorithm, 'algorithm'),
        'Cryptographic Length': o.length,
        Name: o.name,
      },
      o.commonAttributes,
    ),
  );
  const priv = toAttributes(
    mergeAttributes(
      { 'Cryptographic Usage Mask': usage(o.privateUsageMask ?? 'Sign'), Name: o.privateName },
      o.privateAttributes,
    ),
  );
  const pub = toAttributes(
    mergeAttributes(
      { 'Cryptographic Usage Mask': usage(o.publicUsageMask ?? 'Verify'), Name: o.publicName },
      o.publicAttributes,
    ),
  );
  return {
    operation: Operation.CreateKeyPair,
    payload: (ctx) => [
      attributeContainer(common, ctx.kmip2, Tag.CommonTemplateAttribute, Tag.CommonAttributes),
      attributeContainer(priv, ctx.kmip2, Tag.PrivateKeyTemplateAttribute, Tag.PrivateKeyAttributes),
      attributeContainer(pub, ctx.kmip2, Tag.PublicKeyTemplateAttribute, Tag.PublicKeyAttributes),
    ],
    parse: (p) => ({
      privateKeyUid: textOf(p, Tag.PrivateKeyUniqueIdentifier, 'Private Key Unique Identifier'),
      publicKeyUid: textOf(p, Tag.PublicKeyUniqueIdentifier, 'Public Key Unique Identifier'),
    }),
  };
}

export interface RegisterOptions {
  readonly name?: string | readonly string[];
  /** Default: Encrypt Decrypt for symmetric keys, Sign / Verify for private / public keys, none otherwise. */
  readonly usageMask?: MaskInput;
  readonly attributes?: AttributeMap;
}

export function registerOp(object: RegisterObject, o: RegisterOptions = {}): KmipOperation<{ uid: string }> {
  const { objectType, body, defaultUsageMask } = objectBody(object);
  const attrs = toAttributes(
    mergeAttributes(
      { 'Cryptographic Usage Mask': usage(o.usageMask) ?? defaultUsageMask, Name: o.name },
      o.attributes,
    ),
  );
  return uidOperation(Operation.Register, (ctx) => [
    { tag: Tag.ObjectType, type: 'Enumeration', value: objectType },
    attributeContainer(attrs, ctx.kmip2),
    body,
  ]);
}

export interface GetOptions {
  /** Key Format Type to return the key in: 'Raw', 'PKCS_8', 'X_509', 'TransparentSymmetricKey' … */
  readonly format?: EnumInput;
  /** Key Wrapping Specification, as a plain structure. */
  readonly wrapping?: PlainStructure;
}

export function getOp(uid: string | undefined, o: GetOptions = {}): KmipOperation<ManagedObjectView> {
  return {
    operation: Operation.Get,
    payload: () => {
      const out: TtlvItem[] = uidItems(uid);
      if (o.format !== undefined) {
        out.push({
          tag: Tag.KeyFormatType,
          type: 'Enumeration',
          value: enumValue('KeyFormatType', o.format),
        });
      }
      if (o.wrapping !== undefined) out.push(toItem(Tag.KeyWrappingSpecification, o.wrapping));
      return out;
    },
    parse: (p) => {
      const t = p.value.find((c) => c.tag === Tag.ObjectType);
      const body = p.value.find((c) => c.tag !== Tag.ObjectType && c.tag !== Tag.UniqueIdentifier);
      if (t?.type !== 'Enumeration' || body === undefined) {
        return objectView(uidOf(p), t?.type === 'Enumeration' ? t.value : 0, {
          tag: 0,
          type: 'Structure',
          value: [],
        });
      }
      return objectView(uidOf(p), t.value, body);
    },
  };
}

export interface LocateOptions {
  readonly name?: string;
  readonly objectType?: EnumInput;
  /** Any other attributes the objects must have. */
  readonly attributes?: AttributeMap;
  readonly maximumItems?: number;
  readonly offsetItems?: number;
  /** Storage Status Mask (1: on-line, 2: archival, 4: destroyed (2.x)). */
  readonly storageStatusMask?: number;
}

export interface LocateResult {
  readonly uids: readonly string[];
  /** Sent by KMIP 1.3+ servers when asked to page (Offset Items). */
  readonly locatedItems?: number;
}

export function locateOp(o: LocateOptions = {}): KmipOperation<LocateResult> {
  const attrs = toAttributes(
    mergeAttributes(
      {
        'Object Type':
          o.objectType === undefined ? undefined : enumValue('ObjectType', o.objectType, 'object type'),
        Name: o.name,
      },
      o.attributes,
    ),
  );
  return {
    operation: Operation.Locate,
    payload: (ctx) => {
      const out: TtlvItem[] = [];
      if (o.maximumItems !== undefined)
        out.push({ tag: Tag.MaximumItems, type: 'Integer', value: o.maximumItems });
      if (o.offsetItems !== undefined)
        out.push({ tag: Tag.OffsetItems, type: 'Integer', value: o.offsetItems });
      if (o.storageStatusMask !== undefined) {
        out.push({ tag: Tag.StorageStatusMask, type: 'Integer', value: o.storageStatusMask });
      }
      // 2.x requires the Attributes structure, even empty; 1.x lists Attribute items directly.
      out.push(...directAttributeItems(attrs, ctx.kmip2));
      return out;
    },
    parse: (p) => {
      const located = p.value.find((c) => c.tag === Tag.LocatedItems);
      const uids = p.value.flatMap((c) =>
        c.tag === Tag.UniqueIdentifier && c.type === 'TextString' ? [c.value] : [],
      );
      return { uids, ...(located?.type === 'Integer' ? { locatedItems: located.value } : {}) };
    },
  };
}

export const activateOp = (uid?: string): KmipOperation<{ uid: string }> =>
  uidOperation(Operation.Activate, () => uidItems(uid));

export const destroyOp = (uid?: string): KmipOperation<{ uid: string }> =>
  uidOperation(Operation.Destroy, () => uidItems(uid));

export interface RevokeOptions {
  /** Revocation Reason Code (default Unspecified): 'KeyCompromise', 'CessationOfOperation' … */
  readonly reason?: EnumInput;
  readonly message?: string;
  /** Needed for the compromise reasons; defaults to now for them. */
  readonly compromiseOccurrenceDate?: Date;
}

export function revokeOp(uid: string | undefined, o: RevokeOptions = {}): KmipOperation<{ uid: string }> {
  const code = enumValue(
    'RevocationReasonCode',
    o.reason ?? RevocationReasonCode.Unspecified,
    'revocation reason',
  );
  const compromise =
    code === RevocationReasonCode.KeyCompromise || code === RevocationReasonCode.CACompromise;
  const date = o.compromiseOccurrenceDate ?? (compromise ? new Date() : undefined);
  return uidOperation(Operation.Revoke, () => {
    const reason: TtlvItem[] = [{ tag: Tag.RevocationReasonCode, type: 'Enumeration', value: code }];
    if (o.message !== undefined)
      reason.push({ tag: Tag.RevocationMessage, type: 'TextString', value: o.message });
    const out: TtlvItem[] = [
      ...uidItems(uid),
      { tag: Tag.RevocationReason, type: 'Structure', value: reason },
    ];
    if (date !== undefined) out.push(dateTime(Tag.CompromiseOccurrenceDate, date));
    return out;
  });
}
