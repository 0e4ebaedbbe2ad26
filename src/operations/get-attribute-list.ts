// GetAttributeList (KMIP 2.1 §6.1.23, 1.4 §4.13): the names of the attributes the object holds,
// 1.x as Attribute Names, 2.x as Attribute References.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { attributeTag, isCustomName } from '../messages/attributes.js';
import { attributeReference } from '../messages/attribute-reference.js';
import type { OperationContext } from './support/operation-context.js';
import { loadObject, targetUid } from './support/object-access.js';
import { attributeExistsIn } from '../messages/attribute-versions.js';

export async function getAttributeList(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid, { allowDestroyed: true });
  const names = [...new Set(obj.attributes.map((a) => a.name))].filter((n) =>
    attributeExistsIn(n, ctx.version),
  );
  ctx.batch.idPlaceholder = uid;
  const list: TtlvItem[] = names.map((n) =>
    ctx.kmip2
      ? attributeReference(n, isCustomName(n) ? undefined : attributeTag(n))
      : { tag: Tag.AttributeName, type: 'TextString', value: n },
  );
  return [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid }, ...list];
}
