// Running one batch item's operation: its payload decoded for the request's protocol version, the
// handler given the typed request, its typed response encoded for the same version (messages/
// payloads decides what each version holds, and what each means beyond its fields). An operation
// the request's version does not define (Set Attribute at 1.x) is Operation Not Supported before
// anything is read.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { enumValueExistsIn, type KmipVersion } from '../spec/registry.js';
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import { operationDisplayName } from '../messages/operation-names.js';
import { adaptResponse } from '../messages/payloads/response-rules.js';
import { adaptRequest } from '../messages/payloads/request-rules.js';
import type { OperationContext } from '../operations/support/operation-context.js';
import type { AnyOperationRecord } from '../operations/support/record.js';

export async function runOperation(
  record: AnyOperationRecord,
  payload: StructureItem,
  version: KmipVersion,
  ctx: OperationContext,
): Promise<TtlvItem[]> {
  // An operation a later version added (Set Attribute, PKCS#11 … at 1.x) is not one this
  // version's server offers (its Query lists it not, version-filter.ts).
  if (!enumValueExistsIn('Operation', record.code, version)) {
    throw new KmipError(
      ResultReason.OperationNotSupported,
      `${operationDisplayName(record.code)} is not a KMIP ${version} operation`,
    );
  }
  const request = adaptRequest(record.code, record.request.decode(payload, version), version);
  const response = await record.handler(request, ctx);
  return record.response.encode(adaptResponse(record.code, response, request, version), version);
}
