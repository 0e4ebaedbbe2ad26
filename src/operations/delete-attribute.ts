// Delete Attribute (KMIP 1.4 §4.16, 2.1 §6.1.13). 1.x: Attribute Name and Attribute Index (default
// 0) name one instance; the response returns the deleted Attribute. 2.x: Current Attribute deletes
// the instance with that value, an Attribute Reference alone deletes every instance; the response
// is the Unique Identifier. Attributes that are REQUIRED or the server's cannot be deleted.
// Result Reasons (1.4 Table 343 / 2.1 Table 204):
//   attribute absent                   1.x Item Not Found      2.x Attribute Not Found
//   no such instance (index / value)   1.x Item Not Found      2.x Attribute Instance Not Found
//   REQUIRED or read-only attribute    1.x Permission Denied   2.x Attribute Read Only
//   not an attribute of this version   1.x Invalid Field       2.x Invalid Attribute
//   nothing named                      Invalid Field
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { type Attribute, encodeAttributeAnswer1x } from '../messages/attributes.js';
import { requestedAttributeNames } from '../messages/attribute-reference.js';
import type { OperationContext } from '../engine/operation-context.js';
import type { ManagedObject } from '../engine/managed-object.js';
import { loadObject, targetUid } from '../engine/object-access.js';
import { byVersion, checkEditable, requestAttribute, saveEdit, uidItem } from '../engine/attribute-edits.js';
import { instancesOf, sameValue, withoutInstances } from '../engine/attribute-instances.js';

interface Selection {
  readonly name: string;
  /** Picks the instances to delete; undefined = all of them (2.x Attribute Reference). */
  readonly pick?: (a: Attribute) => boolean;
  readonly describe: string;
}

function selection(payload: StructureItem, ctx: OperationContext): Selection {
  const current = requestAttribute(payload, ctx, 'current');
  if (current !== undefined) {
    return {
      name: current.name,
      pick: (a) => sameValue(a.value, current.value),
      describe: "with the Current Attribute's value",
    };
  }
  const names = requestedAttributeNames(payload);
  const name = names[0];
  if (name === undefined || names.length > 1) {
    throw invalidField(
      `Delete Attribute names one attribute (${ctx.kmip2 ? 'Current Attribute or Attribute Reference' : 'Attribute Name'})`,
    );
  }
  if (ctx.kmip2) return { name, describe: '' };
  const indexItem = payload.value.find((c) => c.tag === Tag.AttributeIndex);
  if (indexItem !== undefined && indexItem.type !== 'Integer')
    throw invalidField('Attribute Index must be an Integer');
  const index = indexItem?.type === 'Integer' ? indexItem.value : 0;
  return { name, pick: (a) => a.index === index, describe: `with Attribute Index ${index}` };
}

function chosen(ctx: OperationContext, obj: ManagedObject, sel: Selection): Attribute[] {
  const instances = instancesOf(obj, sel.name);
  if (instances.length === 0) {
    throw new KmipError(
      byVersion(ctx, ResultReason.AttributeNotFound, ResultReason.ItemNotFound),
      `object ${obj.uid} has no '${sel.name}' attribute`,
    );
  }
  const hits = sel.pick === undefined ? instances : instances.filter(sel.pick).slice(0, 1);
  if (hits.length === 0) {
    throw new KmipError(
      byVersion(ctx, ResultReason.AttributeInstanceNotFound, ResultReason.ItemNotFound),
      `object ${obj.uid} has no '${sel.name}' ${sel.describe}`,
    );
  }
  return hits;
}

export async function deleteAttribute(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const sel = selection(payload, ctx);
  const obj = await loadObject(ctx, uid);
  checkEditable(ctx, obj, sel.name, 'delete', true);
  const gone = chosen(ctx, obj, sel);
  await saveEdit(
    ctx,
    obj,
    withoutInstances(obj, (a) => gone.includes(a)),
  );
  const first = gone[0];
  return ctx.kmip2 || first === undefined ? [uidItem(uid)] : [uidItem(uid), encodeAttributeAnswer1x(first)];
}
