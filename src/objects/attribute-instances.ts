// The instances of a managed object's attributes, as the attribute operations see them: every
// instance of a name, the next Attribute Index (1.4 §2.1.1: an index "SHALL NOT change when other
// instances are added or deleted", so a new one goes past the highest), adding, replacing and
// dropping instances, and comparing values (2.x names an instance by its value).
import type { TtlvItem } from '../ttlv/item.js';
import type { Attribute } from '../messages/attributes.js';
import type { ManagedObject } from './managed-object.js';

export function instancesOf(obj: ManagedObject, name: string): Attribute[] {
  return obj.attributes.filter((a) => a.name === name);
}

/** The index a new instance gets: one past the highest in use, so existing indexes never move. */
export function nextIndex(obj: ManagedObject, name: string): number {
  return instancesOf(obj, name).reduce((n, a) => Math.max(n, a.index + 1), 0);
}

/** The object with `attr` added, or replacing the instance of the same name and index. */
export function withInstance(obj: ManagedObject, attr: Attribute): ManagedObject {
  const at = obj.attributes.findIndex((a) => a.name === attr.name && a.index === attr.index);
  const attributes = at < 0 ? [...obj.attributes, attr] : obj.attributes.map((a, i) => (i === at ? attr : a));
  return { ...obj, attributes };
}

export function withoutInstances(obj: ManagedObject, drop: (a: Attribute) => boolean): ManagedObject {
  return { ...obj, attributes: obj.attributes.filter((a) => !drop(a)) };
}

/** Deep equality of two values, their own tags aside (the request and the store may tag differently). */
export function sameValue(a: TtlvItem, b: TtlvItem): boolean {
  if (a.type === 'Structure' || b.type === 'Structure') {
    if (a.type !== 'Structure' || b.type !== 'Structure' || a.value.length !== b.value.length) return false;
    return a.value.every((c, i) => {
      const d = b.value[i];
      return d !== undefined && c.tag === d.tag && sameValue(c, d);
    });
  }
  if (a.type !== b.type) return false;
  if (a.type === 'ByteString' && b.type === 'ByteString') {
    return a.value.length === b.value.length && a.value.every((x, i) => x === b.value[i]);
  }
  return a.value === b.value;
}
