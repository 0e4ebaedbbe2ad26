// Reads the tag table, the enumeration and bit-mask tables and the field-type rows out of the
// text of a KMIP spec (v1.4 §9.1.3, v2.1 §11-12), citing section and table for each entry.
import type { ItemTypeName } from '../../ttlv/item.js';
import type { KmipVersion } from '../model/types.js';
import type { EnumEntry, EnumValueEntry, FieldTypeEntry, SpecTranscription, TagEntry } from './model.js';

export interface SpecLayout {
  readonly version: KmipVersion;
  readonly source: string;
  /** Section holding the tag table: '9.1.3.1' */
  readonly tagSection: string;
  /** Heading lines opening and closing the enumeration and bit-mask sections. */
  readonly enumStart: string;
  readonly enumEnd: string;
  /** Section prefix of the bit masks: '9.1.3.3.' */
  readonly maskPrefix: string;
  /** Section holding the client-to-server operations, one subsection each: '6.1' */
  readonly operationsSection: string;
  /** Chapter holding the attributes, one section each: '4' */
  readonly attributesChapter: string;
}

export const LAYOUTS: readonly SpecLayout[] = [
  {
    version: '1.4',
    source: 'kmip-spec-v1.4.txt',
    tagSection: '9.1.3.1',
    enumStart: '9.1.3.2 Enumerations',
    enumEnd: '10 Transport',
    maskPrefix: '9.1.3.3.',
    operationsSection: '4',
    attributesChapter: '3',
  },
  {
    version: '2.1',
    source: 'kmip-spec-v2.1.txt',
    tagSection: '11.56',
    enumStart: '11 Enumerations',
    enumEnd: '13 Algorithm Implementation',
    maskPrefix: '12.',
    operationsSection: '6.1',
    attributesChapter: '4',
  },
];

export interface Row {
  readonly cells: readonly string[];
  readonly section: string;
  readonly title: string;
  table?: number;
  /** The caption's text after 'Table N: ' ('Name Attribute Structure'). */
  caption?: string;
}

/** A hex cell, possibly marked '(deprecated)' or '(deprecated as of version 1.1)'. */
const DEPRECATABLE = (digits: number): RegExp =>
  new RegExp(`^(?:0x)?([0-9A-F]{${digits}})(\\s*\\(deprecated[^)]*\\))?$`, 'i');
const HEADING = /^(\d+(?:\.\d+)+)\s+(\S.*)$/;
const CAPTION = /^[^\w]*Table\s+(\d+)\b[;:]*\s*(.*)$/u;
const TYPE_TOKENS: readonly (readonly [RegExp, ItemTypeName])[] = [
  [/^Date[- ]Time Extended/, 'DateTimeExtended'],
  [/^Date[- ]Time/, 'DateTime'],
  [/^Long Integer/, 'LongInteger'],
  [/^Big Integer/, 'BigInteger'],
  [/^Text String/, 'TextString'],
  [/^Byte String/, 'ByteString'],
  [/^Structure/, 'Structure'],
  [/^Integer/, 'Integer'],
  [/^Enumeration/, 'Enumeration'],
  [/^Boolean/, 'Boolean'],
  [/^Interval/, 'Interval'],
];

/** Table text as the spec conversion left it: replacement characters dropped, spaces collapsed. */
function clean(cell: string): string {
  return cell
    .replace(/[\uFFFD\u00A0]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Heading {
  readonly section: string;
  readonly title: string;
}

/** Every table row of the body (after the table of contents), with its section and caption. */
export function readRows(text: string): { rows: Row[]; headings: Heading[] } {
  const lines = text.split(/\r?\n/);
  const bodyStart = lines.findIndex((l) => l.trim() === '1 Introduction');
  const rows: Row[] = [];
  const headings: Heading[] = [];
  let pending: Row[] = [];
  let section = '';
  let title = '';
  for (const raw of lines.slice(bodyStart + 1)) {
    const line = raw.trim();
    if (line.startsWith('|')) {
      const row: Row = { cells: line.split('|').slice(1, -1).map(clean), section, title };
      pending.push(row);
      rows.push(row);
      continue;
    }
    const caption = CAPTION.exec(line);
    const heading = HEADING.exec(line) ?? /^(\d+|Appendix [A-Z])\.? ([A-Z].*)$/.exec(line);
    if (caption !== null) {
      for (const row of pending) {
        row.table = Number(caption[1]);
        row.caption = clean(caption[2] ?? '');
      }
      pending = [];
    } else if (heading !== null) {
      pending = [];
      section = heading[1]!;
      title = clean(heading[2]!);
      headings.push({ section, title });
    }
  }
  return { rows, headings };
}

function cite(row: Row): { section: string; table?: number } {
  return row.table === undefined ? { section: row.section } : { section: row.section, table: row.table };
}

function hex(digits: string, width: number): string {
  return '0x' + digits.toUpperCase().padStart(width, '0');
}

function isSkipped(name: string): boolean {
  return name === '' || name.startsWith('(') || name === 'Extensions' || name === 'Reserved';
}

function extractTags(rows: readonly Row[], layout: SpecLayout): TagEntry[] {
  const tags: TagEntry[] = [];
  for (const row of rows) {
    if (row.section !== layout.tagSection || row.cells.length !== 2) continue;
    const [name, value] = row.cells as [string, string];
    const m = DEPRECATABLE(6).exec(value);
    if (m === null || isSkipped(name)) continue;
    tags.push({
      tag: hex(m[1]!, 6),
      name,
      ...cite(row),
      ...(m[2] === undefined ? {} : { deprecated: true as const }),
    });
  }
  return tags;
}

function extractEnums(rows: readonly Row[], headings: readonly Heading[], layout: SpecLayout): EnumEntry[] {
  const inRange = sectionRange(layout);
  const enums: EnumEntry[] = [];
  for (const { section, title } of headings) {
    const isMask = section.startsWith(layout.maskPrefix);
    if (!inRange(section) || section === layout.tagSection || !(isMask || title.endsWith(' Enumeration')))
      continue;
    const sectionRows = rows.filter((r) => r.section === section && r.cells.length === 2);
    const values: EnumValueEntry[] = [];
    let table: number | undefined;
    for (const row of sectionRows) {
      const [name, value] = row.cells as [string, string];
      const m = DEPRECATABLE(8).exec(value);
      if (m === null || isSkipped(name)) continue;
      table ??= row.table;
      values.push({
        name,
        value: hex(m[1]!, 8),
        ...(m[2] === undefined ? {} : { deprecated: true as const }),
      });
    }
    table ??= sectionRows.find((r) => r.cells[0] === 'Extensions')?.table;
    const name = title.replace(/ Enumeration$/, '');
    enums.push({ name, isMask, section, ...(table === undefined ? {} : { table }), values });
  }
  return enums;
}

/** The item types a type cell names, in order: 'Text String, Enumeration or Integer'. */
export function parseTypes(cell: string): { types: ItemTypeName[]; enumRef?: string } {
  const types: ItemTypeName[] = [];
  let i = 0;
  while (i < cell.length) {
    const atWordStart = i === 0 || !/\w/.test(cell[i - 1]!);
    const rest = cell.slice(i);
    const token = atWordStart ? TYPE_TOKENS.find(([re]) => re.test(rest)) : undefined;
    if (token === undefined) {
      i++;
      continue;
    }
    if (!types.includes(token[1])) types.push(token[1]);
    i += token[0].exec(rest)![0].length;
  }
  const ref = /^Enumeration(?:, see ([\d.]+\d)| \(([^)]+)\))/.exec(cell);
  const enumRef = ref?.[1] ?? ref?.[2];
  return enumRef === undefined ? { types } : { types, enumRef };
}

/**
 * Rows naming a tag and its encoding: '| Hashing Algorithm | Enumeration, see 9.1.3.2.16 |' in the
 * object tables, or '| Block Cipher Mode | 3.6, 9.1.3.2.14 | Enumeration | |' in the 1.4 Tag
 * Cross-Reference (Appendix C), whose section column names the enumeration.
 */
function extractFieldTypes(
  rows: readonly Row[],
  tagNames: ReadonlySet<string>,
  enumSections: ReadonlySet<string>,
): FieldTypeEntry[] {
  const seen = new Set<string>();
  const out: FieldTypeEntry[] = [];
  for (const row of rows) {
    const [field, second, third] = row.cells;
    if (field === undefined || second === undefined || !tagNames.has(field)) continue;
    const crossRef = third !== undefined && /^[\d.,\s]+$/.test(second);
    const typeCell = crossRef ? third : second;
    if (!TYPE_TOKENS.some(([re]) => re.test(typeCell))) continue;
    const parsed = parseTypes(typeCell);
    const refInSections = crossRef ? second.split(/[,\s]+/).find((s) => enumSections.has(s)) : undefined;
    const enumRef = parsed.enumRef ?? refInSections;
    const key = `${field}|${parsed.types.join(',')}|${enumRef ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, types: parsed.types, ...(enumRef === undefined ? {} : { enumRef }), ...cite(row) });
  }
  return out;
}

function compareSections(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Sections from the enumeration start heading up to (not including) the end heading. */
function sectionRange(layout: SpecLayout): (section: string) => boolean {
  const start = layout.enumStart.split(' ')[0]!;
  const end = layout.enumEnd.split(' ')[0]!;
  return (s) => compareSections(s, start) >= 0 && compareSections(s, end) < 0;
}

export function extractSpec(text: string, layout: SpecLayout): SpecTranscription {
  const { rows, headings } = readRows(text);
  for (const heading of [layout.enumStart, layout.enumEnd]) {
    if (!headings.some((h) => `${h.section} ${h.title}` === heading)) {
      throw new Error(`${layout.source}: heading '${heading}' not found`);
    }
  }
  const tags = extractTags(rows, layout);
  const enumerations = extractEnums(rows, headings, layout);
  const enumSections = new Set(enumerations.map((e) => e.section));
  const fieldTypes = extractFieldTypes(rows, new Set(tags.map((t) => t.name)), enumSections);
  if (tags.length === 0 || enumerations.length === 0) {
    throw new Error(`${layout.source}: no tag or enumeration table found`);
  }
  return { source: layout.source, version: layout.version, tags, enumerations, fieldTypes };
}
