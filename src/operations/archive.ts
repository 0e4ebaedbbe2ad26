// Archive (KMIP 1.4 §4.22, 2.1 §6.1.4): the object goes to archival storage, which here means it
// gets an Archive Date (2.1 §4.5: "set by the server as a part of the Archive operation"). An
// archived object is hidden from Locate unless the Storage Status Mask asks for Archival Storage,
// and every operation but Recover answers Object Archived until it is recovered (2.1 §6.1:
// "any archived object SHALL first be made available by a Recover operation"; loadObject).
// Result Reasons (1.4 Table 349 / 2.1 Table 175): Object Archived (already archived), Item Not
// Found, Permission Denied.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import type { OperationContext } from './support/operation-context.js';
import { loadObject, saveObject, targetUid } from './support/object-access.js';
import { dateItem, withSingle } from '../objects/managed-object.js';
import { uidItem } from './support/attribute-edits.js';

export async function archive(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid);
  const attributes = withSingle(obj.attributes, 'Archive Date', dateItem('Archive Date', ctx.now));
  await saveObject(ctx, obj, { ...obj, attributes });
  ctx.batch.idPlaceholder = uid;
  return [uidItem(uid)];
}
