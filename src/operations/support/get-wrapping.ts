// Key wrapping on Get (KMIP 2.1 §6.1.22 with §7.18 Key Wrapping Specification): the object
// structure with its key block wrapped (key-wrapping.ts does the work).
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import { invalidField } from '../../messages/kmip-error.js';
import type { OperationContext } from './operation-context.js';
import { wrapKeyBlock } from './key-wrapping.js';

export async function wrapForGet(
  ctx: OperationContext,
  body: StructureItem,
  spec: TtlvItem,
): Promise<StructureItem> {
  if (spec.type !== 'Structure') throw invalidField('Key Wrapping Specification must be a Structure');
  return wrapKeyBlock(ctx, body, spec);
}
