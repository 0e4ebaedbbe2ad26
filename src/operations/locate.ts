// Locate (KMIP 2.1 §6.1.28, 1.4 §4.9): the identifiers of the caller's visible objects matching
// every attribute given, newest first, after Offset Items, at most Maximum Items; Located Items
// counts all matches for clients that page (1.3+ only: a 1.0–1.2 reply carries none). Storage Status Mask selects
// on-line (default), archived and destroyed objects. One result sets the ID Placeholder.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { State, StorageStatusMask } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import { directAttributes } from '../messages/attributes.js';
import type { OperationContext } from './support/operation-context.js';
import { buildCriteria, objectMatches } from '../objects/locate-match.js';
import { applyTimeTransitions, stateOf } from '../objects/lifecycle.js';
import { firstAttribute } from '../objects/managed-object.js';
import { versionAtLeast } from '../spec/registry.js';

function optionalInt(payload: StructureItem, tag: number, what: string): number | undefined {
  const c = payload.value.find((i) => i.tag === tag);
  if (c === undefined) return undefined;
  if (c.type !== 'Integer' || c.value < 0) throw invalidField(`${what} must be a non-negative Integer`);
  return c.value;
}

export async function locate(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const maximum = optionalInt(payload, Tag.MaximumItems, 'Maximum Items');
  const offset = optionalInt(payload, Tag.OffsetItems, 'Offset Items') ?? 0;
  const storage =
    optionalInt(payload, Tag.StorageStatusMask, 'Storage Status Mask') ?? StorageStatusMask.OnLineStorage;
  const requested = directAttributes(payload);
  const criteria = buildCriteria(requested);
  const nameCriterion = requested.find((a) => a.name === 'Name');
  const nameValue =
    nameCriterion?.value.type === 'Structure'
      ? nameCriterion.value.value.find((c) => c.tag === Tag.NameValue)
      : undefined;
  const candidates = await ctx.store.find({
    ...(nameValue?.type === 'TextString' ? { name: nameValue.value } : {}),
  });
  const matches: string[] = [];
  for (let i = candidates.length - 1; i >= 0; i--) {
    const stored = candidates[i];
    if (stored === undefined) continue;
    if (!ctx.access.allowed(stored, ctx.policyOperation, ctx.identity, ctx.groups)) continue;
    const obj = applyTimeTransitions(stored, ctx.now);
    const state = stateOf(obj);
    const destroyed = state === State.Destroyed || state === State.DestroyedCompromised;
    const archived = firstAttribute(obj, 'Archive Date') !== undefined;
    if (destroyed && (storage & StorageStatusMask.DestroyedStorage) === 0) continue;
    if (!destroyed && archived && (storage & StorageStatusMask.ArchivalStorage) === 0) continue;
    if (!destroyed && !archived && (storage & StorageStatusMask.OnLineStorage) === 0) continue;
    if (objectMatches(obj, criteria)) matches.push(obj.uid);
  }
  const page = matches.slice(offset, maximum === undefined ? undefined : offset + maximum);
  ctx.batch.idPlaceholder = page.length === 1 ? page[0] : undefined;
  const out: TtlvItem[] = [];
  // Located Items (1.3+) is a MAY: sent to clients that page with Offset Items, which need the count.
  const paging = payload.value.some((c) => c.tag === Tag.OffsetItems);
  if (paging && versionAtLeast(ctx.version, '1.3'))
    out.push({ tag: Tag.LocatedItems, type: 'Integer', value: matches.length });
  for (const uid of page) out.push({ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid });
  return out;
}
