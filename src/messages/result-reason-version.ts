// Result Reasons added in KMIP 2.0 have no place in a 1.x reply: each maps to the 1.x reason the
// KMIP 1.4 error tables give for the same fault (the OASIS 1.4 cases answer Permission Denied
// where 2.1 says Wrong Key Lifecycle State).
import { ResultReason } from '../spec/generated/enums.js';
import { enumValueExistsIn, type KmipVersion } from '../spec/registry.js';

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
]);

export function reasonForVersion(reason: number, version: KmipVersion): number {
  if (enumValueExistsIn('ResultReason', reason, version)) return reason;
  const mapped = KMIP1_EQUIVALENT.get(reason);
  if (mapped !== undefined && enumValueExistsIn('ResultReason', mapped, version)) return mapped;
  return ResultReason.GeneralFailure;
}
