// Reading and building Key Blocks (KMIP 2.1 §2.1.3): the format, the material, the algorithm and
// length they declare, and whether they are wrapped.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { KeyFormatType } from '../spec/generated/enums.js';
import { invalidField } from './kmip-error.js';

export interface KeyBlockView {
  readonly keyBlock: StructureItem;
  readonly keyFormatType: number;
  /** Byte String material, or the structure of a transparent format. */
  readonly keyMaterial: TtlvItem | undefined;
  readonly algorithm?: number;
  readonly length?: number;
  readonly wrapped: boolean;
}

function child(s: StructureItem, tag: number): TtlvItem | undefined {
  for (const c of s.value) if (c.tag === tag) return c;
  return undefined;
}

/** The Key Block of a key object structure (Symmetric Key, Private Key …), or undefined. */
export function keyBlockOf(body: TtlvItem | undefined): KeyBlockView | undefined {
  if (body?.type !== 'Structure') return undefined;
  const kb = child(body, Tag.KeyBlock);
  if (kb?.type !== 'Structure') return undefined;
  const kft = child(kb, Tag.KeyFormatType);
  if (kft?.type !== 'Enumeration') throw invalidField('the Key Block has no Key Format Type');
  const kv = child(kb, Tag.KeyValue);
  const wrapped = child(kb, Tag.KeyWrappingData) !== undefined;
  let material: TtlvItem | undefined;
  if (kv?.type === 'Structure') material = child(kv, Tag.KeyMaterial);
  else if (kv?.type === 'ByteString') material = kv; // a wrapped key's value is a Byte String
  const alg = child(kb, Tag.CryptographicAlgorithm);
  const len = child(kb, Tag.CryptographicLength);
  return {
    keyBlock: kb,
    keyFormatType: kft.value,
    keyMaterial: material,
    ...(alg?.type === 'Enumeration' ? { algorithm: alg.value } : {}),
    ...(len?.type === 'Integer' ? { length: len.value } : {}),
    wrapped,
  };
}

/** Raw bytes of a Byte String key material, or undefined for structured/absent material. */
export function rawKeyBytes(view: KeyBlockView | undefined): Uint8Array | undefined {
  const m = view?.keyMaterial;
  return m?.type === 'ByteString' ? m.value : undefined;
}

export function keyObject(
  objectTag: number,
  formatType: number,
  material: TtlvItem,
  algorithm: number | undefined,
  length: number | undefined,
  extra: readonly TtlvItem[] = [],
): StructureItem {
  const kb: TtlvItem[] = [
    { tag: Tag.KeyFormatType, type: 'Enumeration', value: formatType },
    { tag: Tag.KeyValue, type: 'Structure', value: [{ ...material, tag: Tag.KeyMaterial }] },
  ];
  if (algorithm !== undefined)
    kb.push({ tag: Tag.CryptographicAlgorithm, type: 'Enumeration', value: algorithm });
  if (length !== undefined) kb.push({ tag: Tag.CryptographicLength, type: 'Integer', value: length });
  return {
    tag: objectTag,
    type: 'Structure',
    value: [...extra, { tag: Tag.KeyBlock, type: 'Structure', value: kb }],
  };
}

export function symmetricKeyObject(algorithm: number, bits: number, key: Uint8Array): StructureItem {
  return keyObject(
    Tag.SymmetricKey,
    KeyFormatType.Raw,
    { tag: Tag.KeyMaterial, type: 'ByteString', value: key },
    algorithm,
    bits,
  );
}
