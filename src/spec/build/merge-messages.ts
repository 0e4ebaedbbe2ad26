// Turns the message transcriptions of 1.4 and 2.1 (data/messages-*.json) and the hand-kept rules
// (data/message-rules.json) into the payload model: for every operation and direction, the fields
// its 1.x form (the 1.4 table, serving 1.0-1.4) and its 2.x form (the 2.1 table, serving 2.0-2.1)
// put on the wire, each mapped to one typed property shared by both forms; the typed structures;
// and the attributes with the type of their value.
import type { ItemTypeName } from '../../ttlv/item.js';
import type { FieldKind, PayloadFamily } from '../model/messages.js';
import type { TagInfo } from '../model/types.js';
import { parseTypes } from './extract.js';
import type { RegistryModel } from './merge.js';
import type { MessagesTranscription, StructureEntry, StructureRow, TableRow } from './messages-model.js';
import type { Citation, FieldTypeEntry } from './model.js';

/** A field as the tables give it (generated/*.ts keep it without the name, which the tag gives). */
export interface FieldModel {
  readonly key: string;
  /** The spec name of the wire field: 'Unique Identifier'. */
  readonly name: string;
  readonly tag: number;
  readonly kind: FieldKind;
  readonly struct?: string;
  readonly required: boolean;
  readonly repeated: boolean;
}

export interface PayloadModel extends Citation {
  /** The operation's spec name ('Re-key Key Pair'), XML name ('ReKeyKeyPair') and value. */
  readonly operation: string;
  readonly operationXml: string;
  readonly operationValue: number;
  readonly direction: 'request' | 'response';
  readonly family: PayloadFamily;
  readonly fields: readonly FieldModel[];
}

export interface StructModel {
  readonly name: string;
  readonly xmlName: string;
  readonly tag: number;
  /** '2.1 §4.32 Table 93; 1.4 §3.2 Table 57' */
  readonly source: string;
  readonly fields: readonly FieldModel[];
}

export interface AttributeModel {
  readonly name: string;
  readonly xmlName: string;
  readonly tag: number;
  readonly type: ItemTypeName;
  readonly struct?: string;
  /** '2.1 §4.32; 1.4 §3.2' */
  readonly source: string;
}

export interface MessagesModel {
  readonly payloads: readonly PayloadModel[];
  readonly structs: readonly StructModel[];
  readonly attributes: readonly AttributeModel[];
}

/** data/message-rules.json: what the tables cannot say by themselves; every entry says why. */
export interface MessageRules {
  /** First-column texts naming "the managed object" rather than a tag. */
  readonly objectFields: { readonly names: readonly string[]; readonly why: string };
  /** Tag names whose fields carry attributes or objects, and how (FieldKind). */
  readonly kinds: Readonly<Record<string, { readonly kind: FieldKind; readonly why: string }>>;
  /** 1.x payload fields that are the same property as a differently named 2.x field. */
  readonly equivalents: readonly {
    readonly operations?: readonly string[];
    readonly direction?: 'request' | 'response';
    readonly v1: string;
    readonly v2: string;
    readonly why: string;
  }[];
  /** Structures kept as plain TTLV items (no typed model), with why. */
  readonly untypedStructures: Readonly<Record<string, string>>;
  /** Structures defined once per variant, also typed as one holding every variant's fields. */
  readonly unionStructures: Readonly<Record<string, { readonly as: string; readonly why: string }>>;
  /** Tags laid out like another structure ('Common Protection Storage Masks'). */
  readonly structAliases: Readonly<Record<string, { readonly as: string; readonly why: string }>>;
  /** Rows a structure table lost in the text conversion. */
  readonly structRows: Readonly<
    Record<string, { readonly version: string; readonly rows: readonly StructureRow[]; readonly why: string }>
  >;
  /** Payload fields the tables call REQUIRED that the OASIS cases leave out. */
  readonly optionalFields: Readonly<
    Record<
      string,
      {
        readonly operation: string;
        readonly direction: 'request' | 'response';
        readonly field: string;
        readonly why: string;
      }
    >
  >;
  /** Attribute sections that describe the custom (vendor) attribute form, not one attribute. */
  readonly customAttributes: Readonly<Record<string, string>>;
  /** Structure rows that name no tag (prose in a table cell), with why they are left out. */
  readonly ignoredRows: Readonly<Record<string, string>>;
}

export interface MergeMessagesInput {
  readonly v14: MessagesTranscription;
  readonly v21: MessagesTranscription;
  /** The 1.4 field-type rows (spec-1.4.json): a few tags changed type in 2.0. */
  readonly v14FieldTypes: readonly FieldTypeEntry[];
  readonly registry: RegistryModel;
  readonly rules: MessageRules;
}

/** A name cell as a tag name: references, repetition notes and stray punctuation dropped. */
export function cleanName(cell: string): string {
  return cell
    .replace(/\uFFFD/g, ' ')
    .replace(/,\s*MAY be repeated$/i, '')
    .replace(/,?\s*see\s+[\w\d.,\s]*$/i, '')
    .replace(/[,.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isRequired(cell: string): boolean {
  return /^Yes\b/i.test(cell) && !/\b(unless|if|for single|depends|except)\b/i.test(cell);
}

export function isRepeated(row: TableRow & { readonly encoding?: string }): boolean {
  return [row.required, row.name, row.encoding ?? ''].some((cell) => /\b(MAY be|is) repeated/i.test(cell));
}

/** 'IVCounterNonce' -> 'ivCounterNonce', 'MACData' -> 'macData', 'UniqueIdentifier' -> 'uniqueIdentifier'. */
export function camel(xmlName: string): string {
  const run = /^[A-Z0-9]+/.exec(xmlName)?.[0] ?? '';
  const keep = run.length > 1 && /^[a-z]/.test(xmlName.slice(run.length)) ? 1 : 0;
  const lower = run.slice(0, run.length - keep).toLowerCase();
  return lower + xmlName.slice(lower.length);
}

class TagNames {
  readonly #byName = new Map<string, TagInfo>();
  constructor(registry: RegistryModel) {
    for (const t of registry.tags) {
      this.#byName.set(t.name.toLowerCase(), t);
      this.#byName.set(t.xmlName.toLowerCase(), t);
    }
    const byTag = new Map(registry.tags.map((t) => [t.tag, t]));
    for (const [tag, name] of registry.tagAliases) {
      const info = byTag.get(tag);
      if (info !== undefined) this.#byName.set(name.toLowerCase(), info);
    }
  }
  get(name: string): TagInfo | undefined {
    return this.#byName.get(name.toLowerCase());
  }
}

function cite(version: string, c: Citation): string {
  return `${version} §${c.section}${c.table === undefined ? '' : ` Table ${c.table}`}`;
}

/** The item types an Encoding cell names; 2.1 §7.28-7.32 write some run together ('TextString'). */
function encodingTypes(cell: string): ItemTypeName[] {
  return parseTypes(cell.replace(/\b(Text|Byte)(String)\b/g, '$1 $2')).types;
}

/** The single item type the 1.4 tables give each field, where it is one type. */
function v14Types(rows: readonly FieldTypeEntry[]): Map<string, ItemTypeName> {
  const all = new Map<string, Set<ItemTypeName>>();
  for (const r of rows) {
    const set = all.get(r.field) ?? new Set<ItemTypeName>();
    for (const t of r.types) set.add(t);
    all.set(r.field, set);
  }
  const out = new Map<string, ItemTypeName>();
  for (const [name, set] of all) if (set.size === 1) out.set(name, [...set][0]!);
  return out;
}

export function mergeMessages(input: MergeMessagesInput): MessagesModel {
  const { registry, rules } = input;
  const tags = new TagNames(registry);
  const objectNames = new Set(rules.objectFields.names.map(cleanName));
  const oldTypes = v14Types(input.v14FieldTypes);

  // Structures: names the newest spec defines in several tables (Key Material per key format,
  // Credential Value per credential type) stay untyped, as do those the rules name. A 1.4 name in
  // several tables (Derivation Parameters, PBKDF2 apart) joins the one 2.1 table.
  const entries = new Map<string, { version: string; entry: StructureEntry }[]>();
  const untyped = new Set(Object.keys(rules.untypedStructures));
  const count = (t: MessagesTranscription, name: string): number =>
    t.structures.filter((s) => s.name === name).length;
  for (const [version, t] of [
    ['2.1', input.v21],
    ['1.4', input.v14],
  ] as const) {
    for (const s of t.structures) {
      const in21 = count(input.v21, s.name);
      if (in21 > 1 || (in21 === 0 && count(input.v14, s.name) > 1)) untyped.add(s.name);
      const extra = rules.structRows[s.name];
      const entry = extra?.version === version ? { ...s, fields: [...s.fields, ...extra.rows] } : s;
      entries.set(s.name, [...(entries.get(s.name) ?? []), { version, entry }]);
    }
  }
  // A table whose one row is the structure's own name describes a plain field, not a structure
  // (2.1 §7.28-7.32: PKCS#11 Interface is a Text String, PKCS#11 Input Parameters a Byte String).
  const plainTypes = new Map<string, ItemTypeName[]>();
  for (const [name, list] of entries) {
    const rows = list[0]?.entry.fields ?? [];
    const [only] = rows;
    if (rows.length === 1 && only !== undefined && cleanName(only.name) === name)
      plainTypes.set(name, encodingTypes(only.encoding));
  }
  const typedNames = new Set(
    [...entries.keys()].filter(
      (n) => !untyped.has(n) && !plainTypes.has(n) && tags.get(n) !== undefined && !(n in rules.kinds),
    ),
  );
  const structOf = (info: TagInfo): string | undefined => {
    const name = rules.structAliases[info.name]?.as ?? info.name;
    return typedNames.has(name) ? tags.get(name)?.xmlName : undefined;
  };

  const fieldOf = (
    row: TableRow & { readonly encoding?: string },
    family: PayloadFamily,
    where: string,
  ): FieldModel | undefined => {
    const name = cleanName(row.name);
    const repeated = isRepeated(row);
    const required = isRequired(row.required);
    if (objectNames.has(name))
      return { key: 'object', name: 'Object', tag: 0, kind: 'object', required, repeated };
    const info = tags.get(name);
    if (info === undefined) {
      if (row.name in rules.ignoredRows || name in rules.ignoredRows) return undefined;
      throw new Error(`${where}: '${row.name}' names no tag (add it to message-rules.json)`);
    }
    const given = row.encoding === undefined ? [] : encodingTypes(row.encoding);
    const old = family === 1 ? oldTypes.get(info.name) : undefined;
    // A plain-field table's type; where the registry types the tag otherwise, either is taken.
    const plain = plainTypes.get(info.name);
    const described =
      plain === undefined || info.type === undefined || plain.includes(info.type)
        ? plain
        : [...plain, info.type];
    const registry = described ?? (info.type === undefined ? [] : [info.type]);
    const types = given.length > 0 ? given : old !== undefined ? [old] : registry;
    let kind: FieldKind = types.length === 1 && types[0] !== undefined ? types[0] : 'any';
    const special = rules.kinds[info.name];
    if (special !== undefined) kind = special.kind;
    if (kind === 'attribute' && repeated) kind = 'attribute-list';
    const struct = kind === 'Structure' ? structOf(info) : undefined;
    return {
      key: camel(info.xmlName),
      name: info.name,
      tag: info.tag,
      kind,
      ...(struct === undefined ? {} : { struct }),
      required,
      repeated: repeated && kind !== 'attribute-list',
    };
  };

  const structs: StructModel[] = [];
  for (const name of [...typedNames].sort()) {
    const info = tags.get(name)!;
    const list = entries.get(name)!;
    const fields: FieldModel[] = [];
    for (const { version, entry } of list) {
      const family: PayloadFamily = version === '1.4' ? 1 : 2;
      for (const row of entry.fields) {
        const f = fieldOf(row, family, `${version} ${name} (Table ${entry.table ?? '?'})`);
        if (f === undefined) continue;
        const at = fields.findIndex((x) => x.tag === f.tag);
        const known = fields[at];
        // A field only one spec version has, or typed differently by each, is optional / any.
        if (known === undefined)
          fields.push(list.length > 1 && version === '1.4' ? { ...f, required: false } : f);
        else
          fields[at] = {
            ...known,
            required: known.required && f.required,
            ...(known.kind === f.kind ? {} : { kind: 'any' as const }),
          };
      }
    }
    structs.push({
      name: info.name,
      xmlName: info.xmlName,
      tag: info.tag,
      source: list.map(({ version, entry }) => cite(version, entry)).join('; '),
      fields,
    });
  }
  // A structure defined once per variant (Key Material, one table per key format) is also typed as
  // one structure holding every variant's fields, each optional.
  for (const [name, rule] of Object.entries(rules.unionStructures)) {
    const info = tags.get(name);
    const list = entries.get(name);
    if (info === undefined || list === undefined)
      throw new Error(`message-rules.json: no structure '${name}'`);
    const fields: FieldModel[] = [];
    for (const { version, entry } of list) {
      for (const row of entry.fields) {
        const f = fieldOf(row, version === '1.4' ? 1 : 2, `${version} ${name} (Table ${entry.table ?? '?'})`);
        if (f !== undefined && !fields.some((x) => x.tag === f.tag)) fields.push({ ...f, required: false });
      }
    }
    const tables = list.map(({ version, entry }) => cite(version, entry)).join('; ');
    structs.push({ name: info.name, xmlName: rule.as, tag: info.tag, source: tables, fields });
  }
  structs.sort((a, b) => a.xmlName.localeCompare(b.xmlName));

  // Payloads: a 1.x field equivalent to a 2.x one takes the 2.x field's property name.
  const equivalentKey = (operation: string, direction: string, v1: string): string | undefined => {
    const e = rules.equivalents.find(
      (q) =>
        q.v1 === v1 &&
        (q.operations === undefined || q.operations.includes(operation)) &&
        (q.direction === undefined || q.direction === direction),
    );
    if (e === undefined) return undefined;
    const info = tags.get(e.v2);
    if (info === undefined) throw new Error(`message-rules.json: '${e.v2}' names no tag`);
    return camel(info.xmlName);
  };
  const opEnum = registry.enums.find((e) => e.xmlName === 'Operation');
  if (opEnum === undefined) throw new Error('the registry has no Operation enumeration');
  const payloads: PayloadModel[] = [];
  for (const [family, t] of [
    [1, input.v14],
    [2, input.v21],
  ] as const) {
    for (const p of t.payloads) {
      const op = opEnum.values.find((v) => v.name.toLowerCase() === p.operation.toLowerCase());
      if (op === undefined) throw new Error(`${t.version} §${p.section}: '${p.operation}' is no Operation`);
      const where = `${t.version} ${p.operation} ${p.direction} (Table ${p.table ?? '?'})`;
      const fields: FieldModel[] = [];
      for (const row of p.fields) {
        const f = fieldOf(row, family, where);
        if (f === undefined) continue;
        const key = family === 1 ? (equivalentKey(op.name, p.direction, f.name) ?? f.key) : f.key;
        const optional = Object.values(rules.optionalFields).some(
          (o) => o.operation === op.name && o.direction === p.direction && o.field === f.name,
        );
        fields.push({ ...f, key, ...(optional ? { required: false } : {}) });
      }
      payloads.push({
        operation: op.name,
        operationXml: op.xmlName,
        operationValue: op.value,
        direction: p.direction,
        family,
        section: p.section,
        ...(p.table === undefined ? {} : { table: p.table }),
        fields,
      });
    }
  }

  // Attributes: the section titles of both attribute chapters that name a tag.
  const attributes = new Map<string, AttributeModel>();
  for (const t of [input.v21, input.v14]) {
    for (const a of t.attributes) {
      const info = tags.get(a.name);
      if (info === undefined || info.name in rules.customAttributes) continue;
      const source = `${t.version} §${a.section}`;
      const known = attributes.get(info.name);
      if (known !== undefined) {
        attributes.set(info.name, { ...known, source: `${known.source}; ${source}` });
        continue;
      }
      if (info.type === undefined)
        throw new Error(`attribute '${info.name}' has no item type in the registry`);
      const struct = info.type === 'Structure' ? structOf(info) : undefined;
      attributes.set(info.name, {
        name: info.name,
        xmlName: info.xmlName,
        tag: info.tag,
        type: info.type,
        ...(struct === undefined ? {} : { struct }),
        source,
      });
    }
  }
  return {
    payloads,
    structs,
    attributes: [...attributes.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
