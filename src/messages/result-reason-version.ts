// The Result Reason a reply carries, by the request's version: the one place where versions
// differ in how a fault is answered (handlers raise the 2.1 reason).
//  - Result Reasons added in KMIP 2.0 have no place in a 1.x reply: each maps to the 1.x reason
//    the KMIP 1.4 error tables give for the same fault (the OASIS 1.4 cases answer Permission
//    Denied where 2.1 says Wrong Key Lifecycle State).
//  - A reason a version defines may still not be the one that version answers with
//    (ANSWERED_FROM): KMIP 2.0 added Wrong Key Lifecycle State to the enumeration, yet the KMIP
//    2.0 profile test cases answer a fault of the object's state (Destroy of an Active key, a
//    cryptographic operation with a key that is not Active) Permission Denied, as 1.4 does; the
//    2.1 error tables (e.g. Table 210, Destroy) and cases answer Wrong Key Lifecycle State.
//  - The 1.4 error tables of some operations name another 1.x reason for a fault than the
//    general equivalent (PER_OPERATION): the operation decides there.
import { Operation, ResultReason } from '../spec/generated/enums.js';
import { enumValueExistsIn, versionAtLeast, type KmipVersion } from '../spec/registry.js';

/** Reasons answered only from a later version than defines them, and what is answered before. */
const ANSWERED_FROM: ReadonlyMap<number, { readonly version: KmipVersion; readonly before: number }> =
  new Map([[ResultReason.WrongKeyLifecycleState, { version: '2.1', before: ResultReason.PermissionDenied }]]);

const KMIP1_EQUIVALENT: ReadonlyMap<number, number> = new Map([
  [ResultReason.WrongKeyLifecycleState, ResultReason.PermissionDenied],
  [ResultReason.ObjectDestroyed, ResultReason.ItemNotFound],
  [ResultReason.ObjectNotFound, ResultReason.ItemNotFound],
  [ResultReason.AttributeNotFound, ResultReason.InvalidField],
  [ResultReason.AttributeReadOnly, ResultReason.PermissionDenied],
  // KMIP 1.4 Table 341 (Add Attribute errors): a second value of a single-valued attribute.
  [ResultReason.AttributeSingleValued, ResultReason.IllegalOperation],
  [ResultReason.InvalidAttribute, ResultReason.InvalidField],
  [ResultReason.InvalidAttributeValue, ResultReason.InvalidField],
  [ResultReason.InvalidObjectType, ResultReason.InvalidField],
  [ResultReason.IncompatibleCryptographicUsageMask, ResultReason.PermissionDenied],
  [ResultReason.BadCryptographicParameters, ResultReason.InvalidField],
  [ResultReason.UnsupportedCryptographicParameters, ResultReason.InvalidField],
  // KMIP 1.4 Table 328 (Create errors): a name in use is Invalid Field.
  [ResultReason.NonUniqueNameAttribute, ResultReason.InvalidField],
  [ResultReason.ReadOnlyAttribute, ResultReason.PermissionDenied],
  [ResultReason.AttributeInstanceNotFound, ResultReason.ItemNotFound],
  [ResultReason.MultiValuedAttribute, ResultReason.InvalidField],
  [ResultReason.UsageLimitExceeded, ResultReason.PermissionDenied],
  [ResultReason.IllegalObjectType, ResultReason.IllegalOperation],
  [ResultReason.Sensitive, ResultReason.PermissionDenied],
  [ResultReason.NotExtractable, ResultReason.PermissionDenied],
  // Multi-part operations exist since 1.3; an unknown Correlation Value is a bad field there, and
  // too many open streams is the server refusing the work.
  [ResultReason.InvalidCorrelationValue, ResultReason.InvalidField],
  [ResultReason.ServerLimitExceeded, ResultReason.OperationNotSupported],
  // KMIP 1.4 Table 352 (Poll errors): no outstanding operation with that value is Item Not Found.
  [ResultReason.InvalidAsynchronousCorrelationValue, ResultReason.ItemNotFound],
  // KMIP 1.4 Table 328 (Create errors): "Incorrect attribute value(s) specified" is Invalid Field;
  // a 1.x creation that breaks a Constraint (set at 2.x) is one.
  [ResultReason.ConstraintViolation, ResultReason.InvalidField],
  // KMIP 1.4 Table 334 (Certify errors): a request that is no signed request of its type.
  [ResultReason.InvalidCSR, ResultReason.InvalidField],
]);

/** 1.x equivalents an operation's own 1.4 error table gives, over KMIP1_EQUIVALENT. */
const PER_OPERATION: ReadonlyMap<number, ReadonlyMap<number, number>> = new Map<
  number,
  ReadonlyMap<number, number>
>([
  // 1.4 Table 341 / 343 (Add, Modify Attribute): a Name the object holds already.
  [
    Operation.AddAttribute,
    new Map<number, number>([[ResultReason.NonUniqueNameAttribute, ResultReason.IllegalOperation]]),
  ],
  [
    Operation.ModifyAttribute,
    new Map<number, number>([[ResultReason.NonUniqueNameAttribute, ResultReason.IllegalOperation]]),
  ],
  // 1.4 Table 345 (Delete Attribute): "Attempting to delete a non-existent attribute" is Item Not Found.
  [
    Operation.DeleteAttribute,
    new Map<number, number>([[ResultReason.AttributeNotFound, ResultReason.ItemNotFound]]),
  ],
  // 1.4 Table 345 (Get Usage Allocation): what the object cannot give is Illegal Operation.
  [
    Operation.GetUsageAllocation,
    new Map<number, number>([
      [ResultReason.InvalidObjectType, ResultReason.IllegalOperation],
      [ResultReason.AttributeNotFound, ResultReason.IllegalOperation],
      [ResultReason.WrongKeyLifecycleState, ResultReason.IllegalOperation],
    ]),
  ],
]);

/** The reason a reply to `operation` in `version` carries for the (2.1) `reason` a handler raised. */
export function reasonForVersion(reason: number, version: KmipVersion, operation?: number): number {
  const defined = enumValueExistsIn('ResultReason', reason, version);
  const own = defined || operation === undefined ? undefined : PER_OPERATION.get(operation)?.get(reason);
  if (own !== undefined && enumValueExistsIn('ResultReason', own, version)) return own;
  const answered = ANSWERED_FROM.get(reason);
  if (answered !== undefined && !versionAtLeast(version, answered.version)) {
    return reasonForVersion(answered.before, version, operation);
  }
  if (defined) return reason;
  const mapped = KMIP1_EQUIVALENT.get(reason);
  if (mapped !== undefined && enumValueExistsIn('ResultReason', mapped, version)) return mapped;
  return ResultReason.GeneralFailure;
}
