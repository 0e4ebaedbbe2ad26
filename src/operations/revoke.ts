// Revoke (KMIP 2.1 §6.1.45, 1.4 §4.20): Active -> Deactivated for ordinary reasons; any
// non-destroyed state -> Compromised (and Destroyed -> Destroyed Compromised) for Key Compromise
// or CA Compromise, which record the Compromise Occurrence Date (the object's Initial Date when the
// request gives none). Sets Revocation Reason and the dates. Result Reasons: Wrong Key Lifecycle
// State, Invalid Field, Item Not Found.
import { RevocationReasonCode, State } from '../spec/generated/enums.js';
import { wrongState } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid, saveObject } from './support/object-access.js';
import { revokedState, stateName, stateOf, withState } from '../objects/lifecycle.js';
import { attribute, epochSeconds, withAttribute } from '../objects/managed-object.js';

export const revoke = defineOperation({
  operation: 'Revoke',
  policy: { table: 'lifecycle' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const reason = request.revocationReason;
    const code = reason.revocationReasonCode;
    const compromise =
      code === RevocationReasonCode.KeyCompromise || code === RevocationReasonCode.CACompromise;
    const occurrence = request.compromiseOccurrenceDate;
    const obj = await loadObject(ctx, uid, { allowDestroyed: true });
    const state = stateOf(obj);
    const next = state === undefined ? undefined : revokedState(state, compromise);
    if (next === undefined)
      throw wrongState(`object ${uid} is ${stateName(state)} and cannot be revoked for this reason`);
    const updated = withState(obj, next, undefined, ctx.now);
    let attrs = withAttribute(updated.attributes, 'Revocation Reason', reason);
    if (compromise) {
      attrs = withAttribute(attrs, 'Compromise Date', epochSeconds(ctx.now));
      // The request SHOULD give the date (2.1 Table 295); without it, the Initial Date stands in,
      // as §4.11 says when the compromise cannot be dated.
      attrs = withAttribute(
        attrs,
        'Compromise Occurrence Date',
        occurrence ?? attribute(obj, 'Initial Date'),
      );
    } else if (state === State.Active) {
      attrs = withAttribute(attrs, 'Deactivation Date', epochSeconds(ctx.now));
    }
    await saveObject(ctx, obj, { ...updated, attributes: attrs });
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid };
  },
});
