// A handler not yet moved to a typed record: it reads and writes raw payload items. Kept only
// while the operations move to records one by one.
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import { Operation } from '../../spec/generated/enums.js';
import type { OperationName } from '../../messages/payloads/codecs.js';
import type { OperationContext } from './operation-context.js';
import type { PolicyRule } from './record.js';

export interface LegacyOperation {
  readonly operation: OperationName;
  readonly code: number;
  readonly policy: PolicyRule;
  readonly legacy: (payload: StructureItem, ctx: OperationContext) => Promise<readonly TtlvItem[]>;
}

export function legacyOperation(
  operation: OperationName,
  policy: PolicyRule,
  legacy: LegacyOperation['legacy'],
): LegacyOperation {
  return { operation, code: Operation[operation], policy, legacy };
}
