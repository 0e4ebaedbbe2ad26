// Get Usage Allocation (KMIP 1.4 §4.18, 2.1 §6.1.23): reserves Usage Limits Count units of the
// object's Usage Limits for applying protection, lowering the remaining count (the whole amount is
// assumed consumed). Only keys that can apply protection, only while protection is enabled (Active,
// before any Protect Stop Date), only objects with Usage Limits.
// Result Reasons (1.4 Table 345 / 2.1 Table 234):
//   no Usage Limits Count in the request   Invalid Message
//   object type cannot apply protection    1.x Illegal Operation   2.x Invalid Object Type
//   object has no Usage Limits             1.x Illegal Operation   2.x Attribute Not Found
//   protection not enabled now             1.x Illegal Operation   2.x Wrong Key Lifecycle State
//   more than remains                      1.x Permission Denied   2.x Usage Limit Exceeded
import { ObjectType, ResultReason, State } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';
import { attribute, epochSeconds, firstAttribute, withSingle } from '../objects/managed-object.js';
import { stateName, stateOf } from '../objects/lifecycle.js';
import { saveEdit } from './support/attribute-edits.js';
import { usageRemaining, withUsageRemaining } from '../objects/usage-limits.js';

/** Objects that apply cryptographic protection (encrypt, sign, wrap, MAC). */
const PROTECTING_TYPES: ReadonlySet<number> = new Set([
  ObjectType.SymmetricKey,
  ObjectType.PublicKey,
  ObjectType.PrivateKey,
  ObjectType.SplitKey,
  ObjectType.PGPKey,
]);

export const getUsageAllocation = defineOperation({
  operation: 'GetUsageAllocation',
  policy: { table: 'secret' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const count = request.usageLimitsCount;
    if (count < 0n) throw invalidField('Usage Limits Count cannot be negative');
    const obj = await loadObject(ctx, uid);
    if (!PROTECTING_TYPES.has(obj.objectType)) {
      throw new KmipError(
        ResultReason.InvalidObjectType,
        `object ${uid} is not a key that applies cryptographic protection`,
      );
    }
    const limits = firstAttribute(obj, 'Usage Limits');
    const remaining = usageRemaining(obj);
    if (limits === undefined || remaining === undefined)
      throw new KmipError(
        ResultReason.AttributeNotFound,
        `object ${uid} has no Usage Limits to allocate from`,
      );
    const state = stateOf(obj);
    const stop = attribute(obj, 'Protect Stop Date');
    const stopped = stop !== undefined && stop <= epochSeconds(ctx.now);
    if (state !== State.Active || stopped) {
      const why = stopped ? 'its Protect Stop Date has passed' : `it is ${stateName(state)}, not Active`;
      throw new KmipError(
        ResultReason.WrongKeyLifecycleState,
        `object ${uid} cannot apply protection now: ${why}`,
      );
    }
    if (count > remaining)
      throw new KmipError(
        ResultReason.UsageLimitExceeded,
        `${count} units were asked for but only ${remaining} remain`,
      );
    const updated = withSingle(obj.attributes, 'Usage Limits', withUsageRemaining(limits, remaining - count));
    await saveEdit(ctx, obj, { ...obj, attributes: updated });
    return { uniqueIdentifier: uid };
  },
});
