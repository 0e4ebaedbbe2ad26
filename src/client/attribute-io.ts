// Attributes in client requests and responses. Callers give a map from attribute name (spec
// name 'Cryptographic Algorithm', XML name 'CryptographicAlgorithm', or a custom 'x-…' name) to a
// plain value (src/client/values.ts), an array giving several instances. They go on the wire in
// the form of the negotiated version through src/messages/attributes.ts: KMIP 1.x Template-
// Attribute / Attribute { Name, Value }, KMIP 2.x Attributes holding each attribute's own tag.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { tagByName } from '../spec/registry.js';
import { tagHex } from '../notation/names.js';
import {
  attributeName,
  attributeTag,
  encodeAttribute1x,
  encodeAttribute2x,
  isCustomName,
  parseAttributeItem,
  parseAttributeStructure,
  type Attribute,
} from '../messages/attributes.js';
import { plainOf, toItem, type PlainOutput, type PlainValue } from './values.js';

export interface AttributeMap {
  readonly [name: string]: PlainValue | undefined;
}

/** One attribute instance as the client returns it: plain value plus the TTLV item. */
export interface KmipAttribute {
  /** Spec name ('Cryptographic Algorithm'), or the custom name ('x-owner'). */
  readonly name: string;
  readonly index: number;
  readonly value: PlainOutput;
  /** The value item, tagged with the attribute's own tag (Attribute Value for custom ones). */
  readonly item: TtlvItem;
}

/** The spec name for a spec or XML attribute name; custom names stay as they are. */
export function attributeSpecName(name: string): string {
  if (isCustomName(name)) return name;
  const info = tagByName(name);
  if (info === undefined) throw new TypeError(`'${name}' is not a KMIP attribute name`);
  return info.name;
}

/** One attribute (instance `index`) in the internal form of src/messages/attributes.ts. */
export function toAttribute(name: string, value: PlainValue, index = 0): Attribute {
  const spec = attributeName(attributeSpecName(name));
  const tag = attributeTag(spec);
  return { name: spec, index, value: toItem(tag, value) };
}

/** Every attribute of a map; an array value gives one instance per element. */
export function toAttributes(map: AttributeMap | undefined): Attribute[] {
  const out: Attribute[] = [];
  for (const [name, value] of Object.entries(map ?? {})) {
    if (value === undefined) continue;
    // A Byte String value is a Uint8Array, never a list of instances.
    const values = Array.isArray(value) ? (value as readonly PlainValue[]) : [value];
    for (const v of values) out.push(toAttribute(name, v));
  }
  return out;
}

/**
 * The attributes of a request in the version's container: 1.x `templateTag` (Template-Attribute,
 * Common Template-Attribute …) holding Attribute items, 2.x `attributesTag` (Attributes …).
 */
export function attributeContainer(
  attrs: readonly Attribute[],
  kmip2: boolean,
  templateTag: number = Tag.TemplateAttribute,
  attributesTag: number = Tag.Attributes,
): TtlvItem {
  return kmip2
    ? { tag: attributesTag, type: 'Structure', value: attrs.map(encodeAttribute2x) }
    : { tag: templateTag, type: 'Structure', value: attrs.map(encodeAttribute1x) };
}

/** The bare attribute items of a request that lists them directly (1.x Locate, Add Attribute). */
export function directAttributeItems(attrs: readonly Attribute[], kmip2: boolean): TtlvItem[] {
  if (kmip2) return [{ tag: Tag.Attributes, type: 'Structure', value: attrs.map(encodeAttribute2x) }];
  return attrs.map(encodeAttribute1x);
}

function kmipAttribute(a: Attribute): KmipAttribute {
  return { name: a.name, index: a.index, value: plainOf(a.value, a.name), item: a.value };
}

/** A 1.x Attribute structure; one whose name this registry lacks keeps its value as sent. */
function readAttribute1x(item: TtlvItem): KmipAttribute {
  try {
    return kmipAttribute(parseAttributeStructure(item));
  } catch {
    const s = item as StructureItem;
    const name = s.value.find((c) => c.tag === Tag.AttributeName);
    const index = s.value.find((c) => c.tag === Tag.AttributeIndex);
    const value = s.value.find((c) => c.tag === Tag.AttributeValue) ?? {
      tag: Tag.AttributeValue,
      type: 'Structure',
      value: [],
    };
    return {
      name: name?.type === 'TextString' ? name.value : '?',
      index: index?.type === 'Integer' ? index.value : 0,
      value: plainOf(value),
      item: value,
    };
  }
}

function readAttribute2x(item: TtlvItem): KmipAttribute {
  try {
    return kmipAttribute(parseAttributeItem(item));
  } catch {
    return { name: tagHex(item.tag), index: 0, value: plainOf(item), item };
  }
}

/**
 * The attributes of a response payload: 1.x Attribute items (with their Attribute Index) and
 * the children of 2.x Attributes (numbered by order of appearance, as 2.x has no index).
 */
export function readAttributes(payload: StructureItem): KmipAttribute[] {
  const out: KmipAttribute[] = [];
  const seen = new Map<string, number>();
  for (const c of payload.value) {
    if (c.tag === Tag.Attribute && c.type === 'Structure') out.push(readAttribute1x(c));
    else if (c.tag === Tag.Attributes && c.type === 'Structure') {
      for (const a of c.value) {
        const read = readAttribute2x(a);
        const index = seen.get(read.name) ?? 0;
        seen.set(read.name, index + 1);
        out.push({ ...read, index });
      }
    }
  }
  return out;
}

/** An attribute list as an object: name -> value, or an array of values when there are several. */
export function attributeRecord(
  attrs: readonly KmipAttribute[],
): Record<string, PlainOutput | PlainOutput[]> {
  const out: Record<string, PlainOutput | PlainOutput[]> = {};
  for (const a of attrs) {
    const seen = out[a.name];
    if (seen === undefined) out[a.name] = a.value;
    else if (Array.isArray(seen)) seen.push(a.value);
    else out[a.name] = [seen, a.value];
  }
  return out;
}
