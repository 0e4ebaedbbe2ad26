// The Usage Limits attribute (KMIP 2.1 §4.59, 1.4 §3.21): { Usage Limits Total, Usage Limits Count
// (what remains), Usage Limits Unit }. The server keeps the Count: it starts at the Total, a client
// never sets it, and Get Usage Allocation lowers it. Once an allocation has been made the client
// may no longer change or delete the attribute. Also the Lease Time the server grants (§4.30).
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { type ManagedObject, firstAttribute } from './managed-object.js';

function fieldOf(value: TtlvItem | undefined, tag: number): TtlvItem | undefined {
  return value?.type === 'Structure' ? value.value.find((c) => c.tag === tag) : undefined;
}

function longField(value: TtlvItem | undefined, tag: number): bigint | undefined {
  const f = fieldOf(value, tag);
  if (f?.type === 'LongInteger' || f?.type === 'BigInteger') return f.value;
  return f?.type === 'Integer' ? BigInt(f.value) : undefined;
}

/** The units the object may still protect; undefined when it has no Usage Limits (no limit). */
export function usageRemaining(obj: ManagedObject): bigint | undefined {
  const limits = firstAttribute(obj, 'Usage Limits');
  if (limits === undefined) return undefined;
  return longField(limits, Tag.UsageLimitsCount) ?? longField(limits, Tag.UsageLimitsTotal) ?? 0n;
}

/** What the Usage Limits count (Usage Limits Unit: bytes or objects), when the object has them. */
export function usageUnit(obj: ManagedObject): number | undefined {
  const unit = fieldOf(firstAttribute(obj, 'Usage Limits'), Tag.UsageLimitsUnit);
  return unit?.type === 'Enumeration' ? unit.value : undefined;
}

/** True once Get Usage Allocation has lowered the Count below the Total. */
export function usageAllocated(obj: ManagedObject): boolean {
  const limits = firstAttribute(obj, 'Usage Limits');
  const total = longField(limits, Tag.UsageLimitsTotal);
  const count = longField(limits, Tag.UsageLimitsCount);
  return total !== undefined && count !== undefined && count !== total;
}

/** The Usage Limits value with `remaining` as its Count, fields in the spec's order (Total, Count, Unit). */
export function withUsageRemaining(value: TtlvItem, remaining: bigint | undefined): TtlvItem {
  if (value.type !== 'Structure') return value;
  const total = value.value.filter((c) => c.tag === Tag.UsageLimitsTotal);
  const rest = value.value.filter((c) => c.tag !== Tag.UsageLimitsTotal && c.tag !== Tag.UsageLimitsCount);
  const count: TtlvItem[] =
    remaining === undefined ? [] : [{ tag: Tag.UsageLimitsCount, type: 'LongInteger', value: remaining }];
  return { ...value, value: [...total, ...count, ...rest] };
}

/** A client's Usage Limits with the Count the server keeps: the Total ("SHALL NOT be set … by the client"). */
export function clientUsageLimits(value: TtlvItem): TtlvItem {
  return withUsageRemaining(value, longField(value, Tag.UsageLimitsTotal));
}

/**
 * The lease the server grants on the object, in seconds: its Lease Time attribute (2.1 §4.30: "the
 * maximum Lease Time it is able to serve"), or 0 — "no lease interval is effective" (§6.1.35).
 */
export function leaseTimeOf(obj: ManagedObject): number {
  const v = firstAttribute(obj, 'Lease Time');
  return v?.type === 'Interval' || v?.type === 'Integer' ? v.value : 0;
}
