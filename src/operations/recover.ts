// Recover (KMIP 1.4 §4.23, 2.1 §6.1.42): an archived object is on-line again; its Archive Date is
// deleted (2.1 §4.5: "The server SHALL delete this attribute whenever a Recover operation is
// performed"). Recovering an object that is on-line already changes nothing.
// Result Reasons (1.4 Table 350 / 2.1 Table 290): Item Not Found, Permission Denied.
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid, saveObject } from './support/object-access.js';
import { attribute, withAttribute } from '../objects/managed-object.js';

export const recover = defineOperation({
  operation: 'Recover',
  policy: { table: 'lifecycle' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid, { allowArchived: true });
    if (attribute(obj, 'Archive Date') !== undefined) {
      await saveObject(ctx, obj, {
        ...obj,
        attributes: withAttribute(obj.attributes, 'Archive Date', undefined),
      });
    }
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid };
  },
});
