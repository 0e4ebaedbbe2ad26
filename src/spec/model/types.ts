// The shapes of the registry's data, shared by the generated tables (generated/*.ts) and the
// lookups over them (registry.ts). Kept apart so the generated files import types only.
import type { ItemTypeName } from '../../ttlv/item.js';

export type KmipVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4' | '2.0' | '2.1';

/** Every protocol version the registry knows, oldest first. */
export const KMIP_VERSIONS: readonly KmipVersion[] = Object.freeze([
  '1.0',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.0',
  '2.1',
]);

export interface TagInfo {
  /** 0x420094 */
  readonly tag: number;
  /** Spec name: 'Unique Identifier' (the 2.1 name where 1.x spelled it differently). */
  readonly name: string;
  /** XML/JSON name: 'UniqueIdentifier' */
  readonly xmlName: string;
  /** Item type where the spec tables give one (the 2.1 type where it changed). */
  readonly type?: ItemTypeName;
  /** First protocol version holding it. */
  readonly since: KmipVersion;
  /** Last version holding it, when removed later (1.4 for Template). */
  readonly until?: KmipVersion;
  /** xmlName of the enumeration its Enumeration values come from ('ObjectType'). */
  readonly enumeration?: string;
  /** xmlName of the bit mask its Integer values come from ('CryptographicUsageMask'). */
  readonly mask?: string;
}

export interface EnumValueInfo {
  readonly name: string;
  readonly xmlName: string;
  readonly value: number;
  readonly since: KmipVersion;
  readonly until?: KmipVersion;
}

export interface EnumInfo {
  readonly name: string;
  readonly xmlName: string;
  readonly values: readonly EnumValueInfo[];
  readonly isMask: boolean;
}

/** An older spec name of a tag (tag number, name), still accepted by the lookups. */
export type TagAlias = readonly [tag: number, name: string];
/** An older spec name of an enumeration value (enumeration xmlName, value, name). */
export type EnumValueAlias = readonly [enumeration: string, value: number, name: string];
