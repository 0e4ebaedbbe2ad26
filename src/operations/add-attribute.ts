// Add Attribute (KMIP 1.4 §4.14, 2.1 §6.1.2): a new instance of an attribute. A multi-valued
// attribute's new instance takes the next free Attribute Index; a single-valued one must be absent.
// 1.x request/response: Attribute (the response echoes it as stored, with its index); 2.x: New
// Attribute, response the Unique Identifier only (OASIS AX-M-1-14 / AX-M-1-21).
// Result Reasons (1.4 Table 341 / 2.1 Table 169):
//   attribute already present (single-valued)  1.x Illegal Operation   2.x Attribute Single Valued
//   read-only / server-only attribute           1.x Permission Denied   2.x Read Only Attribute
//   not an attribute of this version            1.x Invalid Field       2.x Invalid Attribute
//   Attribute Index in the request (1.x)        Invalid Field
//   Name in use (this or another live object)   1.x Illegal Operation   2.x Non Unique Name Attribute
//   date outside the states allowing it         1.x Permission Denied   2.x Wrong Key Lifecycle State
//   object missing / not visible / archived     Item Not Found / Permission Denied / Object Archived
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { encodeAttributeAnswer1x } from '../messages/attributes.js';
import type { OperationContext } from '../engine/operation-context.js';
import { loadObject, targetUid } from '../engine/object-access.js';
import {
  byVersion,
  checkEditable,
  checkNameFree,
  checkValueType,
  requestAttribute,
  saveEdit,
  storedValue,
  uidItem,
} from '../engine/attribute-edits.js';
import { instancesOf, nextIndex, withInstance } from '../engine/attribute-instances.js';

export async function addAttribute(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const requested = requestAttribute(payload, ctx, 'new');
  if (requested === undefined)
    throw invalidField(`Add Attribute needs ${ctx.kmip2 ? 'a New Attribute' : 'an Attribute'}`);
  const raw = payload.value.find((c) => c.tag === Tag.Attribute);
  if (!ctx.kmip2 && raw?.type === 'Structure' && raw.value.some((c) => c.tag === Tag.AttributeIndex)) {
    throw invalidField('Add Attribute must not give an Attribute Index: the server assigns it');
  }
  checkValueType(ctx, requested);
  const obj = await loadObject(ctx, uid);
  const existing = instancesOf(obj, requested.name);
  const rule = checkEditable(ctx, obj, requested.name, 'add', existing.length > 0);
  if (!rule.multi && existing.length > 0) {
    throw new KmipError(
      byVersion(ctx, ResultReason.AttributeSingleValued, ResultReason.IllegalOperation),
      `object ${uid} already has a '${requested.name}'; it takes one value: use Modify Attribute to change it`,
    );
  }
  await checkNameFree(ctx, obj, requested);
  const added = {
    name: requested.name,
    index: nextIndex(obj, requested.name),
    value: storedValue(requested),
  };
  await saveEdit(ctx, obj, withInstance(obj, added));
  return ctx.kmip2 ? [uidItem(uid)] : [uidItem(uid), encodeAttributeAnswer1x(added)];
}
