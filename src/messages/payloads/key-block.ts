// Key Blocks (KMIP 2.1 §2.1.3 Table 12, 1.4 §2.1.3 Table 7): the format, the material, the
// algorithm and length they declare, whether and how they are wrapped, and building them. The Key
// Value is a Structure holding Key Material (and attributes), or a Byte String once wrapped
// (2.1 §2.1.4 Table 13). Read through the generated Key Block and Key Wrapping Data structures.
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import { Tag } from '../../spec/generated/tags.js';
import { EncodingOption, KeyFormatType } from '../../spec/generated/enums.js';
import { invalidField } from '../kmip-error.js';
import type { KeyBlock, KeyWrappingData } from './generated/types.js';
import { decodeStructure, encodeStructure } from './structures.js';

export interface KeyBlockView {
  readonly keyBlock: KeyBlock;
  readonly keyFormatType: number;
  /** Byte String material, the structure of a transparent format, or a wrapped key's bytes. */
  readonly keyMaterial: TtlvItem | undefined;
  readonly algorithm?: number;
  readonly length?: number;
  readonly wrapped: boolean;
}

/** The Key Block item of an object structure, if it has one. */
function keyBlockItem(body: TtlvItem | undefined): TtlvItem | undefined {
  if (body?.type !== 'Structure') return undefined;
  return body.value.find((c) => c.tag === Tag.KeyBlock);
}

/** The Key Material inside a Key Value (or the Key Value itself when it is a wrapped Byte String). */
export function keyMaterialOf(keyValue: TtlvItem | undefined): TtlvItem | undefined {
  if (keyValue?.type === 'ByteString') return keyValue;
  if (keyValue?.type !== 'Structure') return undefined;
  return keyValue.value.find((c) => c.tag === Tag.KeyMaterial);
}

// Items are immutable (ttlv/item.ts), and a stored object's body is read by every request that
// uses the key (the store's object cache hands out the same items): its view is read once.
const views = new WeakMap<StructureItem, KeyBlockView>();

/** The Key Block of a key object structure (Symmetric Key, Private Key …), or undefined. */
export function keyBlockOf(body: TtlvItem | undefined): KeyBlockView | undefined {
  const item = keyBlockItem(body);
  if (item === undefined) return undefined;
  if (item.type !== 'Structure') throw invalidField('the Key Block must be a Structure');
  const known = views.get(item);
  if (known !== undefined) return known;
  const view = readKeyBlock(item);
  views.set(item, view);
  return view;
}

function readKeyBlock(item: StructureItem): KeyBlockView {
  if (!item.value.some((c) => c.tag === Tag.KeyFormatType))
    throw invalidField('the Key Block has no Key Format Type');
  const kb = decodeStructure('KeyBlock', item);
  return {
    keyBlock: kb,
    keyFormatType: kb.keyFormatType,
    keyMaterial: keyMaterialOf(kb.keyValue),
    ...(kb.cryptographicAlgorithm === undefined ? {} : { algorithm: kb.cryptographicAlgorithm }),
    ...(kb.cryptographicLength === undefined ? {} : { length: kb.cryptographicLength }),
    wrapped: kb.keyWrappingData !== undefined,
  };
}

/** Raw bytes of a Byte String key material, or undefined for structured/absent material. */
export function rawKeyBytes(view: KeyBlockView | undefined): Uint8Array | undefined {
  const m = view?.keyMaterial;
  return m?.type === 'ByteString' ? m.value : undefined;
}

/** A Key Value structure holding `material` as its Key Material. */
export function keyValueOfMaterial(material: TtlvItem): TtlvItem {
  return { tag: Tag.KeyValue, type: 'Structure', value: [{ ...material, tag: Tag.KeyMaterial }] };
}

/** The object structure with its Key Block replaced (its Key Value, its wrapping). */
export function withKeyBlock(body: StructureItem, kb: KeyBlock): StructureItem {
  const item = encodeStructure('KeyBlock', kb);
  return { ...body, value: body.value.map((c) => (c.tag === Tag.KeyBlock ? item : c)) };
}

/** The Key Block of `view` with a new Key Value and Key Wrapping Data (undefined: not wrapped). */
export function rewrapped(
  view: KeyBlockView,
  keyValue: TtlvItem,
  wrapping: KeyWrappingData | undefined,
): KeyBlock {
  const { keyWrappingData: _old, ...rest } = view.keyBlock;
  return wrapping === undefined ? { ...rest, keyValue } : { ...rest, keyValue, keyWrappingData: wrapping };
}

export function keyObject(
  objectTag: number,
  formatType: number,
  material: TtlvItem,
  algorithm: number | undefined,
  length: number | undefined,
  extra: readonly TtlvItem[] = [],
): StructureItem {
  const kb: KeyBlock = {
    keyFormatType: formatType,
    keyValue: keyValueOfMaterial(material),
    ...(algorithm === undefined ? {} : { cryptographicAlgorithm: algorithm }),
    ...(length === undefined ? {} : { cryptographicLength: length }),
  };
  return { tag: objectTag, type: 'Structure', value: [...extra, encodeStructure('KeyBlock', kb)] };
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

/**
 * A key wrapped with Encoding Option No Encoding, as a 1.x client reads it: its Key Value a
 * structure whose Key Material holds the wrapped bytes (what pykmip-server sends, and the only form
 * PyKMIP's client decodes; 2.1 §2.1.4 has a Byte String). Any other object comes back as it is.
 */
export function noEncodingKeyValueFor1x(body: StructureItem): StructureItem {
  // Only a wrapped key has a Byte String Key Value: any other object is left as it is, unread.
  const item = keyBlockItem(body);
  if (
    item?.type !== 'Structure' ||
    !item.value.some((c) => c.tag === Tag.KeyValue && c.type === 'ByteString')
  )
    return body;
  const view = keyBlockOf(body);
  const kv = view?.keyBlock.keyValue;
  if (view === undefined || view.keyBlock.keyWrappingData?.encodingOption !== EncodingOption.NoEncoding)
    return body;
  if (kv?.type !== 'ByteString') return body;
  return withKeyBlock(body, {
    ...view.keyBlock,
    keyValue: keyValueOfMaterial({ ...kv, tag: Tag.KeyMaterial }),
  });
}
