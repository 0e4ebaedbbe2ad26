// Destroy (KMIP 2.1 §6.1.15, 1.4 §4.21): the key material is erased; the metadata stays with
// State Destroyed (or Destroyed Compromised) and a Destroy Date. An Active object is refused with
// Wrong Key Lifecycle State (it must be revoked first); objects without a lifecycle are removed.
// A Template goes whole, metadata and all (1.4 §4.21: "the object itself, including all
// meta-data, SHALL be destroyed").
import { ObjectType, State } from '../spec/generated/enums.js';
import { wrongState } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { loadObject, removeObject, resolveUid, saveObject } from './support/object-access.js';
import { destroyedState, stateName, stateOf, withState } from '../objects/lifecycle.js';

export const destroy = defineOperation({
  operation: 'Destroy',
  policy: { table: 'edit' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    const state = stateOf(obj);
    if (obj.objectType === ObjectType.Template) {
      await removeObject(ctx, obj);
    } else {
      const next = state === undefined ? State.Destroyed : destroyedState(state);
      if (next === undefined)
        throw wrongState(`object ${uid} is ${stateName(state)}; revoke it before destroying it`);
      await saveObject(ctx, obj, { ...withState(obj, next, 'Destroy Date', ctx.now), body: undefined });
    }
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid };
  },
});
