// GetAttributes (KMIP 2.1 §6.1.20, 1.4 §4.12): the named attributes (1.x Attribute Names, 2.x
// Attribute References), or all of them when none is named. A named attribute the object lacks is
// simply absent (Percona asks for "State" only).
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
    // The codec leaves out what the version does not define (version-rules.ts: what 1.0-1.3 clients take).
    return { uniqueIdentifier: uid, attributes };
  },
});
