// Reads the message tables out of the text of a KMIP spec: every client-to-server operation's
// Request and Response Payload table (v1.4 §4, v2.1 §6.1), every structure table (a table whose
// first row names a Structure: objects, attribute structures, Key Wrapping Specification …) and
// the attribute sections (v1.4 §3, v2.1 §4). Each entry cites its section and table.
import type {
  MessagesTranscription,
  PayloadEntry,
  StructureEntry,
  StructureRow,
  TableRow,
} from './messages-model.js';
import { type Heading, readRows, type Row, type SpecLayout } from './extract.js';

/** A table's rows, split where a header row ('| Item | Encoding | REQUIRED |') starts a new part. */
function tables(rows: readonly Row[]): Row[][] {
  const out: Row[][] = [];
  let current: Row[] = [];
  let table: number | undefined;
  for (const row of rows) {
    if (row.table !== table || row.table === undefined) {
      if (current.length > 0) out.push(current);
      current = [];
      table = row.table;
    }
    current.push(row);
  }
  if (current.length > 0) out.push(current);
  return out;
}

function isHeader(row: Row): boolean {
  const [first, second] = row.cells;
  return (first === 'Item' || first === 'Object') && (second === 'Encoding' || second === 'REQUIRED');
}

function cite(row: Row): { section: string; table?: number } {
  return row.table === undefined ? { section: row.section } : { section: row.section, table: row.table };
}

function inSection(section: string, prefix: string): boolean {
  return section.startsWith(`${prefix}.`);
}

function payloads(groups: readonly Row[][], layout: SpecLayout): PayloadEntry[] {
  const out: PayloadEntry[] = [];
  for (const rows of groups) {
    const first = rows[0];
    if (
      first === undefined ||
      first.cells.length !== 1 ||
      !inSection(first.section, layout.operationsSection)
    )
      continue;
    const direction =
      first.cells[0] === 'Request Payload'
        ? 'request'
        : first.cells[0] === 'Response Payload'
          ? 'response'
          : undefined;
    if (direction === undefined) continue;
    const fields: TableRow[] = rows
      .slice(1)
      .filter((r) => !isHeader(r) && r.cells.length >= 2 && r.cells[0] !== '')
      .map((r) => ({ name: r.cells[0]!, required: r.cells[1]! }));
    out.push({ operation: first.title, direction, ...cite(first), fields });
  }
  return out;
}

function structures(groups: readonly Row[][]): StructureEntry[] {
  const out: StructureEntry[] = [];
  for (const rows of groups) {
    const parts: Row[][] = [];
    for (const row of rows) {
      if (isHeader(row)) parts.push([]);
      else parts.at(-1)?.push(row);
    }
    for (const part of parts) {
      const [head, ...rest] = part;
      if (head === undefined || !/^Structure\b/.test(head.cells[1] ?? '')) continue;
      const fields: StructureRow[] = rest
        .filter((r) => r.cells.length >= 2 && r.cells[0] !== '')
        .map((r) => ({ name: r.cells[0]!, encoding: r.cells[1]!, required: r.cells[2] ?? '' }));
      out.push({
        name: head.cells[0]!,
        ...cite(head),
        ...(head.caption === undefined ? {} : { caption: head.caption }),
        fields,
      });
    }
  }
  return out;
}

/**
 * The attributes of the attribute chapter: one per section, named by its title, except a section
 * whose table lists several attributes (2.1 §4.6 Certificate Attributes), which gives each row.
 */
function attributeSections(
  groups: readonly Row[][],
  headings: readonly Heading[],
  chapter: string,
): MessagesTranscription['attributes'] {
  const out: { name: string; section: string; table?: number }[] = [];
  for (const h of headings) {
    if (!/^\d+\.\d+$/.test(h.section) || !inSection(h.section, chapter)) continue;
    const table = groups.find((rows) => rows[0]?.section === h.section && rows.some(isHeader));
    const data = table?.slice(table.findIndex(isHeader) + 1).filter((r) => r.cells.length >= 2) ?? [];
    const listed = data.length > 1 && data.every((r) => !/^Structure\b/.test(r.cells[1] ?? '')) ? data : [];
    if (listed.length === 0 || listed.some((r) => r.cells[0] === h.title)) {
      out.push({ name: h.title, section: h.section });
      continue;
    }
    for (const r of listed) out.push({ name: r.cells[0]!, ...cite(r) });
  }
  return out;
}

export function extractMessages(text: string, layout: SpecLayout): MessagesTranscription {
  const { rows, headings } = readRows(text);
  const groups = tables(rows);
  const attributes = attributeSections(groups, headings, layout.attributesChapter);
  const result = {
    source: layout.source,
    version: layout.version,
    attributes,
    payloads: payloads(groups, layout),
    structures: structures(groups),
  };
  if (result.payloads.length === 0 || result.structures.length === 0 || attributes.length === 0) {
    throw new Error(`${layout.source}: no payload, structure or attribute table found`);
  }
  return result;
}
