// Locate (KMIP 2.1 §6.1.28, 1.4 §4.9): the identifiers of the caller's visible objects matching
// every attribute given, newest first, after Offset Items, at most Maximum Items; Located Items
// counts all matches for clients that page (1.3+ only: a 1.0–1.2 reply carries none). Storage
// Status Mask selects on-line (default), archived and destroyed objects. One result sets the ID
// Placeholder. The request becomes one store query (store/locate-query.ts); the store answers it
// from indexes.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { StorageStatusMask } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import { directAttributes } from '../messages/attributes.js';
import type { OperationContext } from '../engine/operation-context.js';
import { groupMemberRule, locateCriteria } from '../engine/locate-match.js';
import { versionAtLeast } from '../spec/registry.js';

function optionalNumber(
  payload: StructureItem,
  tag: number,
  what: string,
  type: 'Integer' | 'Enumeration',
): number | undefined {
  const c = payload.value.find((i) => i.tag === tag);
  if (c === undefined) return undefined;
  if (c.type !== type || c.value < 0) throw invalidField(`${what} must be a non-negative ${type}`);
  return c.value;
}

export async function locate(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const maximum = optionalNumber(payload, Tag.MaximumItems, 'Maximum Items', 'Integer');
  const offset = optionalNumber(payload, Tag.OffsetItems, 'Offset Items', 'Integer') ?? 0;
  const storage =
    optionalNumber(payload, Tag.StorageStatusMask, 'Storage Status Mask', 'Integer') ??
    StorageStatusMask.OnLineStorage;
  const member = optionalNumber(payload, Tag.ObjectGroupMember, 'Object Group Member', 'Enumeration');
  const requested = directAttributes(payload);
  const group = groupMemberRule(requested, member);
  // Located Items (1.3+) is a MAY: sent to clients that page with Offset Items, which need the count.
  const paging = payload.value.some((c) => c.tag === Tag.OffsetItems) && versionAtLeast(ctx.version, '1.3');
  const found = await ctx.store.locate({
    visibility: ctx.access.visibility(ctx.operation, ctx.identity, ctx.groups),
    criteria: [...locateCriteria(requested), ...group.criteria],
    storage,
    now: ctx.now,
    ...(group.newestOnly ? { maximum: 1 } : { offset, ...(maximum !== undefined ? { maximum } : {}) }),
    count: paging,
  });
  ctx.batch.idPlaceholder = found.uids.length === 1 ? found.uids[0] : undefined;
  const out: TtlvItem[] = [];
  if (paging) out.push({ tag: Tag.LocatedItems, type: 'Integer', value: found.count ?? found.uids.length });
  for (const uid of found.uids) out.push({ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid });
  return out;
}
