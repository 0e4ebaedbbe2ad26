// The TTLV value model (KMIP 2.1 §9.1): one tagged, typed item; structures hold children in order.
// Pure data: the codec, the XML/JSON encodings and the message layer all speak this shape.

/** Item type names, as the KMIP XML and JSON encodings spell them, mapped to their wire byte. */
export const ItemType = Object.freeze({
  Structure: 0x01,
  Integer: 0x02,
  LongInteger: 0x03,
  BigInteger: 0x04,
  Enumeration: 0x05,
  Boolean: 0x06,
  TextString: 0x07,
  ByteString: 0x08,
  DateTime: 0x09,
  Interval: 0x0a,
  DateTimeExtended: 0x0b,
} as const);
export type ItemTypeName = keyof typeof ItemType;
export type ItemTypeCode = (typeof ItemType)[ItemTypeName];

const typeNameByCode = new Map<number, ItemTypeName>(
  (Object.entries(ItemType) as [ItemTypeName, ItemTypeCode][]).map(([name, code]) => [code, name]),
);

/** The type name for a wire type byte, or undefined for a byte KMIP does not define. */
export function itemTypeName(code: number): ItemTypeName | undefined {
  return typeNameByCode.get(code);
}

/** Tags are 3-byte numbers (0x42xxxx standard, 0x54xxxx extensions). */
export type Tag = number;

export interface StructureItem {
  readonly tag: Tag;
  readonly type: 'Structure';
  readonly value: readonly TtlvItem[];
}
/** 32-bit signed. */
export interface IntegerItem {
  readonly tag: Tag;
  readonly type: 'Integer';
  readonly value: number;
}
/** 64-bit signed. */
export interface LongIntegerItem {
  readonly tag: Tag;
  readonly type: 'LongInteger';
  readonly value: bigint;
}
/** Two's complement, big-endian, any multiple of 8 bytes on the wire. */
export interface BigIntegerItem {
  readonly tag: Tag;
  readonly type: 'BigInteger';
  readonly value: bigint;
}
/** 32-bit unsigned. */
export interface EnumerationItem {
  readonly tag: Tag;
  readonly type: 'Enumeration';
  readonly value: number;
}
export interface BooleanItem {
  readonly tag: Tag;
  readonly type: 'Boolean';
  readonly value: boolean;
}
export interface TextStringItem {
  readonly tag: Tag;
  readonly type: 'TextString';
  readonly value: string;
}
export interface ByteStringItem {
  readonly tag: Tag;
  readonly type: 'ByteString';
  readonly value: Uint8Array;
}
/** Seconds since the Unix epoch, 64-bit signed. */
export interface DateTimeItem {
  readonly tag: Tag;
  readonly type: 'DateTime';
  readonly value: bigint;
}
/** Seconds, 32-bit unsigned. */
export interface IntervalItem {
  readonly tag: Tag;
  readonly type: 'Interval';
  readonly value: number;
}
/** Microseconds since the Unix epoch, 64-bit signed (KMIP 2.0+). */
export interface DateTimeExtendedItem {
  readonly tag: Tag;
  readonly type: 'DateTimeExtended';
  readonly value: bigint;
}

export type TtlvItem =
  | StructureItem
  | IntegerItem
  | LongIntegerItem
  | BigIntegerItem
  | EnumerationItem
  | BooleanItem
  | TextStringItem
  | ByteStringItem
  | DateTimeItem
  | IntervalItem
  | DateTimeExtendedItem;

/** The JavaScript value type carried by each item type. */
export type ItemValue<T extends ItemTypeName> = Extract<TtlvItem, { type: T }>['value'];
