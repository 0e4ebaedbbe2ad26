// Cryptographic Parameters (KMIP 2.1 §4.16 Table 59, 1.4 §3.6): the structure read from a request
// or from a key's attribute. A request's fields override the key's attribute field by field (§6.1.17
// "The cryptographic parameters MAY be omitted from the request as they can be specified as
// associated attributes of the Managed Cryptographic Object").
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';

export interface CryptoParams {
  readonly blockCipherMode?: number;
  readonly paddingMethod?: number;
  readonly hashingAlgorithm?: number;
  readonly keyRoleType?: number;
  readonly digitalSignatureAlgorithm?: number;
  readonly cryptographicAlgorithm?: number;
  readonly randomIV?: boolean;
  /** Bits. */
  readonly ivLength?: number;
  /** Bytes. */
  readonly tagLength?: number;
  readonly fixedFieldLength?: number;
  readonly invocationFieldLength?: number;
  readonly counterLength?: number;
  readonly initialCounterValue?: number;
  readonly saltLength?: number;
  readonly maskGenerator?: number;
  readonly maskGeneratorHashingAlgorithm?: number;
  readonly pSource?: Uint8Array;
  readonly trailerField?: number;
}

type Mutable = { -readonly [K in keyof CryptoParams]?: CryptoParams[K] };
type EnumField =
  | 'blockCipherMode'
  | 'paddingMethod'
  | 'hashingAlgorithm'
  | 'keyRoleType'
  | 'digitalSignatureAlgorithm'
  | 'cryptographicAlgorithm'
  | 'maskGenerator'
  | 'maskGeneratorHashingAlgorithm';
type IntField =
  | 'ivLength'
  | 'tagLength'
  | 'fixedFieldLength'
  | 'invocationFieldLength'
  | 'counterLength'
  | 'initialCounterValue'
  | 'saltLength'
  | 'trailerField';

const ENUM_FIELDS: ReadonlyMap<number, EnumField> = new Map<number, EnumField>([
  [Tag.BlockCipherMode, 'blockCipherMode'],
  [Tag.PaddingMethod, 'paddingMethod'],
  [Tag.HashingAlgorithm, 'hashingAlgorithm'],
  [Tag.KeyRoleType, 'keyRoleType'],
  [Tag.DigitalSignatureAlgorithm, 'digitalSignatureAlgorithm'],
  [Tag.CryptographicAlgorithm, 'cryptographicAlgorithm'],
  [Tag.MaskGenerator, 'maskGenerator'],
  [Tag.MaskGeneratorHashingAlgorithm, 'maskGeneratorHashingAlgorithm'],
]);

const INT_FIELDS: ReadonlyMap<number, IntField> = new Map<number, IntField>([
  [Tag.IVLength, 'ivLength'],
  [Tag.TagLength, 'tagLength'],
  [Tag.FixedFieldLength, 'fixedFieldLength'],
  [Tag.InvocationFieldLength, 'invocationFieldLength'],
  [Tag.CounterLength, 'counterLength'],
  [Tag.InitialCounterValue, 'initialCounterValue'],
  [Tag.SaltLength, 'saltLength'],
  [Tag.TrailerField, 'trailerField'],
]);

/** Parses a Cryptographic Parameters structure; undefined in, empty parameters out. */
export function parseCryptoParams(item: TtlvItem | undefined): CryptoParams {
  if (item === undefined) return {};
  if (item.type !== 'Structure') throw invalidField('Cryptographic Parameters must be a Structure');
  const out: Mutable = {};
  for (const c of item.value) {
    const e = ENUM_FIELDS.get(c.tag);
    if (e !== undefined) {
      if (c.type !== 'Enumeration') throw invalidField(`${e} must be an Enumeration`);
      out[e] = c.value;
      continue;
    }
    const i = INT_FIELDS.get(c.tag);
    if (i !== undefined) {
      if (c.type !== 'Integer') throw invalidField(`${i} must be an Integer`);
      out[i] = c.value;
      continue;
    }
    if (c.tag === Tag.RandomIV) {
      if (c.type !== 'Boolean') throw invalidField('Random IV must be a Boolean');
      out.randomIV = c.value;
    } else if (c.tag === Tag.PSource) {
      if (c.type !== 'ByteString') throw invalidField('P Source must be a Byte String');
      out.pSource = c.value;
    }
  }
  return out;
}

/** `request` fields win; the key's attribute fills in the rest. */
export function mergeParams(request: CryptoParams, fallback: CryptoParams): CryptoParams {
  const out: Mutable = { ...fallback };
  for (const [k, v] of Object.entries(request) as [keyof CryptoParams, unknown][]) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
