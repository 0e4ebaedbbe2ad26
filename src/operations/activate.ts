// Activate (KMIP 2.1 §6.1.1, 1.4 §4.19): Pre-Active -> Active, Activation Date = now.
// Result Reasons: Wrong Key Lifecycle State unless Pre-Active; Permission Denied / Item Not Found
// when not visible; Invalid Object Type for objects without a lifecycle.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ResultReason, State } from '../spec/generated/enums.js';
import { KmipError, wrongState } from '../messages/kmip-error.js';
import type { OperationContext } from './support/operation-context.js';
import { loadObject, saveObject, targetUid } from './support/object-access.js';
import { stateName, stateOf, withState } from '../objects/lifecycle.js';

export async function activate(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid);
  const state = stateOf(obj);
  if (state === undefined)
    throw new KmipError(ResultReason.InvalidObjectType, `object ${uid} has no lifecycle state to activate`);
  if (state !== State.PreActive) throw wrongState(`object ${uid} is ${stateName(state)}, not PreActive`);
  await saveObject(ctx, obj, withState(obj, State.Active, 'Activation Date', ctx.now));
  ctx.batch.idPlaceholder = uid;
  return [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid }];
}
