// Key wrapping on Get (KMIP 2.1 §2.1.5 Key Wrapping Specification). The cryptographic services
// issue fills this in; until then a wrapping request is refused with a clear reason.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import type { OperationContext } from '../engine/operation-context.js';

export async function wrapForGet(
  _ctx: OperationContext,
  _body: StructureItem,
  _spec: TtlvItem,
): Promise<StructureItem> {
  throw new KmipError(ResultReason.OperationNotSupported, 'key wrapping on Get is not supported yet');
}
