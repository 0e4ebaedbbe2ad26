// Running one batch item's operation: its payload decoded for the request's protocol version, the
// handler given the typed request, its typed response encoded for the same version (messages/
// payloads decides what each version holds). An operation the request's version does not define
// (Set Attribute at 1.x) is Operation Not Supported before anything is read.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { enumValueExistsIn } from '../spec/registry.js';
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import { operationDisplayName } from '../messages/operation-names.js';
import { adaptResponse } from '../messages/payloads/response-rules.js';
import { adaptRequest } from '../messages/payloads/request-rules.js';
import type { DispatchEntry } from '../operations/dispatch.js';
import type { OperationContext } from '../operations/support/operation-context.js';
import { type AnyOperationRecord, policyOperation } from '../operations/support/record.js';

export async function runOperation(
  record: AnyOperationRecord,
  payload: StructureItem,
  ctx: OperationContext,
): Promise<TtlvItem[]> {
  const request = adaptRequest(record.code, record.request.decode(payload, ctx.version), ctx.version);
  const response = await record.handler(request, ctx);
  return record.response.encode(adaptResponse(record.code, response, request, ctx.version), ctx.version);
}

export async function runEntry(
  entry: DispatchEntry,
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  // An operation a later version added (Set Attribute, PKCS#11 … at 1.x) is not one this
  // version's server offers (its Query lists it not, version-filter.ts).
  if (!enumValueExistsIn('Operation', entry.code, ctx.version)) {
    throw new KmipError(
      ResultReason.OperationNotSupported,
      `${operationDisplayName(entry.code)} is not a KMIP ${ctx.version} operation`,
    );
  }
  if ('legacy' in entry) return entry.legacy(payload, ctx);
  return runOperation(entry, payload, ctx);
}

export function policyOperationOf(entry: DispatchEntry): number {
  return policyOperation(entry);
}
