// Cryptographic operations (KMIP 2.1 §6.1.14/18/20/30/46/49/50, 1.4 §4.4/4.29–4.33): Encrypt,
// Decrypt, Sign, Signature Verify, MAC, Derive Key, Re-key. Single-part only: the multi-part
// fields (Correlation Value, Init/Final Indicator) can go through `request()`.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ObjectType, Operation, ValidityIndicator } from '../spec/generated/enums.js';
import { toItem, enumText, enumValue, type PlainStructure } from './values.js';
import { attributeContainer, toAttributes, type AttributeMap } from './attribute-io.js';
import {
  bytesOf,
  optionalBytes,
  uidItems,
  uidOf,
  uidOperation,
  type EnumInput,
  type KmipOperation,
} from './operation.js';

export interface CryptoOptions {
  /** Cryptographic Parameters: { BlockCipherMode: 'CBC', PaddingMethod: 'PKCS5', … }. */
  readonly parameters?: PlainStructure;
}

function head(uid: string | undefined, o: CryptoOptions): TtlvItem[] {
  const out = uidItems(uid);
  if (o.parameters !== undefined) out.push(toItem(Tag.CryptographicParameters, o.parameters));
  return out;
}

const bytes = (tag: number, value: Uint8Array): TtlvItem => ({ tag, type: 'ByteString', value });

export interface EncryptOptions extends CryptoOptions {
  readonly iv?: Uint8Array;
  /** Authenticated Encryption Additional Data (GCM …). */
  readonly aad?: Uint8Array;
}

export interface EncryptResult {
  readonly uid: string;
  readonly data: Uint8Array;
  /** The IV/Counter/Nonce the server chose (Random IV). */
  readonly iv?: Uint8Array;
  /** Authenticated Encryption Tag. */
  readonly tag?: Uint8Array;
}

function optional<K extends string>(key: K, v: Uint8Array | undefined): { [P in K]?: Uint8Array } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: Uint8Array };
}

export function encryptOp(
  uid: string | undefined,
  data: Uint8Array,
  o: EncryptOptions = {},
): KmipOperation<EncryptResult> {
  return {
    operation: Operation.Encrypt,
    payload: () => {
      const out = [...head(uid, o), bytes(Tag.Data, data)];
      if (o.iv !== undefined) out.push(bytes(Tag.IVCounterNonce, o.iv));
      if (o.aad !== undefined) out.push(bytes(Tag.AuthenticatedEncryptionAdditionalData, o.aad));
      return out;
    },
    parse: (p) => ({
      uid: uidOf(p),
      data: bytesOf(p, Tag.Data, 'Data'),
      ...optional('iv', optionalBytes(p, Tag.IVCounterNonce)),
      ...optional('tag', optionalBytes(p, Tag.AuthenticatedEncryptionTag)),
    }),
  };
}

export interface DecryptOptions extends EncryptOptions {
  /** Authenticated Encryption Tag to check. */
  readonly tag?: Uint8Array;
}

export function decryptOp(
  uid: string | undefined,
  data: Uint8Array,
  o: DecryptOptions = {},
): KmipOperation<{ uid: string; data: Uint8Array }> {
  return {
    operation: Operation.Decrypt,
    payload: () => {
      const out = [...head(uid, o), bytes(Tag.Data, data)];
      if (o.iv !== undefined) out.push(bytes(Tag.IVCounterNonce, o.iv));
      if (o.aad !== undefined) out.push(bytes(Tag.AuthenticatedEncryptionAdditionalData, o.aad));
      if (o.tag !== undefined) out.push(bytes(Tag.AuthenticatedEncryptionTag, o.tag));
      return out;
    },
    parse: (p) => ({ uid: uidOf(p), data: bytesOf(p, Tag.Data, 'Data') }),
  };
}

export interface SignOptions extends CryptoOptions {
  /** The data is already a digest (sent as Digested Data). */
  readonly digested?: boolean;
}

export function signOp(
  uid: string | undefined,
  data: Uint8Array,
  o: SignOptions = {},
): KmipOperation<{ uid: string; signature: Uint8Array }> {
  return {
    operation: Operation.Sign,
    payload: () => [...head(uid, o), bytes(o.digested === true ? Tag.DigestedData : Tag.Data, data)],
    parse: (p) => ({ uid: uidOf(p), signature: bytesOf(p, Tag.SignatureData, 'Signature Data') }),
  };
}

export interface VerifyResult {
  readonly uid: string;
  readonly valid: boolean;
  /** 'Valid', 'Invalid' or 'Unknown'. */
  readonly validityIndicator: string;
}

/** The Validity Indicator of a Signature Verify or MAC Verify response. */
export function verifyResult(p: StructureItem): VerifyResult {
  const v = p.value.find((c) => c.tag === Tag.ValidityIndicator);
  const value = v?.type === 'Enumeration' ? v.value : ValidityIndicator.Unknown;
  return {
    uid: uidOf(p),
    valid: value === ValidityIndicator.Valid,
    validityIndicator: enumText('ValidityIndicator', value),
  };
}

export function signatureVerifyOp(
  uid: string | undefined,
  data: Uint8Array,
  signature: Uint8Array,
  o: SignOptions = {},
): KmipOperation<VerifyResult> {
  return {
    operation: Operation.SignatureVerify,
    payload: () => [
      ...head(uid, o),
      bytes(o.digested === true ? Tag.DigestedData : Tag.Data, data),
      bytes(Tag.SignatureData, signature),
    ],
    parse: verifyResult,
  };
}

export function macOp(
  uid: string | undefined,
  data: Uint8Array,
  o: CryptoOptions = {},
): KmipOperation<{ uid: string; mac: Uint8Array }> {
  return {
    operation: Operation.MAC,
    payload: () => [...head(uid, o), bytes(Tag.Data, data)],
    parse: (p) => ({ uid: uidOf(p), mac: bytesOf(p, Tag.MACData, 'MAC Data') }),
  };
}

export interface DeriveKeyOptions {
  /** The objects derived from (Derive Key never uses the ID Placeholder). */
  readonly baseUids: readonly string[];
  /** 'PBKDF2', 'HASH', 'HMAC', 'ENCRYPT', 'NIST800_108_C' … */
  readonly method: EnumInput;
  /** Derivation Parameters: { CryptographicParameters: {…}, DerivationData, Salt, IterationCount … }. */
  readonly parameters: PlainStructure;
  /** Default: Symmetric Key. */
  readonly objectType?: EnumInput;
  /** Required for a symmetric key. */
  readonly algorithm?: EnumInput;
  readonly length: number;
  readonly name?: string;
  readonly attributes?: AttributeMap;
}

export function deriveKeyOp(o: DeriveKeyOptions): KmipOperation<{ uid: string }> {
  const objectType = enumValue('ObjectType', o.objectType ?? ObjectType.SymmetricKey, 'object type');
  const attrs = toAttributes({
    ...(o.algorithm !== undefined
      ? { 'Cryptographic Algorithm': enumValue('CryptographicAlgorithm', o.algorithm, 'algorithm') }
      : {}),
    'Cryptographic Length': o.length,
    ...(o.name !== undefined ? { Name: o.name } : {}),
    ...o.attributes,
  });
  return uidOperation(Operation.DeriveKey, (ctx) => [
    { tag: Tag.ObjectType, type: 'Enumeration', value: objectType },
    ...o.baseUids.map((u): TtlvItem => ({ tag: Tag.UniqueIdentifier, type: 'TextString', value: u })),
    {
      tag: Tag.DerivationMethod,
      type: 'Enumeration',
      value: enumValue('DerivationMethod', o.method, 'method'),
    },
    toItem(Tag.DerivationParameters, o.parameters),
    attributeContainer(attrs, ctx.kmip2),
  ]);
}

export interface RekeyOptions {
  /** Seconds from the new key's Initial Date to its Activation Date. */
  readonly offset?: number;
  readonly attributes?: AttributeMap;
}

export function rekeyOp(uid: string | undefined, o: RekeyOptions = {}): KmipOperation<{ uid: string }> {
  const attrs = toAttributes(o.attributes);
  return uidOperation(Operation.ReKey, (ctx) => {
    const out = uidItems(uid);
    if (o.offset !== undefined) out.push({ tag: Tag.Offset, type: 'Interval', value: o.offset });
    if (attrs.length > 0) out.push(attributeContainer(attrs, ctx.kmip2));
    return out;
  });
}
