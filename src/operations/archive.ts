// Archive (KMIP 1.4 §4.22, 2.1 §6.1.4): the object goes to archival storage, which here means it
// gets an Archive Date (2.1 §4.5: "set by the server as a part of the Archive operation"). An
// archived object is hidden from Locate unless the Storage Status Mask asks for Archival Storage,
// and every operation but Recover answers Object Archived until it is recovered (2.1 §6.1:
// "any archived object SHALL first be made available by a Recover operation"; loadObject).
// Result Reasons (1.4 Table 349 / 2.1 Table 175): Object Archived (already archived), Item Not
// Found, Permission Denied.
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid, saveObject } from './support/object-access.js';
import { epochSeconds, withAttribute } from '../objects/managed-object.js';

export const archive = defineOperation({
  operation: 'Archive',
  policy: { table: 'lifecycle' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    const attributes = withAttribute(obj.attributes, 'Archive Date', epochSeconds(ctx.now));
    await saveObject(ctx, obj, { ...obj, attributes });
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid };
  },
});
