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
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ObjectType, ResultReason, State } from '../spec/generated/enums.js';
import { KmipError, type ResultReasonCode, invalidField, invalidMessage } from '../messages/kmip-error.js';
import type { OperationContext } from './support/operation-context.js';
import { loadObject, targetUid } from './support/object-access.js';
import { firstAttribute, withSingle } from '../objects/managed-object.js';
import { stateName, stateOf } from '../objects/lifecycle.js';
import { byVersion, saveEdit, uidItem } from './support/attribute-edits.js';
import { usageRemaining, withUsageRemaining } from '../objects/usage-limits.js';

/** Objects that apply cryptographic protection (encrypt, sign, wrap, MAC). */
const PROTECTING_TYPES: ReadonlySet<number> = new Set([
  ObjectType.SymmetricKey,
  ObjectType.PublicKey,
  ObjectType.PrivateKey,
  ObjectType.SplitKey,
  ObjectType.PGPKey,
]);

function requestedCount(payload: StructureItem): bigint {
  const c = payload.value.find((i) => i.tag === Tag.UsageLimitsCount);
  if (c === undefined) throw invalidMessage('Get Usage Allocation needs a Usage Limits Count');
  const n = c.type === 'LongInteger' ? c.value : c.type === 'Integer' ? BigInt(c.value) : undefined;
  if (n === undefined) throw invalidMessage('Usage Limits Count must be a Long Integer');
  if (n < 0n) throw invalidField('Usage Limits Count cannot be negative');
  return n;
}

export async function getUsageAllocation(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const count = requestedCount(payload);
  const obj = await loadObject(ctx, uid);
  const illegal = (v2: ResultReasonCode, why: string): KmipError =>
    new KmipError(byVersion(ctx, v2, ResultReason.IllegalOperation), why);
  if (!PROTECTING_TYPES.has(obj.objectType)) {
    throw illegal(
      ResultReason.InvalidObjectType,
      `object ${uid} is not a key that applies cryptographic protection`,
    );
  }
  const limits = firstAttribute(obj, 'Usage Limits');
  const remaining = usageRemaining(obj);
  if (limits === undefined || remaining === undefined) {
    throw illegal(ResultReason.AttributeNotFound, `object ${uid} has no Usage Limits to allocate from`);
  }
  const state = stateOf(obj);
  const stop = firstAttribute(obj, 'Protect Stop Date');
  const stopped = stop?.type === 'DateTime' && stop.value <= BigInt(Math.floor(ctx.now.getTime() / 1000));
  if (state !== State.Active || stopped) {
    const why = stopped ? 'its Protect Stop Date has passed' : `it is ${stateName(state)}, not Active`;
    throw illegal(ResultReason.WrongKeyLifecycleState, `object ${uid} cannot apply protection now: ${why}`);
  }
  if (count > remaining) {
    throw new KmipError(
      byVersion(ctx, ResultReason.UsageLimitExceeded, ResultReason.PermissionDenied),
      `${count} units were asked for but only ${remaining} remain`,
    );
  }
  const updated = withSingle(obj.attributes, 'Usage Limits', withUsageRemaining(limits, remaining - count));
  await saveEdit(ctx, obj, { ...obj, attributes: updated });
  return [uidItem(uid)];
}
