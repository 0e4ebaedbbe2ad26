// Lookups over the generated tag and enumeration tables (generated/*.ts, from src/spec/data).
// Every Map is built once, at module load; lookups are O(1).
import { enumInfos, enumValueAliases } from './generated/enums.js';
import { tagAliases, tagInfos } from './generated/tags.js';
import { attributeInfos, type SpecAttributeName } from './generated/attributes.js';
import type { AttributeInfo } from './model/messages.js';
import { KMIP_VERSIONS } from './model/types.js';
import type { EnumInfo, EnumValueInfo, KmipVersion, TagInfo } from './model/types.js';
import { xmlName } from './xml-name.js';

export type { EnumInfo, EnumValueInfo, KmipVersion, TagInfo } from './model/types.js';
export { KMIP_VERSIONS } from './model/types.js';
export { xmlName } from './xml-name.js';

/** The enumeration whose values are tags (KMIP 2.x §11.56, used by Attribute Reference). */
const TAG_ENUMERATION: EnumInfo = Object.freeze({
  name: 'Tag',
  xmlName: 'Tag',
  isMask: false,
  values: Object.freeze(
    tagInfos.map((t): EnumValueInfo =>
      Object.freeze({
        name: t.name,
        xmlName: t.xmlName,
        value: t.tag,
        since: t.since,
        ...(t.until === undefined ? {} : { until: t.until }),
      }),
    ),
  ),
});

// The generated rows are shared with every caller: freeze them so nobody can edit the registry.
for (const info of tagInfos) Object.freeze(info);
for (const info of enumInfos) {
  for (const v of info.values) Object.freeze(v);
  Object.freeze(info.values);
  Object.freeze(info);
}

const tagsByNumber = new Map<number, TagInfo>();
const tagsByName = new Map<string, TagInfo>();
for (const info of tagInfos) {
  tagsByNumber.set(info.tag, info);
  tagsByName.set(info.xmlName, info);
  tagsByName.set(info.name, info);
}
for (const [tag, name] of tagAliases) {
  const info = tagsByNumber.get(tag);
  if (info !== undefined) {
    tagsByName.set(name, info);
    tagsByName.set(xmlName(name), info);
  }
}

interface EnumIndex {
  readonly info: EnumInfo;
  readonly byValue: Map<number, EnumValueInfo>;
  readonly byName: Map<string, EnumValueInfo>;
}
const enumsByName = new Map<string, EnumIndex>();
function indexEnum(info: EnumInfo): void {
  const byValue = new Map<number, EnumValueInfo>();
  const byName = new Map<string, EnumValueInfo>();
  for (const v of info.values) {
    byValue.set(v.value, v);
    byName.set(v.xmlName, v);
    byName.set(v.name, v);
  }
  const index = { info, byValue, byName };
  enumsByName.set(info.xmlName, index);
  enumsByName.set(info.name, index);
}
for (const info of enumInfos) indexEnum(info);
indexEnum(TAG_ENUMERATION);
for (const [enumeration, value, name] of enumValueAliases) {
  const index = enumsByName.get(enumeration);
  const v = index?.byValue.get(value);
  if (index !== undefined && v !== undefined) {
    index.byName.set(name, v);
    index.byName.set(xmlName(name), v);
  }
}

const versionRank = new Map<KmipVersion, number>(KMIP_VERSIONS.map((v, i) => [v, i]));
function rank(v: KmipVersion): number {
  return versionRank.get(v) ?? -1;
}
function inRange(since: KmipVersion, until: KmipVersion | undefined, v: KmipVersion): boolean {
  return rank(v) >= rank(since) && (until === undefined || rank(v) <= rank(until));
}

export function tagInfo(tag: number): TagInfo | undefined {
  return tagsByNumber.get(tag);
}

/** By spec name ('Unique Identifier'), XML name ('UniqueIdentifier') or an older spec name. */
export function tagByName(name: string): TagInfo | undefined {
  return tagsByName.get(name) ?? tagsByName.get(xmlName(name));
}

/** By XML name ('ObjectType') or spec name ('Object Type'); 'Tag' is the tag enumeration. */
export function enumInfo(xmlNameOrName: string): EnumInfo | undefined {
  return enumIndex(xmlNameOrName)?.info;
}

function enumIndex(name: string): EnumIndex | undefined {
  return enumsByName.get(name) ?? enumsByName.get(xmlName(name));
}

/** The enumeration or bit mask a tag's values use (Cryptographic Usage Mask -> its mask). */
export function enumForTag(tag: number): EnumInfo | undefined {
  const info = tagsByNumber.get(tag);
  const name = info?.enumeration ?? info?.mask;
  return name === undefined ? undefined : enumInfo(name);
}

/** XML name of a value ('SymmetricKey' for ObjectType 2), undefined when the value is not listed. */
export function enumValueName(enumXmlName: string, value: number): string | undefined {
  return enumIndex(enumXmlName)?.byValue.get(value)?.xmlName;
}

/** The value for a spec name ('Symmetric Key') or XML name ('SymmetricKey'). */
export function enumValueByName(enumXmlName: string, name: string): number | undefined {
  const index = enumIndex(enumXmlName);
  return (index?.byName.get(name) ?? index?.byName.get(xmlName(name)))?.value;
}

export function versionAtLeast(v: KmipVersion, min: KmipVersion): boolean {
  return rank(v) >= rank(min);
}

/** True when the tag is defined by protocol version v (Located Items: 1.3 and later). */
export function tagExistsIn(tag: number, v: KmipVersion): boolean {
  const info = tagsByNumber.get(tag);
  return info !== undefined && inRange(info.since, info.until, v);
}

/** True when the enumeration (or mask bit) value is defined by protocol version v. */
export function enumValueExistsIn(enumXmlName: string, value: number, v: KmipVersion): boolean {
  const info = enumIndex(enumXmlName)?.byValue.get(value);
  return info !== undefined && inRange(info.since, info.until, v);
}

/** True when the value existed in an earlier version and version v has dropped it (Template at 2.0). */
export function enumValueRemovedIn(enumXmlName: string, value: number, v: KmipVersion): boolean {
  const info = enumIndex(enumXmlName)?.byValue.get(value);
  return info?.until !== undefined && rank(v) > rank(info.until);
}

const attributesByName = new Map<string, AttributeInfo>(attributeInfos.map((a) => [a.name, a]));

/** The attribute the specs define under this (current) name, with its tag and value type. */
export function attributeInfo(name: SpecAttributeName): AttributeInfo;
export function attributeInfo(name: string): AttributeInfo | undefined;
export function attributeInfo(name: string): AttributeInfo | undefined {
  return attributesByName.get(name);
}

export function isSpecAttributeName(name: string): name is SpecAttributeName {
  return attributesByName.has(name);
}
