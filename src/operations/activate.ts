// Activate (KMIP 2.1 §6.1.1, 1.4 §4.19): Pre-Active -> Active, Activation Date = now.
// Result Reasons: Wrong Key Lifecycle State unless Pre-Active; Permission Denied / Item Not Found
// when not visible; Invalid Object Type for objects without a lifecycle.
import { ResultReason, State } from '../spec/generated/enums.js';
import { KmipError, wrongState } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid, saveObject } from './support/object-access.js';
import { stateName, stateOf, withState } from '../objects/lifecycle.js';

export const activate = defineOperation({
  operation: 'Activate',
  policy: { table: 'lifecycle' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    const state = stateOf(obj);
    if (state === undefined)
      throw new KmipError(ResultReason.InvalidObjectType, `object ${uid} has no lifecycle state to activate`);
    if (state !== State.PreActive) throw wrongState(`object ${uid} is ${stateName(state)}, not PreActive`);
    await saveObject(ctx, obj, withState(obj, State.Active, 'Activation Date', ctx.now));
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid };
  },
});
