// Destroy (KMIP 2.1 §6.1.15, 1.4 §4.21): the key material is erased; the metadata stays with
// State Destroyed (or Destroyed Compromised) and a Destroy Date. An Active object is refused with
// Wrong Key Lifecycle State (it must be revoked first); objects without a lifecycle are removed.
// A Template goes whole, metadata and all (1.4 §4.21: "the object itself, including all
// meta-data, SHALL be destroyed").
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { wrongState } from '../messages/kmip-error.js';
import type { OperationContext } from '../engine/operation-context.js';
import { loadObject, removeObject, saveObject, targetUid } from '../engine/object-access.js';
import { ObjectType } from '../spec/generated/enums.js';
import { destroyedState, stateName, stateOf, withState } from '../engine/lifecycle.js';

export async function destroy(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid);
  const state = stateOf(obj);
  if (obj.objectType === ObjectType.Template) {
    await removeObject(ctx, obj);
  } else if (state === undefined) {
    await saveObject(ctx, obj, { ...withState(obj, 6, 'Destroy Date', ctx.now), body: undefined });
  } else {
    const next = destroyedState(state);
    if (next === undefined)
      throw wrongState(`object ${uid} is ${stateName(state)}; revoke it before destroying it`);
    await saveObject(ctx, obj, { ...withState(obj, next, 'Destroy Date', ctx.now), body: undefined });
  }
  ctx.batch.idPlaceholder = uid;
  return [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid }];
}
