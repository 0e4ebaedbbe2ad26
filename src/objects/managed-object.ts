// The object model: a managed object is its type, owner, attributes (the source of truth for
// State, names, dates …) and body (the KMIP object structure: Symmetric Key { Key Block … } …).
import type { TtlvItem } from '../ttlv/item.js';
import type { Attribute } from '../messages/attributes.js';
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

export function attributeValues(obj: ManagedObject, name: string): TtlvItem[] {
  const out: TtlvItem[] = [];
  for (const a of obj.attributes) if (a.name === name) out.push(a.value);
  return out;
}

export function firstAttribute(obj: ManagedObject, name: string): TtlvItem | undefined {
  for (const a of obj.attributes) if (a.name === name) return a.value;
  return undefined;
}

export function enumAttribute(obj: ManagedObject, name: string): number | undefined {
  const v = firstAttribute(obj, name);
  return v?.type === 'Enumeration' || v?.type === 'Integer' ? v.value : undefined;
}

export function textAttribute(obj: ManagedObject, name: string): string | undefined {
  const v = firstAttribute(obj, name);
  return v?.type === 'TextString' ? v.value : undefined;
}

/** Attributes with `name` replaced by the single value given (or removed when undefined). */
export function withSingle(
  attrs: readonly Attribute[],
  name: string,
  value: TtlvItem | undefined,
): Attribute[] {
  const out = attrs.filter((a) => a.name !== name);
  if (value !== undefined) out.push({ name, index: 0, value: { ...value, tag: attributeTag(name) } });
  return out;
}

export function dateItem(name: string, when: Date): TtlvItem {
  return { tag: attributeTag(name), type: 'DateTime', value: BigInt(Math.floor(when.getTime() / 1000)) };
}

export function enumItem(name: string, value: number): TtlvItem {
  return { tag: attributeTag(name), type: 'Enumeration', value };
}

export function textItem(name: string, value: string): TtlvItem {
  return { tag: attributeTag(name), type: 'TextString', value };
}

export function intItem(name: string, value: number): TtlvItem {
  return { tag: attributeTag(name), type: 'Integer', value };
}
