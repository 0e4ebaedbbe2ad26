// Interop (KMIP 2.1 §6.1.26): the test-harness operation of the OASIS profile cases. Begin, End
// and Reset with an Interop Identifier; this server keeps no per-test state, so each succeeds
// with an empty payload once its fields are valid.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { InteropFunction } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import type { OperationContext } from './support/operation-context.js';

const FUNCTIONS: ReadonlySet<number> = new Set(Object.values(InteropFunction));

export async function interop(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const fn = payload.value.find((c) => c.tag === Tag.InteropFunction);
  if (fn?.type !== 'Enumeration' || !FUNCTIONS.has(fn.value)) {
    throw invalidField('Interop needs an Interop Function (Begin, End or Reset)');
  }
  const id = payload.value.find((c) => c.tag === Tag.InteropIdentifier);
  if (id !== undefined && id.type !== 'TextString')
    throw invalidField('Interop Identifier must be a Text String');
  ctx.log.info('interop', {
    function: fn.value,
    identifier: id?.type === 'TextString' ? id.value : undefined,
  });
  return [];
}
