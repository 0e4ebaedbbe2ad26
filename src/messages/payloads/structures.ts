// The structures the specs define field by field (Key Block, Key Wrapping Specification,
// Cryptographic Parameters …), typed: decodeStructure('KeyBlock', item) and back.
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import type { KmipVersion } from '../../spec/registry.js';
import type { Structures } from './generated/types.js';
import { decodeStruct, encodeStruct } from './field-codec.js';
import { structureTable } from './tables.js';

export type StructureName = keyof Structures;

/** The typed structure held in `item`; a missing REQUIRED field or a wrong type is Invalid Field. */
export function decodeStructure<K extends StructureName>(
  name: K,
  item: TtlvItem,
  version?: KmipVersion,
): Structures[K] {
  return decodeStruct(structureTable(name), item, version) as unknown as Structures[K];
}

/** The structure's item (under its own tag, or `tag`), fields the version lacks left out. */
export function encodeStructure<K extends StructureName>(
  name: K,
  value: Structures[K],
  version?: KmipVersion,
  tag?: number,
): StructureItem {
  const table = structureTable(name);
  return encodeStruct(table, value, version, tag ?? table.tag);
}
