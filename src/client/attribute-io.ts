// Attributes in client requests and responses. Callers give a map from attribute name (spec
// name 'Cryptographic Algorithm', XML name 'CryptographicAlgorithm', or a custom 'x-…' name) to a
// plain value (src/client/values.ts), an array giving several instances. They become the typed
// attributes of src/messages/attributes.ts, which the payload codecs put on the wire in the form
// of the negotiated version: KMIP 1.x Template-Attribute / Attribute { Name, Value }, KMIP 2.x
// Attributes holding each attribute's own tag.
import type { TtlvItem } from '../ttlv/item.js';
import { tagByName } from '../spec/registry.js';
import { attributeName, attributeTag, isCustomName, type Attribute } from '../messages/attributes.js';
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

function kmipAttribute(a: Attribute, index: number): KmipAttribute {
  return { name: a.name, index, value: plainOf(a.value, a.name), item: a.value };
}

/**
 * The attributes of an answer, as the client returns them. A 1.x answer gives each instance's
 * Attribute Index; 2.x has none, so instances of one attribute are numbered in order of appearance
 * (an index already taken moves to the next free one).
 */
export function kmipAttributes(attrs: readonly Attribute[]): KmipAttribute[] {
  const taken = new Map<string, Set<number>>();
  return attrs.map((a) => {
    const used = taken.get(a.name) ?? new Set<number>();
    taken.set(a.name, used);
    let index = a.index;
    while (used.has(index)) index += 1;
    used.add(index);
    return kmipAttribute(a, index);
  });
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
