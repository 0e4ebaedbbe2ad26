// Locate's matching rules (KMIP 2.1 §6.1.28): every requested attribute must match; one instance
// of a date means equality, two mean an inclusive range; the usage mask matches when the object
// has every requested bit; a structure matches on the fields the request gives; other values
// match on equality. Name values are compared as text (Ceph and PyKMIP locate by name).
import type { TtlvItem } from '../ttlv/item.js';
import type { Attribute } from '../messages/attributes.js';
import type { ManagedObject } from './managed-object.js';

const MAX_DATE = 0x7fffffffffffffffn;

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when `have` holds everything `want` specifies (structures: a subset of fields). */
export function valueMatches(want: TtlvItem, have: TtlvItem): boolean {
  if (want.type === 'Structure') {
    if (have.type !== 'Structure') return false;
    return want.value.every((w) => have.value.some((h) => h.tag === w.tag && valueMatches(w, h)));
  }
  if (want.type !== have.type) return false;
  if (want.type === 'ByteString') return bytesEqual(want.value, have.value as Uint8Array);
  return want.value === have.value;
}

interface Criterion {
  readonly name: string;
  readonly test: (values: readonly TtlvItem[]) => boolean;
}

function dateValue(v: TtlvItem): bigint | undefined {
  return v.type === 'DateTime' ? v.value : undefined;
}

/** Turns the requested attributes into per-name tests. */
export function buildCriteria(requested: readonly Attribute[]): Criterion[] {
  const byName = new Map<string, TtlvItem[]>();
  for (const a of requested) {
    const list = byName.get(a.name) ?? [];
    list.push(a.value);
    byName.set(a.name, list);
  }
  const out: Criterion[] = [];
  for (const [name, wants] of byName) {
    const first = wants[0];
    if (first === undefined) continue;
    if (first.type === 'DateTime') {
      const dates = wants.map(dateValue).filter((d): d is bigint => d !== undefined && d !== MAX_DATE);
      if (dates.length === 0) continue;
      const lo = dates.reduce((a, b) => (a < b ? a : b));
      const hi = dates.reduce((a, b) => (a > b ? a : b));
      out.push({
        name,
        test: (vs) => vs.some((v) => v.type === 'DateTime' && v.value >= lo && v.value <= hi),
      });
    } else if (name === 'Cryptographic Usage Mask' && first.type === 'Integer') {
      const mask = first.value;
      out.push({ name, test: (vs) => vs.some((v) => v.type === 'Integer' && (v.value & mask) === mask) });
    } else {
      out.push({ name, test: (vs) => wants.every((w) => vs.some((v) => valueMatches(w, v))) });
    }
  }
  return out;
}

export function objectMatches(obj: ManagedObject, criteria: readonly Criterion[]): boolean {
  for (const c of criteria) {
    const values: TtlvItem[] = [];
    for (const a of obj.attributes) if (a.name === c.name) values.push(a.value);
    if (!c.test(values)) return false;
  }
  return true;
}
