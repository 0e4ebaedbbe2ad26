// GetAttributeList (KMIP 2.1 §6.1.21, 1.4 §4.13): the names of the attributes the object holds
// (1.x Attribute Names, 2.x Attribute References, those the version defines).
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';

export const getAttributeList = defineOperation({
  operation: 'GetAttributeList',
  policy: { table: 'read' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid, { allowDestroyed: true });
    ctx.batch.idPlaceholder = uid;
    // The codec names them as the version does and leaves out those it does not define.
    return { uniqueIdentifier: uid, attributeReference: [...new Set(obj.attributes.map((a) => a.name))] };
  },
});
