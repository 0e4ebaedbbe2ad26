// GetAttributes (KMIP 2.1 §6.1.24, 1.4 §4.12): the named attributes (1.x Attribute Names, 2.x
// Attribute References), or all of them when none is named ("all attributes SHALL be deemed to
// match"), in either case only those the request's version defines (attribute-versions.ts). A
// named attribute the object lacks is simply absent (Percona asks for "State" only).
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import { encodeAttributeList } from '../messages/attributes.js';
import type { OperationContext } from '../engine/operation-context.js';
import { loadObject, targetUid } from '../engine/object-access.js';
import { attributeExistsIn } from '../engine/attribute-versions.js';
import { requestedAttributeNames } from '../messages/attribute-reference.js';

export async function getAttributes(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid, { allowDestroyed: true });
  const names = requestedAttributeNames(payload);
  for (const n of names) if (n === '') throw invalidField('an empty attribute name was given');
  const wanted = names.length === 0 ? undefined : new Set(names);
  const attrs = obj.attributes.filter(
    (a) => (wanted === undefined || wanted.has(a.name)) && attributeExistsIn(a.name, ctx.version),
  );
  ctx.batch.idPlaceholder = uid;
  return [
    { tag: Tag.UniqueIdentifier, type: 'TextString', value: uid },
    ...encodeAttributeList(attrs, ctx.kmip2),
  ];
}
