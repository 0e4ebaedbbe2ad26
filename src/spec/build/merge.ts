// Merges the 1.4 and 2.1 transcriptions with the hand-maintained versions and tag overrides into
// the registry rows the generated files hold. Throws on any fact it cannot place.
import type { ItemTypeName } from '../../ttlv/item.js';
import { KMIP_VERSIONS } from '../model/types.js';
import type {
  EnumInfo,
  EnumValueAlias,
  EnumValueInfo,
  KmipVersion,
  TagAlias,
  TagInfo,
} from '../model/types.js';
import { xmlName } from '../xml-name.js';
import type { EnumEntry, Overrides, SpecTranscription, TagEntry, VersionsFile } from './model.js';

export interface RegistryModel {
  readonly tags: readonly TagInfo[];
  readonly tagAliases: readonly TagAlias[];
  readonly enums: readonly EnumInfo[];
  readonly enumValueAliases: readonly EnumValueAlias[];
  /** enumeration xmlName -> where its table is ('1.4 §9.1.3.2.1 Table 289; 2.1 §11.11 Table 442') */
  readonly enumSources: Readonly<Record<string, string>>;
}

export interface MergeInput {
  readonly v14: SpecTranscription;
  readonly v21: SpecTranscription;
  readonly versions: VersionsFile;
  readonly overrides: Overrides;
}

const later = (a: KmipVersion, b: KmipVersion): KmipVersion =>
  KMIP_VERSIONS.indexOf(a) >= KMIP_VERSIONS.indexOf(b) ? a : b;

const isOneX = (v: KmipVersion): boolean => v.startsWith('1.');

function byNumber<T>(entries: readonly T[], key: (e: T) => string): Map<number, T> {
  return new Map(entries.map((e) => [Number.parseInt(key(e), 16), e]));
}

function citeEnum(version: string, e: EnumEntry | undefined): string[] {
  return e === undefined
    ? []
    : [`${version} §${e.section}${e.table === undefined ? '' : ` Table ${e.table}`}`];
}

function mergeEnums(input: MergeInput): {
  enums: EnumInfo[];
  aliases: EnumValueAlias[];
  sources: Record<string, string>;
} {
  const old = new Map(input.v14.enumerations.map((e) => [xmlName(e.name), e]));
  const current = new Map(input.v21.enumerations.map((e) => [xmlName(e.name), e]));
  const names = [...new Set([...current.keys(), ...old.keys()])].sort();
  const enums: EnumInfo[] = [];
  const aliases: EnumValueAlias[] = [];
  const sources: Record<string, string> = {};
  for (const enumXml of names) {
    const e14 = old.get(enumXml);
    const e21 = current.get(enumXml);
    const spec = input.versions.enumerations[enumXml];
    if (spec === undefined && e14 !== undefined)
      throw new Error(`versions.json: no entry for enumeration ${enumXml}`);
    const enumSince = spec?.since ?? '2.0';
    const v14 = byNumber(e14?.values ?? [], (v) => v.value);
    const extra = Object.entries(input.overrides.extraValues[enumXml] ?? {}).map(([value, v]) => ({
      value,
      name: v.name,
    }));
    const v21 = byNumber([...(e21?.values ?? []), ...extra], (v) => v.value);
    const numbers = [...new Set([...v14.keys(), ...v21.keys()])].sort((a, b) => a - b);
    const values: EnumValueInfo[] = [];
    const seen = new Set<string>();
    for (const value of numbers) {
      const a = v14.get(value);
      const b = v21.get(value);
      const hex = (b ?? a)!.value;
      const name = input.overrides.valueNames[enumXml]?.[hex]?.name ?? (b ?? a)!.name;
      const listed = input.overrides.extraValues[enumXml]?.[hex]?.since ?? spec?.values?.[hex];
      const since = listed ?? (a === undefined ? later(enumSince, '2.0') : enumSince);
      if ((a !== undefined) !== isOneX(since)) {
        throw new Error(
          `versions.json: ${enumXml} ${hex} is ${a === undefined ? 'not ' : ''}in 1.4 but marked since ${since}`,
        );
      }
      const info: EnumValueInfo = {
        name,
        xmlName: xmlName(name),
        value,
        since,
        ...(b === undefined ? { until: '1.4' as const } : {}),
      };
      if (seen.has(info.xmlName)) throw new Error(`${enumXml}: two values named ${info.xmlName}`);
      seen.add(info.xmlName);
      values.push(info);
      for (const other of [a, b]) {
        if (
          other !== undefined &&
          xmlName(other.name) !== info.xmlName &&
          !aliases.some((x) => x[1] === value && x[2] === other.name && x[0] === enumXml)
        ) {
          aliases.push([enumXml, value, other.name]);
        }
      }
    }
    const entry: EnumEntry = (e21 ?? e14)!;
    enums.push({ name: entry.name, xmlName: enumXml, isMask: entry.isMask, values });
    sources[enumXml] = [...citeEnum('1.4', e14), ...citeEnum('2.1', e21)].join('; ');
  }
  return { enums, aliases, sources };
}

/** Item types observed for each tag number, 2.1 rows first; enumeration references resolved. */
function observeTypes(input: MergeInput): Map<number, { types: ItemTypeName[]; enumRefs: string[] }> {
  const out = new Map<number, { types: ItemTypeName[]; enumRefs: string[] }>();
  for (const spec of [input.v21, input.v14]) {
    const tagByName = new Map(spec.tags.map((t) => [t.name, Number.parseInt(t.tag, 16)]));
    const enumBySection = new Map(spec.enumerations.map((e) => [e.section, xmlName(e.name)]));
    for (const row of spec.fieldTypes) {
      const tag = tagByName.get(row.field);
      if (tag === undefined) continue;
      const seen = out.get(tag) ?? { types: [], enumRefs: [] };
      for (const t of row.types) if (!seen.types.includes(t)) seen.types.push(t);
      if (row.enumRef !== undefined) {
        const ref = /^\d/.test(row.enumRef) ? enumBySection.get(row.enumRef) : xmlName(row.enumRef);
        if (ref !== undefined && !seen.enumRefs.includes(ref)) seen.enumRefs.push(ref);
      }
      out.set(tag, seen);
    }
  }
  return out;
}

function mergeTags(input: MergeInput, enums: readonly EnumInfo[]): { tags: TagInfo[]; aliases: TagAlias[] } {
  const v14 = byNumber(input.v14.tags, (t) => t.tag);
  const v21 = byNumber(input.v21.tags, (t) => t.tag);
  const enumsByXml = new Map(enums.map((e) => [e.xmlName, e]));
  const observed = observeTypes(input);
  const numbers = [...new Set([...v14.keys(), ...v21.keys()])].sort((a, b) => a - b);
  const tags: TagInfo[] = [];
  const aliases: TagAlias[] = [];
  const seen = new Set<string>();
  for (const tag of numbers) {
    const a: TagEntry | undefined = v14.get(tag);
    const b: TagEntry | undefined = v21.get(tag);
    const hex = (b ?? a)!.tag;
    const name = (b ?? a)!.name;
    const since = input.versions.tags[hex];
    if (since === undefined) throw new Error(`versions.json: no version for tag ${hex} ${name}`);
    if ((a !== undefined) !== isOneX(since)) {
      throw new Error(
        `versions.json: tag ${hex} is ${a === undefined ? 'not ' : ''}in 1.4 but marked since ${since}`,
      );
    }
    const override = input.overrides.tags[hex];
    const obs = observed.get(tag);
    const xml = xmlName(name);
    const sameName = enumsByXml.get(xml);
    const mask = override?.mask ?? (sameName?.isMask === true ? xml : undefined);
    const canEnumerate = obs?.types.includes('Enumeration') ?? (sameName !== undefined && !sameName.isMask);
    const enumeration =
      override?.enumeration ??
      (canEnumerate ? (obs?.enumRefs[0] ?? (sameName?.isMask === false ? xml : undefined)) : undefined);
    const type =
      override?.type ??
      obs?.types[0] ??
      (enumeration !== undefined ? 'Enumeration' : mask !== undefined ? 'Integer' : undefined);
    for (const ref of [enumeration, mask]) {
      if (ref !== undefined && ref !== 'Tag' && !enumsByXml.has(ref))
        throw new Error(`tag ${hex}: unknown enumeration ${ref}`);
    }
    if (seen.has(xml)) throw new Error(`two tags named ${xml}`);
    seen.add(xml);
    tags.push({
      tag,
      name,
      xmlName: xml,
      ...(type === undefined ? {} : { type }),
      since,
      ...(b === undefined ? { until: '1.4' as const } : {}),
      ...(enumeration === undefined ? {} : { enumeration }),
      ...(mask === undefined ? {} : { mask }),
    });
    if (a !== undefined && b !== undefined && xmlName(a.name) !== xml) aliases.push([tag, a.name]);
  }
  return { tags, aliases };
}

/** Every hand-maintained override must name something the spec tables hold. */
function checkOverrides(input: MergeInput, model: Omit<RegistryModel, 'enumSources'>): void {
  for (const hex of Object.keys(input.overrides.tags)) {
    if (!model.tags.some((t) => t.tag === Number.parseInt(hex, 16)))
      throw new Error(`overrides.json: no tag ${hex}`);
  }
  for (const [enumXml, values] of Object.entries(input.overrides.valueNames)) {
    const e = model.enums.find((x) => x.xmlName === enumXml);
    for (const hex of Object.keys(values)) {
      if (!e?.values.some((v) => v.value === Number.parseInt(hex, 16)))
        throw new Error(`overrides.json: no value ${enumXml} ${hex}`);
    }
  }
  for (const hex of Object.keys(input.versions.tags)) {
    if (!model.tags.some((t) => t.tag === Number.parseInt(hex, 16)))
      throw new Error(`versions.json: no tag ${hex}`);
  }
  for (const enumXml of Object.keys(input.versions.enumerations)) {
    if (!model.enums.some((e) => e.xmlName === enumXml))
      throw new Error(`versions.json: no enumeration ${enumXml}`);
  }
}

export function mergeRegistry(input: MergeInput): RegistryModel {
  const { enums, aliases: enumValueAliases, sources: enumSources } = mergeEnums(input);
  const { tags, aliases: tagAliases } = mergeTags(input, enums);
  checkOverrides(input, { tags, tagAliases, enums, enumValueAliases });
  return { tags, tagAliases, enums, enumValueAliases, enumSources };
}
