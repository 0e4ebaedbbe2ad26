// Query (KMIP 2.1 §6.1.37, 1.4 §4.25): what the server offers, per Query Function: operations,
// object types, server information, extension list/map (none defined), profiles and
// capabilities. Unknown functions are ignored, as the spec allows a server to answer a subset.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { QueryFunction } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import type { OperationContext } from './support/operation-context.js';
import { versionAtLeast } from '../spec/registry.js';

export async function query(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const functions = new Set<number>();
  for (const c of payload.value) {
    if (c.tag !== Tag.QueryFunction) continue;
    if (c.type !== 'Enumeration') throw invalidField('Query Function must be an Enumeration');
    functions.add(c.value);
  }
  const out: TtlvItem[] = [];
  if (functions.has(QueryFunction.QueryOperations)) {
    for (const op of ctx.server.operations) out.push({ tag: Tag.Operation, type: 'Enumeration', value: op });
  }
  if (functions.has(QueryFunction.QueryObjects)) {
    for (const t of ctx.server.objectTypes) out.push({ tag: Tag.ObjectType, type: 'Enumeration', value: t });
  }
  if (functions.has(QueryFunction.QueryServerInformation)) {
    out.push({ tag: Tag.VendorIdentification, type: 'TextString', value: ctx.server.vendorIdentification });
    const info: TtlvItem[] = versionAtLeast(ctx.version, '2.0')
      ? [{ tag: Tag.ServerName, type: 'TextString', value: ctx.server.serverInformation }]
      : [];
    out.push({ tag: Tag.ServerInformation, type: 'Structure', value: info });
  }
  // Query Extension List / Map: this server defines no extensions, so the answer is empty.
  return out;
}
