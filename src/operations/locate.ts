// Locate (KMIP 2.1 §6.1.28, 1.4 §4.9): the identifiers of the caller's visible objects matching
// every attribute given, newest first, after Offset Items, at most Maximum Items; Located Items
// counts all matches for clients that page (1.3+ only: a 1.0–1.2 reply carries none). Storage Status Mask selects
// on-line (default), archived and destroyed objects. One result sets the ID Placeholder.
import { State, StorageStatusMask } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { buildCriteria, objectMatches } from '../objects/locate-match.js';
import { applyTimeTransitions, stateOf } from '../objects/lifecycle.js';
import { attribute } from '../objects/managed-object.js';

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
    const criteria = buildCriteria(requested);
    const name = attribute(requested, 'Name')?.nameValue;
    const candidates = await ctx.store.find(name === undefined ? {} : { name });
    const matches: string[] = [];
    for (let i = candidates.length - 1; i >= 0; i--) {
      const stored = candidates[i];
      if (stored === undefined) continue;
      if (!ctx.access.allowed(stored, ctx.policyOperation, ctx.identity, ctx.groups)) continue;
      const obj = applyTimeTransitions(stored, ctx.now);
      const state = stateOf(obj);
      const destroyed = state === State.Destroyed || state === State.DestroyedCompromised;
      const archived = attribute(obj, 'Archive Date') !== undefined;
      if (destroyed && (storage & StorageStatusMask.DestroyedStorage) === 0) continue;
      if (!destroyed && archived && (storage & StorageStatusMask.ArchivalStorage) === 0) continue;
      if (!destroyed && !archived && (storage & StorageStatusMask.OnLineStorage) === 0) continue;
      if (objectMatches(obj, criteria)) matches.push(obj.uid);
    }
    const page = matches.slice(offset, maximum === undefined ? undefined : offset + maximum);
    ctx.batch.idPlaceholder = page.length === 1 ? page[0] : undefined;
    // Located Items (a 1.3 field, left out before) is a MAY: sent to clients that page with Offset
    // Items, which need the count.
    return {
      ...(request.offsetItems === undefined ? {} : { locatedItems: matches.length }),
      uniqueIdentifier: page,
    };
  },
});
