// Obtain Lease (KMIP 1.4 §4.17, 2.1 §6.1.35): the lease the server grants on the object (its
// Lease Time attribute, or 0: "no lease interval is effective, and the client MAY use the object
// without any lease time limit") and the object's Last Change Date, by which the client can tell
// whether its cached attributes are stale. Nothing is stored.
// Result Reasons (1.4 Table 344 / 2.1 Table 270): Item Not Found, Permission Denied, Object
// Archived (and, 2.x, Object Destroyed) through loadObject.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import type { OperationContext } from './support/operation-context.js';
import { loadObject, targetUid } from './support/object-access.js';
import { firstAttribute } from '../objects/managed-object.js';
import { uidItem } from './support/attribute-edits.js';
import { leaseTimeOf } from '../objects/usage-limits.js';

export async function obtainLease(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid);
  const changed = firstAttribute(obj, 'Last Change Date') ?? firstAttribute(obj, 'Initial Date');
  const lastChange =
    changed?.type === 'DateTime' ? changed.value : BigInt(Math.floor(ctx.now.getTime() / 1000));
  ctx.batch.idPlaceholder = uid;
  return [
    uidItem(uid),
    { tag: Tag.LeaseTime, type: 'Interval', value: leaseTimeOf(obj) },
    { tag: Tag.LastChangeDate, type: 'DateTime', value: lastChange },
  ];
}
