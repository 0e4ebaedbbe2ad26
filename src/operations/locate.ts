// Locate (KMIP 2.1 §6.1.28, 1.4 §4.9): the identifiers of the caller's visible objects matching
// every attribute given, newest first, after Offset Items, at most Maximum Items; Located Items
// counts all matches for clients that page (1.3+ only: the codec leaves it out of a 1.0–1.2
// reply). Storage Status Mask selects on-line (default), archived and destroyed objects. One
// result sets the ID Placeholder. The request becomes one store query (store/locate-query.ts);
// the store answers it from indexes.
import { StorageStatusMask } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { groupMemberRule, locateCriteria } from './support/locate-match.js';

function nonNegative(value: number | undefined, what: string): number | undefined {
  if (value !== undefined && value < 0) throw invalidField(`${what} must be a non-negative Integer`);
  return value;
}

export const locate = defineOperation({
  operation: 'Locate',
  policy: { table: 'read' },
  handler: async (request, ctx) => {
    const maximum = nonNegative(request.maximumItems, 'Maximum Items');
    const offset = nonNegative(request.offsetItems, 'Offset Items') ?? 0;
    const storage =
      nonNegative(request.storageStatusMask, 'Storage Status Mask') ?? StorageStatusMask.OnLineStorage;
    const requested = request.attributes ?? [];
    const group = groupMemberRule(requested, request.objectGroupMember);
    // Located Items is a MAY: sent to clients that page with Offset Items, which need the count.
    const paging = request.offsetItems !== undefined;
    const found = await ctx.store.locate({
      visibility: ctx.access.visibility(ctx.policyOperation, ctx.identity, ctx.groups),
      criteria: [...locateCriteria(requested), ...group.criteria],
      storage,
      now: ctx.now,
      ...(group.newestOnly ? { maximum: 1 } : { offset, ...(maximum !== undefined ? { maximum } : {}) }),
      count: paging,
    });
    ctx.batch.idPlaceholder = found.uids.length === 1 ? found.uids[0] : undefined;
    return {
      ...(paging ? { locatedItems: found.count ?? found.uids.length } : {}),
      uniqueIdentifier: found.uids,
    };
  },
});
