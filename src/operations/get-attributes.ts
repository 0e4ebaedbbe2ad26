// GetAttributes (KMIP 2.1 §6.1.20, 1.4 §4.12): the named attributes (1.x Attribute Names, 2.x
// Attribute References), or all of them when none is named ("all attributes SHALL be deemed to
// match"), in either case only those the request's version defines (the payload codec leaves the
// others out). A named attribute the object lacks is simply absent (Percona asks for "State" only).
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';

export const getAttributes = defineOperation({
  operation: 'GetAttributes',
  policy: { table: 'read' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid, { allowDestroyed: true });
    const wanted = request.attributeReference ?? [];
    const attributes =
      wanted.length === 0 ? obj.attributes : obj.attributes.filter((a) => wanted.includes(a.name));
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid, attributes };
  },
});
