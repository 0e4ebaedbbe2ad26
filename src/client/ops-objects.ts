// Object operations: Create, Create Key Pair, Register, Get, Locate, Activate, Revoke, Destroy
// (KMIP 1.4 §4 / 2.1 §6.1). Request field order follows the spec's payload tables.
import { ObjectType, RevocationReasonCode } from '../spec/generated/enums.js';
import { Tag } from '../spec/generated/tags.js';
import { attributeSpecName, toAttributes, type AttributeMap } from './attribute-io.js';
import { objectBody, objectView, type ManagedObjectView, type RegisterObject } from './objects.js';
import {
  answered,
  maskValue,
  plainStructure,
  target,
  typedOperation,
  uidAnswer,
  type EnumInput,
  type KmipOperation,
  type MaskInput,
} from './operation.js';
import { enumText, enumValue, type PlainStructure } from './values.js';

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
  return typedOperation(
    'Create',
    () => ({ objectType, attributes: attrs }),
    (r) => ({
      ...uidAnswer(r),
      objectType: enumText('ObjectType', r.objectType ?? objectType),
    }),
  );
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
  return typedOperation(
    'CreateKeyPair',
    () => ({ commonAttributes: common, privateKeyAttributes: priv, publicKeyAttributes: pub }),
    (r) => ({
      privateKeyUid: answered(r.privateKeyUniqueIdentifier, 'Private Key Unique Identifier'),
      publicKeyUid: answered(r.publicKeyUniqueIdentifier, 'Public Key Unique Identifier'),
    }),
  );
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
  return typedOperation('Register', () => ({ objectType, attributes: attrs, object: body }), uidAnswer);
}

export interface GetOptions {
  /** Key Format Type to return the key in: 'Raw', 'PKCS_8', 'X_509', 'TransparentSymmetricKey' … */
  readonly format?: EnumInput;
  /** Key Wrapping Specification, as a plain structure. */
  readonly wrapping?: PlainStructure;
}

export function getOp(uid: string | undefined, o: GetOptions = {}): KmipOperation<ManagedObjectView> {
  return typedOperation(
    'Get',
    (version) => ({
      ...target(uid),
      ...(o.format !== undefined ? { keyFormatType: enumValue('KeyFormatType', o.format) } : {}),
      ...(o.wrapping !== undefined
        ? {
            keyWrappingSpecification: plainStructure(
              'KeyWrappingSpecification',
              Tag.KeyWrappingSpecification,
              o.wrapping,
              version,
            ),
          }
        : {}),
    }),
    (r) =>
      objectView(
        answered(r.uniqueIdentifier, 'Unique Identifier'),
        r.objectType ?? 0,
        r.object ?? { tag: 0, type: 'Structure', value: [] },
      ),
  );
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
  return typedOperation(
    'Locate',
    // 2.x requires the Attributes structure, even empty (it then matches every object).
    () => ({
      ...(o.maximumItems !== undefined ? { maximumItems: o.maximumItems } : {}),
      ...(o.offsetItems !== undefined ? { offsetItems: o.offsetItems } : {}),
      ...(o.storageStatusMask !== undefined ? { storageStatusMask: o.storageStatusMask } : {}),
      attributes: attrs,
    }),
    (r) => ({
      uids: r.uniqueIdentifier ?? [],
      ...(r.locatedItems !== undefined ? { locatedItems: r.locatedItems } : {}),
    }),
  );
}

export const activateOp = (uid?: string): KmipOperation<{ uid: string }> =>
  typedOperation('Activate', () => target(uid), uidAnswer);

export const destroyOp = (uid?: string): KmipOperation<{ uid: string }> =>
  typedOperation('Destroy', () => target(uid), uidAnswer);

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
  return typedOperation(
    'Revoke',
    () => ({
      ...target(uid),
      revocationReason: {
        revocationReasonCode: code,
        ...(o.message !== undefined ? { revocationMessage: o.message } : {}),
      },
      ...(date !== undefined ? { compromiseOccurrenceDate: BigInt(Math.floor(date.getTime() / 1000)) } : {}),
    }),
    uidAnswer,
  );
}
