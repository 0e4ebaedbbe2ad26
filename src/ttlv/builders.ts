// Small constructors and accessors for TTLV items, used by every layer that builds or reads
// messages. Constructors do not validate (encodeTtlv does); accessors check the type they return.
import { TtlvError, TtlvErrorCode } from './errors.js';
import type {
  BigIntegerItem,
  BooleanItem,
  ByteStringItem,
  DateTimeExtendedItem,
  DateTimeItem,
  EnumerationItem,
  IntegerItem,
  IntervalItem,
  ItemTypeName,
  LongIntegerItem,
  StructureItem,
  Tag,
  TextStringItem,
  TtlvItem,
} from './item.js';

export function structure(tag: Tag, value: readonly TtlvItem[]): StructureItem {
  return { tag, type: 'Structure', value };
}
export function integer(tag: Tag, value: number): IntegerItem {
  return { tag, type: 'Integer', value };
}
export function longInteger(tag: Tag, value: bigint): LongIntegerItem {
  return { tag, type: 'LongInteger', value };
}
export function bigInteger(tag: Tag, value: bigint): BigIntegerItem {
  return { tag, type: 'BigInteger', value };
}
export function enumeration(tag: Tag, value: number): EnumerationItem {
  return { tag, type: 'Enumeration', value };
}
export function boolean(tag: Tag, value: boolean): BooleanItem {
  return { tag, type: 'Boolean', value };
}
export function textString(tag: Tag, value: string): TextStringItem {
  return { tag, type: 'TextString', value };
}
export function byteString(tag: Tag, value: Uint8Array): ByteStringItem {
  return { tag, type: 'ByteString', value };
}
/** Seconds since the epoch; a Date is truncated towards the past to whole seconds. */
export function dateTime(tag: Tag, value: Date | bigint): DateTimeItem {
  return {
    tag,
    type: 'DateTime',
    value: typeof value === 'bigint' ? value : BigInt(Math.floor(millis(value) / 1000)),
  };
}
/** Seconds. */
export function interval(tag: Tag, value: number): IntervalItem {
  return { tag, type: 'Interval', value };
}
/** Microseconds since the epoch. */
export function dateTimeExtended(tag: Tag, value: Date | bigint): DateTimeExtendedItem {
  return {
    tag,
    type: 'DateTimeExtended',
    value: typeof value === 'bigint' ? value : BigInt(millis(value)) * 1000n,
  };
}

function millis(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new TtlvError(TtlvErrorCode.OutOfRange, 'invalid Date');
  return ms;
}

/** A Date-Time value (seconds) as a Date; outside Date's range (±8.64e15 ms) it is an Invalid Date. */
export function dateFromSeconds(seconds: bigint): Date {
  return new Date(Number(seconds) * 1000);
}

/** The first child with `tag`, or undefined. */
export function child(s: StructureItem, tag: Tag): TtlvItem | undefined {
  for (const c of s.value) if (c.tag === tag) return c;
  return undefined;
}

/** Every child with `tag`, in order. */
export function children(s: StructureItem, tag: Tag): TtlvItem[] {
  const found: TtlvItem[] = [];
  for (const c of s.value) if (c.tag === tag) found.push(c);
  return found;
}

type ItemOf<T extends ItemTypeName> = Extract<TtlvItem, { type: T }>;

/** The first child with `tag`, or undefined; a TtlvError (bad-encoding) when it has another type. */
export function childOfType<T extends ItemTypeName>(
  s: StructureItem,
  tag: Tag,
  type: T,
): ItemOf<T> | undefined {
  const c = child(s, tag);
  if (c === undefined) return undefined;
  if (c.type !== type) {
    const hex = tag.toString(16).padStart(6, '0');
    throw new TtlvError(TtlvErrorCode.BadEncoding, `tag 0x${hex} is ${c.type}, expected ${type}`);
  }
  return c as ItemOf<T>;
}

// Typed getters: the child's value, undefined when absent, a TtlvError when of another type.
export function childStructure(s: StructureItem, tag: Tag): StructureItem | undefined {
  return childOfType(s, tag, 'Structure');
}
export function childText(s: StructureItem, tag: Tag): string | undefined {
  return childOfType(s, tag, 'TextString')?.value;
}
export function childBytes(s: StructureItem, tag: Tag): Uint8Array | undefined {
  return childOfType(s, tag, 'ByteString')?.value;
}
export function childInt(s: StructureItem, tag: Tag): number | undefined {
  return childOfType(s, tag, 'Integer')?.value;
}
export function childLong(s: StructureItem, tag: Tag): bigint | undefined {
  return childOfType(s, tag, 'LongInteger')?.value;
}
export function childBigInt(s: StructureItem, tag: Tag): bigint | undefined {
  return childOfType(s, tag, 'BigInteger')?.value;
}
export function childEnum(s: StructureItem, tag: Tag): number | undefined {
  return childOfType(s, tag, 'Enumeration')?.value;
}
export function childBool(s: StructureItem, tag: Tag): boolean | undefined {
  return childOfType(s, tag, 'Boolean')?.value;
}
/** A Date-Time child in seconds (see dateFromSeconds for a Date). */
export function childDate(s: StructureItem, tag: Tag): bigint | undefined {
  return childOfType(s, tag, 'DateTime')?.value;
}
export function childInterval(s: StructureItem, tag: Tag): number | undefined {
  return childOfType(s, tag, 'Interval')?.value;
}
/** A Date-Time Extended child in microseconds. */
export function childDateExtended(s: StructureItem, tag: Tag): bigint | undefined {
  return childOfType(s, tag, 'DateTimeExtended')?.value;
}
