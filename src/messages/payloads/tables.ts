// Lookups over the generated message tables: the payload table an operation's request or response
// follows at a protocol version (1.0-1.4: the 1.4 table; 2.0-2.1: the 2.1 table), the structure
// tables by name.
import { payloadTables } from '../../spec/generated/payloads.js';
import { structureTables } from '../../spec/generated/structures.js';
import type { PayloadFamily, PayloadTable, StructureTable } from '../../spec/model/messages.js';
import type { KmipVersion } from '../../spec/registry.js';

export type Direction = 'request' | 'response';

export function familyOf(version: KmipVersion): PayloadFamily {
  return version.startsWith('1.') ? 1 : 2;
}

const payloads = new Map<string, PayloadTable>();
for (const t of payloadTables) payloads.set(`${t.operation}|${t.direction}|${t.family}`, t);

/** The table `operation`'s payload follows in `family`; undefined when that family lacks the operation. */
export function payloadTable(
  operation: number,
  direction: Direction,
  family: PayloadFamily,
): PayloadTable | undefined {
  return payloads.get(`${operation}|${direction}|${family}`);
}

/** The operations that have a payload table in either family. */
export function tabledOperations(): ReadonlySet<number> {
  return new Set(payloadTables.map((t) => t.operation));
}

const structures = new Map<string, StructureTable>(structureTables.map((s) => [s.xmlName, s]));

export function structureTable(xmlName: string): StructureTable {
  const s = structures.get(xmlName);
  if (s === undefined) throw new Error(`no structure table '${xmlName}'`);
  return s;
}
