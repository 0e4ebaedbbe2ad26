// Obtain Lease (KMIP 1.4 §4.17, 2.1 §6.1.35): the lease the server grants on the object (its
// Lease Time attribute, or 0: "no lease interval is effective, and the client MAY use the object
// without any lease time limit") and the object's Last Change Date, by which the client can tell
// whether its cached attributes are stale. Nothing is stored.
// Result Reasons (1.4 Table 344 / 2.1 Table 270): Item Not Found, Permission Denied, Object
// Archived (and, 2.x, Object Destroyed) through loadObject.
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';
import { attribute, epochSeconds } from '../objects/managed-object.js';
import { leaseTimeOf } from '../objects/usage-limits.js';

export const obtainLease = defineOperation({
  operation: 'ObtainLease',
  policy: { table: 'use' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    const lastChange =
      attribute(obj, 'Last Change Date') ?? attribute(obj, 'Initial Date') ?? epochSeconds(ctx.now);
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid, leaseTime: leaseTimeOf(obj), lastChangeDate: lastChange };
  },
});
