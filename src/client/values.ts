// Plain JavaScript values <-> TTLV items, so the client API takes and returns ordinary objects.
// Going in, the registry gives each field's type and enumeration: 'AES' becomes Cryptographic
// Algorithm 3, 'Encrypt Decrypt' a usage mask, a Date a Date-Time, a hex string or Uint8Array a
// Byte String; a structure is an object keyed by field name (XML or spec name: 'BlockCipherMode'
// or 'Block Cipher Mode'), an array value repeats the field, and the fields go out in the spec's
// order (field-order.ts). A TtlvItem passes through (retagged).
// Coming out, structures become objects keyed by XML name (arrays where a field repeats),
// enumerations their XML name (the number when it has none), Date-Times Dates, Long/Big
// Integers bigints, Byte Strings Uint8Arrays.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { tagInfo } from '../spec/registry.js';
import { enumerationName, tagFromText, tagHex, valueDomain } from '../notation/names.js';
import { parseValueText, type PrimitiveType } from '../notation/text-values.js';
import { NameType } from '../spec/generated/enums.js';
import { inSpecOrder } from './field-order.js';

export type PlainValue =
  string | number | boolean | bigint | Date | Uint8Array | TtlvItem | PlainStructure | readonly PlainValue[];
export interface PlainStructure {
  readonly [field: string]: PlainValue | undefined;
}

export function isTtlvItem(v: unknown): v is TtlvItem {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { tag?: unknown }).tag === 'number' &&
    typeof (v as { type?: unknown }).type === 'string' &&
    'value' in v
  );
}

function isStructureInput(v: PlainValue): v is PlainStructure {
  return (
    typeof v === 'object' &&
    !(v instanceof Uint8Array) &&
    !(v instanceof Date) &&
    !Array.isArray(v) &&
    !isTtlvItem(v)
  );
}

function fieldName(tag: number): string {
  return tagInfo(tag)?.xmlName ?? tagHex(tag);
}

function wrong(tag: number, v: unknown, type: string): TypeError {
  const shown =
    v instanceof Uint8Array
      ? 'a byte string'
      : v instanceof Date
        ? 'a date'
        : Array.isArray(v)
          ? 'a list'
          : typeof v === 'object' && v !== null
            ? 'an object'
            : JSON.stringify(String(v));
  return new TypeError(`${fieldName(tag)}: ${shown} cannot be a ${type}`);
}

/** The type a value gets when the registry gives the tag none (custom attributes, unknown tags). */
function inferredType(v: PlainValue): TtlvItem['type'] {
  if (typeof v === 'string') return 'TextString';
  if (typeof v === 'number') return 'Integer';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'bigint') return 'LongInteger';
  if (v instanceof Date) return 'DateTime';
  if (v instanceof Uint8Array) return 'ByteString';
  return 'Structure';
}

/** The children a structure field holds, from a plain object (arrays repeat a field). */
export function structureChildren(v: PlainStructure): TtlvItem[] {
  const out: TtlvItem[] = [];
  for (const [key, value] of Object.entries(v)) {
    if (value === undefined) continue;
    const tag = tagFromText(key);
    if (tag === undefined) throw new TypeError(`'${key}' is not a KMIP field name`);
    for (const one of Array.isArray(value) ? (value as readonly PlainValue[]) : [value]) {
      out.push(toItem(tag, one));
    }
  }
  return out;
}

/** An item for `tag` from a plain value; `domainTag` names the enumeration (Attribute Value). */
export function toItem(tag: number, v: PlainValue, domainTag = tag): TtlvItem {
  if (isTtlvItem(v)) return v.tag === tag ? v : { ...v, tag };
  // KMIP 2.1 §4.30: a Name given as text is an uninterpreted text string name.
  if (domainTag === Tag.Name && typeof v === 'string') {
    return {
      tag,
      type: 'Structure',
      value: [
        { tag: Tag.NameValue, type: 'TextString', value: v },
        { tag: Tag.NameType, type: 'Enumeration', value: NameType.UninterpretedTextString },
      ],
    };
  }
  const type = tagInfo(domainTag)?.type ?? inferredType(v);
  if (type === 'Structure') {
    if (!isStructureInput(v)) throw wrong(tag, v, 'Structure');
    return { tag, type, value: inSpecOrder(domainTag, structureChildren(v)) };
  }
  if (Array.isArray(v)) throw wrong(tag, v, type);
  if (typeof v === 'string') {
    const value = parseValueText(type, v, valueDomain(domainTag), fieldName(tag));
    return { tag, type, value } as TtlvItem;
  }
  return primitive(tag, type, v as Exclude<PlainValue, string | TtlvItem | readonly PlainValue[]>);
}

function primitive(
  tag: number,
  type: PrimitiveType,
  v: number | boolean | bigint | Date | Uint8Array | PlainStructure,
): TtlvItem {
  switch (type) {
    case 'Integer':
    case 'Enumeration':
    case 'Interval':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw wrong(tag, v, type);
      return { tag, type, value: v };
    case 'LongInteger':
    case 'BigInteger':
      if (typeof v === 'bigint') return { tag, type, value: v };
      if (typeof v === 'number' && Number.isInteger(v)) return { tag, type, value: BigInt(v) };
      throw wrong(tag, v, type);
    case 'Boolean':
      if (typeof v !== 'boolean') throw wrong(tag, v, type);
      return { tag, type, value: v };
    case 'TextString':
      throw wrong(tag, v, type);
    case 'ByteString':
      if (!(v instanceof Uint8Array)) throw wrong(tag, v, type);
      return { tag, type, value: v };
    case 'DateTime':
    case 'DateTimeExtended': {
      const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v * 1000 : undefined;
      const secs = typeof v === 'bigint' ? v : ms !== undefined ? BigInt(Math.floor(ms / 1000)) : undefined;
      if (secs === undefined || (ms !== undefined && Number.isNaN(ms))) throw wrong(tag, v, type);
      if (type === 'DateTime') return { tag, type, value: secs };
      return { tag, type, value: ms !== undefined ? BigInt(Math.floor(ms)) * 1000n : secs * 1_000_000n };
    }
  }
}

export type PlainOutput =
  | string
  | number
  | boolean
  | bigint
  | Date
  | Uint8Array
  | { readonly [field: string]: PlainOutput | readonly PlainOutput[] };

/** A plain value for an item; `attributeName` names the enumeration of a 1.x Attribute Value. */
export function plainOf(item: TtlvItem, attributeName?: string): PlainOutput {
  switch (item.type) {
    case 'Structure':
      return plainStructure(item);
    case 'Enumeration':
      return enumerationName(valueDomain(item.tag, attributeName), item.value) ?? item.value;
    case 'DateTime':
      return new Date(Number(item.value) * 1000);
    case 'DateTimeExtended':
      return new Date(Number(item.value / 1000n));
    case 'Integer':
    case 'LongInteger':
    case 'BigInteger':
    case 'Boolean':
    case 'TextString':
    case 'ByteString':
    case 'Interval':
      return item.value;
  }
}

function plainStructure(s: StructureItem): { [field: string]: PlainOutput | PlainOutput[] } {
  const out: { [field: string]: PlainOutput | PlainOutput[] } = {};
  const attributeName = s.value.find((c) => c.tag === Tag.AttributeName);
  for (const c of s.value) {
    const key = fieldName(c.tag);
    const value = plainOf(c, attributeName?.type === 'TextString' ? attributeName.value : undefined);
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return out;
}

/** The XML name of an enumeration value ('SymmetricKey'), or its 0x hex when the registry has none. */
export function enumText(enumName: string, value: number): string {
  const domain = { kind: 'enum', name: enumName } as const;
  return enumerationName(domain, value) ?? `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** An enumeration value from a name (XML or spec name), number or 0x hex text. */
export function enumValue(enumName: string, v: string | number, what = enumName): number {
  if (typeof v === 'number') return v;
  const item = parseValueText('Enumeration', v, { kind: 'enum', name: enumName }, what);
  return item as number;
}
