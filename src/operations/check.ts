// Check (KMIP 1.4 §4.10, 2.1 §6.1.7): may the client use the object as the request says? Each
// value given is checked: Cryptographic Usage Mask (every requested bit must be in the object's
// mask), Usage Limits Count (no more than the object's remaining Usage Limits; no Usage Limits = no
// limit) and Lease Time (no longer than the lease the server grants; 0 = unlimited). On success
// the Unique Identifier is returned; on failure the ID Placeholder is emptied and the operation
// fails naming every value that failed (OASIS BL-M-2-21 / BL-M-3-21: a failed Check carries no
// payload). Result Reasons (1.4 Table 337 / 2.1 Table 185):
//   usage mask not allowed   1.x Permission Denied   2.x Incompatible Cryptographic Usage Mask
//   usage limits exceeded    1.x Permission Denied   2.x Usage Limit Exceeded
//   lease too long           Permission Denied
//   Template object          1.x Illegal Operation   2.x Illegal Object Type
//   object missing / not visible / archived: Item Not Found / Permission Denied / Object Archived
import { ObjectType, ResultReason } from '../spec/generated/enums.js';
import { KmipError, type ResultReasonCode } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';
import { attribute } from '../objects/managed-object.js';
import { leaseTimeOf, usageRemaining } from '../objects/usage-limits.js';

export const check = defineOperation({
  operation: 'Check',
  policy: { table: 'use' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const mask = request.cryptographicUsageMask;
    const count = request.usageLimitsCount;
    const lease = request.leaseTime;
    const obj = await loadObject(ctx, uid);
    if (obj.objectType === ObjectType.Template)
      throw new KmipError(ResultReason.IllegalObjectType, 'a Template cannot be checked');
    const failures: string[] = [];
    let reason: ResultReasonCode | undefined;
    const fail = (why: string, r: ResultReasonCode): void => {
      failures.push(why);
      reason ??= r;
    };
    if (mask !== undefined) {
      const allowed = attribute(obj, 'Cryptographic Usage Mask') ?? 0;
      if ((allowed & mask) !== mask) {
        fail(
          `Cryptographic Usage Mask ${mask} is not within the object's ${allowed}`,
          ResultReason.IncompatibleCryptographicUsageMask,
        );
      }
    }
    const remaining = usageRemaining(obj);
    if (count !== undefined && remaining !== undefined && count > remaining)
      fail(`Usage Limits Count ${count} exceeds the ${remaining} remaining`, ResultReason.UsageLimitExceeded);
    const maxLease = leaseTimeOf(obj);
    if (lease !== undefined && maxLease > 0 && lease > maxLease)
      fail(
        `Lease Time ${lease} exceeds the ${maxLease} seconds the server grants`,
        ResultReason.PermissionDenied,
      );
    if (reason !== undefined) {
      ctx.batch.idPlaceholder = undefined;
      throw new KmipError(reason, `Check failed for object ${uid}: ${failures.join('; ')}`);
    }
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid };
  },
});
