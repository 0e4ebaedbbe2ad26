// A Locate query answered the slow, obvious way: every object read and tested in JavaScript, as
// the server did before Locate moved into SQL. The store tests compare each backend's answers with
// this one (KMIP 2.1 §6.1.28 matching rules; the object's State after time transitions).
import type { TtlvItem } from '../../src/ttlv/item.js';
import type { ManagedObject } from '../../src/objects/managed-object.js';
import { applyTimeTransitions } from '../../src/objects/lifecycle.js';
import { State, StorageStatusMask } from '../../src/spec/generated/enums.js';
import type {
  AttributeCriterion,
  LocateQuery,
  LocateResult,
  PolicyGrant,
} from '../../src/store/locate-query.js';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `have` holds everything `want` gives (structures: a subset of fields, recursively). */
export function valueMatches(
  want: TtlvItem,
  have: TtlvItem,
  atLeast: readonly number[] = [],
  root = true,
): boolean {
  if (want.type === 'Structure') {
    if (have.type !== 'Structure') return false;
    return want.value.every((w) =>
      have.value.some((h) => h.tag === w.tag && valueMatches(w, h, atLeast, false)),
    );
  }
  if (want.type !== have.type) return false;
  if (want.type === 'ByteString') return bytesEqual(want.value, have.value as Uint8Array);
  if (!root && atLeast.includes(want.tag))
    return (have.value as number | bigint) >= (want.value as number | bigint);
  return want.value === have.value;
}

function criterionHolds(obj: ManagedObject, c: AttributeCriterion): boolean {
  const values = obj.attributes.filter((a) => a.name === c.name).map((a) => a.value);
  switch (c.kind) {
    case 'dateRange':
      return values.some((v) => v.type === 'DateTime' && v.value >= c.from && v.value <= c.to);
    case 'allBits':
      return values.some((v) => v.type === 'Integer' && (v.value & c.mask) === c.mask);
    case 'value':
      return values.some((v) => valueMatches(c.value, v, c.atLeast ?? []));
  }
}

function policyOf(obj: ManagedObject): string {
  const p = obj.attributes.find((a) => a.name === 'Operation Policy Name')?.value;
  return p?.type === 'TextString' ? p.value : 'default';
}

function granted(grants: readonly PolicyGrant[], obj: ManagedObject): boolean {
  return grants.some((g) => g.policy === policyOf(obj) && g.objectTypes.includes(obj.objectType));
}

function storageBit(obj: ManagedObject): number {
  const s = obj.attributes.find((a) => a.name === 'State')?.value;
  if (s?.type === 'Enumeration' && (s.value === State.Destroyed || s.value === State.DestroyedCompromised))
    return StorageStatusMask.DestroyedStorage;
  if (obj.attributes.some((a) => a.name === 'Archive Date')) return StorageStatusMask.ArchivalStorage;
  return StorageStatusMask.OnLineStorage;
}

/** The answer to `q` over `objects` (given oldest first). */
export function referenceLocate(objects: readonly ManagedObject[], q: LocateQuery): LocateResult {
  const v = q.visibility;
  const matches: string[] = [];
  for (const stored of [...objects].reverse()) {
    const own = stored.owner === v.identity && (v.own === 'all' || granted(v.own, stored));
    if (!own && !granted(v.anyOwner, stored)) continue;
    if ((storageBit(stored) & q.storage) === 0) continue;
    if (stored.uid === q.excludeUid) continue;
    const obj = applyTimeTransitions(stored, q.now);
    if (q.criteria.every((c) => criterionHolds(obj, c))) matches.push(obj.uid);
  }
  const offset = q.offset ?? 0;
  return {
    uids: matches.slice(offset, q.maximum === undefined ? undefined : offset + q.maximum),
    ...(q.count === true ? { count: matches.length } : {}),
  };
}
