// Revoke (KMIP 2.1 §6.1.45, 1.4 §4.20): Active -> Deactivated for ordinary reasons; any
// non-destroyed state -> Compromised (and Destroyed -> Destroyed Compromised) for Key Compromise
// or CA Compromise, which record the Compromise Occurrence Date (the object's Initial Date when the
// request gives none). Sets Revocation Reason and the dates. Result Reasons: Wrong Key Lifecycle State, Invalid Field, Item Not Found.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { RevocationReasonCode, State } from '../spec/generated/enums.js';
import { invalidField, wrongState } from '../messages/kmip-error.js';
import type { OperationContext } from '../engine/operation-context.js';
import { loadObject, saveObject, targetUid } from '../engine/object-access.js';
import { revokedState, stateName, stateOf, withState } from '../engine/lifecycle.js';
import { dateItem, withSingle } from '../engine/managed-object.js';

export async function revoke(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const reason = payload.value.find((c) => c.tag === Tag.RevocationReason);
  if (reason?.type !== 'Structure') throw invalidField('Revoke needs a Revocation Reason');
  const code = reason.value.find((c) => c.tag === Tag.RevocationReasonCode);
  if (code?.type !== 'Enumeration')
    throw invalidField('the Revocation Reason needs a Revocation Reason Code');
  const compromise =
    code.value === RevocationReasonCode.KeyCompromise || code.value === RevocationReasonCode.CACompromise;
  const occurrence = payload.value.find((c) => c.tag === Tag.CompromiseOccurrenceDate);
  if (occurrence !== undefined && occurrence.type !== 'DateTime')
    throw invalidField('Compromise Occurrence Date must be a Date-Time');
  const obj = await loadObject(ctx, uid, { allowDestroyed: true });
  const state = stateOf(obj);
  const next = state === undefined ? undefined : revokedState(state, compromise);
  if (next === undefined)
    throw wrongState(`object ${uid} is ${stateName(state)} and cannot be revoked for this reason`);
  let updated = withState(obj, next, undefined, ctx.now);
  let attrs = withSingle(updated.attributes, 'Revocation Reason', { ...reason, tag: Tag.RevocationReason });
  if (compromise) {
    attrs = withSingle(attrs, 'Compromise Date', dateItem('Compromise Date', ctx.now));
    // The request SHOULD give the date (2.1 Table 295); without it, the Initial Date stands in,
    // as §4.11 says when the compromise cannot be dated.
    const when = occurrence ?? attrs.find((a) => a.name === 'Initial Date')?.value;
    if (when?.type === 'DateTime') {
      attrs = withSingle(attrs, 'Compromise Occurrence Date', { ...when, tag: Tag.CompromiseOccurrenceDate });
    }
  } else if (state === State.Active) {
    attrs = withSingle(attrs, 'Deactivation Date', dateItem('Deactivation Date', ctx.now));
  }
  updated = { ...updated, attributes: attrs };
  await saveObject(ctx, obj, updated);
  ctx.batch.idPlaceholder = uid;
  return [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid }];
}
