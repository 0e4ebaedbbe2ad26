// Recover (KMIP 1.4 §4.23, 2.1 §6.1.42): an archived object is on-line again; its Archive Date is
// deleted (2.1 §4.5: "The server SHALL delete this attribute whenever a Recover operation is
// performed"). Recovering an object that is on-line already changes nothing.
// Result Reasons (1.4 Table 350 / 2.1 Table 290): Item Not Found, Permission Denied.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import type { OperationContext } from './support/operation-context.js';
import { loadObject, saveObject, targetUid } from './support/object-access.js';
import { firstAttribute, withSingle } from '../objects/managed-object.js';
import { uidItem } from './support/attribute-edits.js';

export async function recover(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid, { allowArchived: true });
  if (firstAttribute(obj, 'Archive Date') !== undefined) {
    await saveObject(ctx, obj, { ...obj, attributes: withSingle(obj.attributes, 'Archive Date', undefined) });
  }
  ctx.batch.idPlaceholder = uid;
  return [uidItem(uid)];
}
