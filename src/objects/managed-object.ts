// The object model: a managed object is its type, owner, attributes (the source of truth for
// State, names, dates …) and body (the KMIP object structure: Symmetric Key { Key Block … } …).
import type { TtlvItem } from '../ttlv/item.js';
import type { Attribute } from '../messages/attributes.js';
import type { AttributeName, SpecAttributeName } from '../spec/generated/attributes.js';
import type { AttributeValues } from '../messages/payloads/generated/types.js';
import { decodeAttributeValue, encodeAttributeValue } from '../messages/payloads/attribute-values.js';
import { attributeTag } from '../messages/attributes.js';

export interface ManagedObject {
  readonly uid: string;
  readonly objectType: number;
  /** The identity that created or registered it (PyKMIP: the certificate common name). */
  readonly owner: string;
  readonly attributes: readonly Attribute[];
  /** The object structure; undefined once destroyed (its metadata stays, KMIP 2.1 §3.22). */
  readonly body: TtlvItem | undefined;
  /** Optimistic-concurrency counter, bumped by every update. */
  readonly revision: number;
}

export function attributeValues(obj: ManagedObject, name: AttributeName): TtlvItem[] {
  const out: TtlvItem[] = [];
  for (const a of obj.attributes) if (a.name === name) out.push(a.value);
  return out;
}

export function firstAttribute(obj: ManagedObject, name: AttributeName): TtlvItem | undefined {
  for (const a of obj.attributes) if (a.name === name) return a.value;
  return undefined;
}

export function enumAttribute(obj: ManagedObject, name: AttributeName): number | undefined {
  const v = firstAttribute(obj, name);
  return v?.type === 'Enumeration' || v?.type === 'Integer' ? v.value : undefined;
}

export function textAttribute(obj: ManagedObject, name: AttributeName): string | undefined {
  const v = firstAttribute(obj, name);
  return v?.type === 'TextString' ? v.value : undefined;
}

/** Attributes with `name` replaced by the single value given (or removed when undefined). */
export function withSingle(
  attrs: readonly Attribute[],
  name: AttributeName,
  value: TtlvItem | undefined,
): Attribute[] {
  const out = attrs.filter((a) => a.name !== name);
  if (value !== undefined) out.push({ name, index: 0, value: { ...value, tag: attributeTag(name) } });
  return out;
}

export function dateItem(name: AttributeName, when: Date): TtlvItem {
  return { tag: attributeTag(name), type: 'DateTime', value: BigInt(Math.floor(when.getTime() / 1000)) };
}

export function enumItem(name: AttributeName, value: number): TtlvItem {
  return { tag: attributeTag(name), type: 'Enumeration', value };
}

export function textItem(name: AttributeName, value: string): TtlvItem {
  return { tag: attributeTag(name), type: 'TextString', value };
}

export function intItem(name: AttributeName, value: number): TtlvItem {
  return { tag: attributeTag(name), type: 'Integer', value };
}

/** The typed value of the object's first instance of `name` (lowest index), or undefined. */
export function attribute<N extends SpecAttributeName>(
  from: ManagedObject | readonly Attribute[],
  name: N,
): AttributeValues[N] | undefined {
  const attrs = 'attributes' in from ? from.attributes : from;
  let first: Attribute | undefined;
  for (const a of attrs) if (a.name === name && (first === undefined || a.index < first.index)) first = a;
  return first === undefined ? undefined : decodeAttributeValue(name, first.value);
}

/** The typed values of every instance of `name`, by index. */
export function attributesOf<N extends SpecAttributeName>(
  from: ManagedObject | readonly Attribute[],
  name: N,
): AttributeValues[N][] {
  const attrs = 'attributes' in from ? from.attributes : from;
  return attrs
    .filter((a) => a.name === name)
    .sort((a, b) => a.index - b.index)
    .map((a) => decodeAttributeValue(name, a.value));
}

/** An attribute instance holding `value`. */
export function makeAttribute<N extends SpecAttributeName>(
  name: N,
  value: AttributeValues[N],
  index = 0,
): Attribute {
  return { name, index, value: encodeAttributeValue(name, value) };
}

/** Attributes with `name` replaced by the single value given (or removed when undefined). */
export function withAttribute<N extends SpecAttributeName>(
  attrs: readonly Attribute[],
  name: N,
  value: AttributeValues[N] | undefined,
): Attribute[] {
  const out = attrs.filter((a) => a.name !== name);
  if (value !== undefined) out.push(makeAttribute(name, value));
  return out;
}

/** Seconds since the epoch, as Date-Time attributes hold them. */
export function epochSeconds(when: Date): bigint {
  return BigInt(Math.floor(when.getTime() / 1000));
}
