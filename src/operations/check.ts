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
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ObjectType, ResultReason } from '../spec/generated/enums.js';
import { KmipError, type ResultReasonCode, invalidField } from '../messages/kmip-error.js';
import type { OperationContext } from './support/operation-context.js';
import { loadObject, targetUid } from './support/object-access.js';
import { enumAttribute } from '../objects/managed-object.js';
import { byVersion, uidItem } from './support/attribute-edits.js';
import { leaseTimeOf, usageRemaining } from '../objects/usage-limits.js';

function optionalNumber(payload: StructureItem, tag: number, what: string): bigint | undefined {
  const c = payload.value.find((i) => i.tag === tag);
  if (c === undefined) return undefined;
  if (c.type === 'Integer' || c.type === 'Interval') return BigInt(c.value);
  if (c.type === 'LongInteger') return c.value;
  throw invalidField(`${what} must be a number`);
}

export async function check(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const mask = optionalNumber(payload, Tag.CryptographicUsageMask, 'Cryptographic Usage Mask');
  const count = optionalNumber(payload, Tag.UsageLimitsCount, 'Usage Limits Count');
  const lease = optionalNumber(payload, Tag.LeaseTime, 'Lease Time');
  const obj = await loadObject(ctx, uid);
  if (obj.objectType === ObjectType.Template) {
    throw new KmipError(
      byVersion(ctx, ResultReason.IllegalObjectType, ResultReason.IllegalOperation),
      'a Template cannot be checked',
    );
  }
  const failures: string[] = [];
  let reason: ResultReasonCode | undefined;
  const fail = (why: string, v2: ResultReasonCode): void => {
    failures.push(why);
    reason ??= byVersion(ctx, v2, ResultReason.PermissionDenied);
  };
  if (mask !== undefined) {
    const allowed = BigInt(enumAttribute(obj, 'Cryptographic Usage Mask') ?? 0);
    if ((allowed & mask) !== mask) {
      fail(
        `Cryptographic Usage Mask ${mask} is not within the object's ${allowed}`,
        ResultReason.IncompatibleCryptographicUsageMask,
      );
    }
  }
  const remaining = usageRemaining(obj);
  if (count !== undefined && remaining !== undefined && count > remaining) {
    fail(`Usage Limits Count ${count} exceeds the ${remaining} remaining`, ResultReason.UsageLimitExceeded);
  }
  const maxLease = BigInt(leaseTimeOf(obj));
  if (lease !== undefined && maxLease > 0n && lease > maxLease) {
    fail(
      `Lease Time ${lease} exceeds the ${maxLease} seconds the server grants`,
      ResultReason.PermissionDenied,
    );
  }
  if (reason !== undefined) {
    ctx.batch.idPlaceholder = undefined;
    throw new KmipError(reason, `Check failed for object ${uid}: ${failures.join('; ')}`);
  }
  ctx.batch.idPlaceholder = uid;
  return [uidItem(uid)];
}
