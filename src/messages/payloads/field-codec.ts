// One field of a payload or structure between its TTLV items and its typed value, by the field's
// kind (spec/model/messages.ts): item types are checked (a wrong type is Invalid Field, naming the
// field), structures with a table become typed objects, and attributes take the form the protocol
// family uses — 1.x Template-Attribute / Attribute / Attribute Name, 2.x Attributes / New Attribute
// / Attribute Reference. An enumeration value the version has dropped (Object Type Template at 2.x)
// is Invalid Field; attributes a version does not define are left out of what is written.
import type { ItemTypeName, StructureItem, TtlvItem } from '../../ttlv/item.js';
import type { FieldInfo, StructureTable } from '../../spec/model/messages.js';
import {
  enumForTag,
  enumValueRemovedIn,
  tagByName,
  tagExistsIn,
  tagInfo,
  type KmipVersion,
} from '../../spec/registry.js';
import {
  type Attribute,
  encodeAttribute1x,
  encodeAttributeAnswer1x,
  attributeName,
  encodeAttribute2x,
  givenAttributeIndex,
  splitTemplateAttribute,
  isCustomName,
  parseAttributeItem,
  parseAttributeStructure,
  parseAttributes,
  parseTemplateAttribute,
} from '../attributes.js';
import { attributeReference, referenceName } from '../attribute-reference.js';
import { attributeExistsIn } from '../attribute-versions.js';
import { KmipError, invalidField, invalidMessage } from '../kmip-error.js';
import { ResultReason } from '../../spec/generated/enums.js';
import { Tag } from '../../spec/generated/tags.js';
import { OBJECT_TAGS } from '../object-tags.js';
import { structureTable } from './tables.js';

const TYPE_NAMES: Readonly<Record<ItemTypeName, string>> = {
  Structure: 'a Structure',
  Integer: 'an Integer',
  LongInteger: 'a Long Integer',
  BigInteger: 'a Big Integer',
  Enumeration: 'an Enumeration',
  Boolean: 'a Boolean',
  TextString: 'a Text String',
  ByteString: 'a Byte String',
  DateTime: 'a Date-Time',
  Interval: 'an Interval',
  DateTimeExtended: 'a Date-Time Extended',
};

export function fieldName(f: FieldInfo): string {
  return f.tag === 0 ? 'object' : (tagInfo(f.tag)?.name ?? `0x${f.tag.toString(16)}`);
}

function expect(f: FieldInfo, item: TtlvItem, type: ItemTypeName): void {
  if (item.type !== type) throw invalidField(`${fieldName(f)} must be ${TYPE_NAMES[type]}`);
}

function structure(f: FieldInfo, item: TtlvItem): StructureItem {
  if (item.type !== 'Structure') throw invalidField(`${fieldName(f)} must be a Structure`);
  return item;
}

type Primitive = Exclude<ItemTypeName, 'Structure' | 'Enumeration'>;
const PRIMITIVES: ReadonlySet<string> = new Set<Primitive>([
  'Integer',
  'LongInteger',
  'BigInteger',
  'Boolean',
  'TextString',
  'ByteString',
  'DateTime',
  'Interval',
  'DateTimeExtended',
]);
function isPrimitive(kind: FieldInfo['kind']): kind is Primitive {
  return PRIMITIVES.has(kind);
}

/**
 * A field naming the one attribute a request changes must name one the version defines; lists
 * (Get Attributes' names, a Key Wrapping Specification's) may name any.
 */
function definedIn<T extends Attribute | string>(
  f: FieldInfo,
  value: T,
  version: KmipVersion | undefined,
): T {
  if (version === undefined || f.repeated === true) return value;
  const name = typeof value === 'string' ? value : value.name;
  if (!attributeExistsIn(name, version))
    throw new KmipError(
      ResultReason.InvalidAttribute,
      `'${name}' is not an attribute of KMIP ${version} objects`,
    );
  return value;
}

/** The typed value of one item of field `f`, as received in `version`. */
export function decodeValue(f: FieldInfo, item: TtlvItem, version: KmipVersion | undefined): unknown {
  const kind = f.kind;
  if (isPrimitive(kind)) {
    expect(f, item, kind);
    return item.value;
  }
  switch (kind) {
    case 'Enumeration': {
      expect(f, item, 'Enumeration');
      const e = enumForTag(f.tag);
      const v = item.value as number;
      if (e !== undefined && version !== undefined && enumValueRemovedIn(e.xmlName, v, version)) {
        const name = e.values.find((x) => x.value === v)?.name ?? String(v);
        // A dropped Object Type (Template, 2.0 §11 reserves 6) is Invalid Object Type.
        const reason = f.tag === Tag.ObjectType ? ResultReason.InvalidObjectType : ResultReason.InvalidField;
        throw new KmipError(reason, `${fieldName(f)} ${name} does not exist in KMIP ${version}`);
      }
      return v;
    }
    case 'Structure':
      return f.struct === undefined
        ? structure(f, item)
        : decodeStruct(structureTable(f.struct), item, version);
    case 'any':
      return item;
    case 'object':
      return structure(f, item);
    case 'template-attribute':
      return parseTemplateAttribute(item);
    case 'attributes':
      return parseAttributes(item);
    case 'attribute':
      return definedIn(f, parseAttributeStructure(item), version);
    case 'attribute-list':
      return parseAttributeStructure(item);
    case 'attribute-container': {
      const s = structure(f, item);
      const [only] = s.value;
      if (s.value.length !== 1 || only === undefined)
        throw invalidField(`${fieldName(f)} must hold exactly one attribute`);
      return definedIn(f, parseAttributeItem(only), version);
    }
    case 'attribute-name':
      expect(f, item, 'TextString');
      return definedIn(f, attributeName(item.value as string), version);
    case 'attribute-reference':
      return definedIn(f, referenceName(item), version);
  }
}

/**
 * The items of field `f` holding `value` (one value; the caller spreads repeated fields). In a
 * server's `answer` a 1.x Attribute always carries its Attribute Index (attributes.ts).
 */
export function encodeValue(
  f: FieldInfo,
  value: unknown,
  version: KmipVersion | undefined,
  answer = false,
): TtlvItem[] {
  const v1 = answer ? encodeAttributeAnswer1x : encodeAttribute1x;
  const present = (attrs: readonly Attribute[]): Attribute[] =>
    version === undefined ? [...attrs] : attrs.filter((a) => attributeExistsIn(a.name, version));
  const kind = f.kind;
  if (isPrimitive(kind) || kind === 'Enumeration') return [{ tag: f.tag, type: kind, value } as TtlvItem];
  switch (kind) {
    case 'Structure':
      if (f.struct === undefined) return [{ ...(value as StructureItem), tag: f.tag }];
      return [encodeStruct(structureTable(f.struct), value, version, f.tag)];
    case 'any':
      return [{ ...(value as TtlvItem), tag: f.tag }];
    case 'object':
      return [value as StructureItem];
    case 'template-attribute':
      return [
        {
          tag: f.tag,
          type: 'Structure',
          value: present(value as readonly Attribute[]).map(v1),
        },
      ];
    case 'attributes':
      return [
        {
          tag: f.tag,
          type: 'Structure',
          value: present(value as readonly Attribute[]).map(encodeAttribute2x),
        },
      ];
    case 'attribute-list':
      return present([value as Attribute]).map(v1);
    case 'attribute':
      return [v1(value as Attribute)];
    case 'attribute-container':
      return [{ tag: f.tag, type: 'Structure', value: [encodeAttribute2x(value as Attribute)] }];
    case 'attribute-name':
      if (version !== undefined && !attributeExistsIn(value as string, version)) return [];
      return [{ tag: f.tag, type: 'TextString', value: value as string }];
    case 'attribute-reference': {
      const name = value as string;
      if (version !== undefined && !attributeExistsIn(name, version)) return [];
      return [attributeReference(name, isCustomName(name) ? undefined : tagByName(name)?.tag)];
    }
  }
}

/** The property holding the Attribute Index a 1.x Attribute field gives ('newAttributeIndex'). */
export function indexKey(key: string): string {
  return `${key}Index`;
}

/** The property holding the template names of a 1.x Template-Attribute field ('attributesTemplates'). */
export function templatesKey(key: string): string {
  return `${key}Templates`;
}

/**
 * What a lenient reader (a client reading any server's answer) makes of an attribute container:
 * the attributes it can read, one by one; one it cannot (a name this registry lacks) is left out.
 */
function readableAttributes(f: FieldInfo, item: TtlvItem): Attribute[] {
  const out: Attribute[] = [];
  for (const c of structure(f, item).value) {
    if (f.kind === 'template-attribute' && c.tag !== Tag.Attribute) continue;
    const a = attempt(() => (f.kind === 'attributes' ? parseAttributeItem(c) : parseAttributeStructure(c)));
    if (a !== undefined) out.push(a);
  }
  return out;
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof KmipError) return undefined;
    throw err;
  }
}

/**
 * Reads the children of `item` into an object keyed by the fields' properties. `lenient` (a
 * client reading an answer) leaves out what it cannot read instead of failing: an item of the
 * wrong type, an attribute this registry lacks, a field given twice (the first counts).
 */
export function decodeFields(
  fields: readonly FieldInfo[],
  children: readonly TtlvItem[],
  version: KmipVersion | undefined,
  fallback?: ReadonlyMap<number, FieldInfo>,
  lenient = false,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { byTag, objectField } = fieldIndex(fields);
  for (const c of children) {
    const f =
      byTag.get(c.tag) ??
      (objectField !== undefined && OBJECT_TAGS.has(c.tag) ? objectField : undefined) ??
      fallback?.get(c.tag);
    if (f === undefined) continue;
    if (lenient && (f.kind === 'template-attribute' || f.kind === 'attributes')) {
      out[f.key] = readableAttributes(f, c);
      continue;
    }
    if (f.kind === 'template-attribute') {
      // 1.4 §2.1.8: besides attributes, a Template-Attribute may name templates (applied first).
      const { templateNames, attributes } = splitTemplateAttribute(c);
      if (templateNames.length > 0 && byTag.get(c.tag) !== f)
        throw invalidField(`KMIP ${version ?? '2.x'} has no templates: give the attributes themselves`);
      if (templateNames.length > 0) out[templatesKey(f.key)] = templateNames;
      out[f.key] = attributes;
      continue;
    }
    const v = lenient ? attempt(() => decodeValue(f, c, version)) : decodeValue(f, c, version);
    if (v === undefined) continue;
    if (f.kind === 'attribute') {
      const index = givenAttributeIndex(c);
      if (index !== undefined) out[indexKey(f.key)] = index;
    }
    if (f.repeated === true || f.kind === 'attribute-list') {
      const list = (out[f.key] ?? []) as unknown[];
      list.push(v);
      out[f.key] = list;
    } else if (f.key in out) {
      if (lenient || fallback?.get(c.tag) === f) continue;
      // 1.4 §11.1: "The same field is contained in a … payload more than once" is Invalid Message.
      throw invalidMessage(`${fieldName(f)} may be given only once`);
    } else {
      out[f.key] = v;
    }
  }
  return out;
}

/** Writes the fields of `value` in table order; a field the version lacks is left out. */
export function encodeFields(
  fields: readonly FieldInfo[],
  value: Readonly<Record<string, unknown>>,
  version: KmipVersion | undefined,
  where: string,
  answer = false,
): TtlvItem[] {
  const out: TtlvItem[] = [];
  const known = version === undefined ? undefined : fieldsIn(fields, version);
  for (const f of fields) {
    const v = value[f.key];
    if (v === undefined) {
      if (f.required === true) throw new Error(`${where} needs ${fieldName(f)} (${f.key})`);
      continue;
    }
    if (known !== undefined && !known.has(f)) continue;
    if (f.repeated === true || f.kind === 'attribute-list') {
      for (const one of v as readonly unknown[]) out.push(...encodeValue(f, one, version, answer));
    } else {
      out.push(...encodeValue(f, v, version, answer));
    }
  }
  return out;
}

interface FieldIndex {
  readonly byTag: ReadonlyMap<number, FieldInfo>;
  /** The field holding a managed object under its own tag (Get's Symmetric Key, Private Key …). */
  readonly objectField: FieldInfo | undefined;
  /** Per version, the fields whose tag the version defines (what encodeFields may write). */
  readonly inVersion: Map<KmipVersion, ReadonlySet<FieldInfo>>;
}

// Tables are built once; what is derived from one is kept beside it, as every request reads it.
const indexCache = new WeakMap<readonly FieldInfo[], FieldIndex>();
function fieldIndex(fields: readonly FieldInfo[]): FieldIndex {
  let m = indexCache.get(fields);
  if (m === undefined) {
    m = {
      byTag: new Map(fields.filter((f) => f.tag !== 0).map((f) => [f.tag, f])),
      objectField: fields.find((f) => f.kind === 'object'),
      inVersion: new Map(),
    };
    indexCache.set(fields, m);
  }
  return m;
}

function fieldsIn(fields: readonly FieldInfo[], version: KmipVersion): ReadonlySet<FieldInfo> {
  const index = fieldIndex(fields);
  let set = index.inVersion.get(version);
  if (set === undefined) {
    set = new Set(fields.filter((f) => f.tag === 0 || tagExistsIn(f.tag, version)));
    index.inVersion.set(version, set);
  }
  return set;
}

export function fieldsByTag(fields: readonly FieldInfo[]): ReadonlyMap<number, FieldInfo> {
  return fieldIndex(fields).byTag;
}

/** A typed structure from its item; required fields missing are Invalid Field. */
export function decodeStruct(
  table: StructureTable,
  item: TtlvItem,
  version: KmipVersion | undefined,
): Record<string, unknown> {
  if (item.type !== 'Structure') throw invalidField(`${table.name} must be a Structure`);
  const out = decodeFields(table.fields, item.value, version);
  for (const f of table.fields) {
    if (f.required === true && out[f.key] === undefined)
      throw invalidField(`the ${table.name} needs a ${fieldName(f)}`);
  }
  return out;
}

export function encodeStruct(
  table: StructureTable,
  value: unknown,
  version: KmipVersion | undefined,
  tag = table.tag,
): StructureItem {
  return {
    tag,
    type: 'Structure',
    value: encodeFields(table.fields, value as Record<string, unknown>, version, table.name),
  };
}
