// Get (KMIP 2.1 §6.1.19, 1.4 §4.11): the object, in the format it holds or the one asked for;
// a Template (1.x) as the attributes it applies now (support/served-object.ts).
// Result Reasons: Item Not Found / Permission Denied (not visible), Object Destroyed (2.x),
// Key Format Type Not Supported, Key Compression Type Not Supported, Invalid Field.
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';
import { servedBody } from './support/served-object.js';

export const get = defineOperation({
  operation: 'Get',
  policy: { table: 'read' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    const body = await servedBody(ctx, obj, request);
    ctx.batch.idPlaceholder = uid;
    return { objectType: obj.objectType, uniqueIdentifier: uid, object: body };
  },
});
