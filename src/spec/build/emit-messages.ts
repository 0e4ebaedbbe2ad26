// Renders the payload model: the field tables as data (spec/generated/payloads.ts, structures.ts,
// attributes.ts), the typed interfaces every payload, structure and attribute value has
// (messages/payloads/generated/types.ts), and the transcriptions as JSON.
import { GENERATED_HEADER } from './emit.js';
import type { FieldModel, MessagesModel, PayloadModel, StructModel } from './merge-messages.js';
import type { MessagesTranscription } from './messages-model.js';

const hex = (n: number, width: number): string => '0x' + n.toString(16).padStart(width, '0');
const str = (s: string): string => JSON.stringify(s);

function fieldRow(f: FieldModel): string {
  const parts = [`key: ${str(f.key)}`, `tag: ${hex(f.tag, 6)}`, `kind: ${str(f.kind)}`];
  if (f.struct !== undefined) parts.push(`struct: ${str(f.struct)}`);
  if (f.required) parts.push('required: true');
  if (f.repeated) parts.push('repeated: true');
  return `{ ${parts.join(', ')} }`;
}

export function emitPayloadTables(model: MessagesModel): string {
  const row = (p: PayloadModel): string[] => [
    `  {`,
    `    operation: ${hex(p.operationValue, 8)}, // ${p.operation}`,
    `    direction: ${str(p.direction)},`,
    `    family: ${p.family},`,
    `    section: ${str(p.section)},`,
    ...(p.table === undefined ? [] : [`    table: ${p.table},`]),
    `    fields: [`,
    ...p.fields.map((f) => `      ${fieldRow(f)},`),
    `    ],`,
    `  },`,
  ];
  return [
    GENERATED_HEADER,
    '// The Request and Response Payload of every client-to-server operation: family 1 from the',
    '// 1.4 tables (§4, serving KMIP 1.0-1.4), family 2 from the 2.1 tables (§6.1, serving 2.0-2.1).',
    "import type { PayloadTable } from '../model/messages.js';",
    '',
    'export const payloadTables: readonly PayloadTable[] = [',
    ...model.payloads.flatMap(row),
    '];',
    '',
  ].join('\n');
}

export function emitStructureTables(model: MessagesModel): string {
  const row = (s: StructModel): string[] => [
    `  {`,
    `    tag: ${hex(s.tag, 6)},`,
    `    name: ${str(s.name)},`,
    `    xmlName: ${str(s.xmlName)},`,
    `    source: ${str(s.source)},`,
    `    fields: [`,
    ...s.fields.map((f) => `      ${fieldRow(f)},`),
    `    ],`,
    `  },`,
  ];
  return [
    GENERATED_HEADER,
    '// The structures the specs define field by field (objects, attribute structures, base objects),',
    '// the 2.1 table joined with what only 1.4 has.',
    "import type { StructureTable } from '../model/messages.js';",
    '',
    'export const structureTables: readonly StructureTable[] = [',
    ...model.structs.flatMap(row),
    '];',
    '',
  ].join('\n');
}

export function emitAttributeTable(model: MessagesModel): string {
  return [
    GENERATED_HEADER,
    '// Every attribute of KMIP 1.0-2.1 (1.4 §3, 2.1 §4): its name, tag and the type of its value.',
    "import type { AttributeInfo } from '../model/messages.js';",
    '',
    '/** The attributes the specs define, by spec name. */',
    'export type SpecAttributeName =',
    ...model.attributes.map((a) => `  | ${str(a.name)}`),
    ';',
    '/** Custom attributes: x- for clients, y- for servers (1.4 §3.39, 2.1 §4.60). */',
    'export type CustomAttributeName = `x-${string}` | `y-${string}`;',
    'export type AttributeName = SpecAttributeName | CustomAttributeName;',
    '',
    'export const attributeInfos: readonly AttributeInfo[] = [',
    ...model.attributes.map((a) => {
      const parts = [`name: ${str(a.name)}`, `tag: ${hex(a.tag, 6)}`, `type: ${str(a.type)}`];
      if (a.struct !== undefined) parts.push(`struct: ${str(a.struct)}`);
      return `  { ${parts.join(', ')} }, // ${a.source}`;
    }),
    '];',
    '',
  ].join('\n');
}

/** The TypeScript type of a field's value (one value; repetition is added by the caller). */
function valueType(f: FieldModel): string {
  switch (f.kind) {
    case 'Integer':
    case 'Enumeration':
    case 'Interval':
      return 'number';
    case 'LongInteger':
    case 'BigInteger':
    case 'DateTime':
    case 'DateTimeExtended':
      return 'bigint';
    case 'TextString':
      return 'string';
    case 'ByteString':
      return 'Uint8Array';
    case 'Boolean':
      return 'boolean';
    case 'Structure':
      return f.struct ?? 'StructureItem';
    case 'template-attribute':
    case 'attributes':
    case 'attribute-list':
      return 'readonly Attribute[]';
    case 'attribute':
    case 'attribute-container':
      return 'Attribute';
    case 'attribute-name':
    case 'attribute-reference':
      return 'AttributeName';
    case 'object':
      return 'StructureItem';
    case 'any':
      return 'TtlvItem';
  }
}

function fieldType(f: FieldModel): string {
  return f.repeated ? `readonly ${valueType(f)}[]` : valueType(f);
}

interface Property {
  readonly key: string;
  readonly type: string;
  readonly required: boolean;
  readonly doc: string;
}

/** One interface over both families: a property is required when every family requires it. */
function properties(
  tables: readonly { readonly family: number; readonly fields: readonly FieldModel[] }[],
  where: string,
): Property[] {
  const out = new Map<string, Property>();
  for (const t of tables) {
    for (const f of t.fields) {
      const type = fieldType(f);
      const known = out.get(f.key);
      // A structure's own table (family 0) is the same at every version: its doc is the field's name.
      const doc = t.family === 0 ? f.name : `${f.name} (${t.family}.x)`;
      if (f.kind === 'template-attribute' && !out.has(`${f.key}Templates`)) {
        // messages/payloads/field-codec.ts templatesKey(): the template names a 1.x Template-Attribute gives.
        const templates = `The templates this ${f.name} names (1.4 §2.1.8), applied first`;
        out.set(`${f.key}Templates`, {
          key: `${f.key}Templates`,
          type: 'readonly string[]',
          required: false,
          doc: templates,
        });
      }
      if (f.kind === 'attribute' && !out.has(`${f.key}Index`)) {
        // messages/payloads/field-codec.ts indexKey(): the Attribute Index a 1.x Attribute gives.
        const index = `The Attribute Index this ${f.name} gives, when it gives one (1.4 §2.1.1)`;
        out.set(`${f.key}Index`, { key: `${f.key}Index`, type: 'number', required: false, doc: index });
      }
      if (known === undefined) {
        out.set(f.key, { key: f.key, type, required: f.required, doc });
      } else {
        if (known.type !== type)
          throw new Error(`${where}: '${f.key}' is ${known.type} in one family, ${type} in the other`);
        out.set(f.key, { ...known, required: known.required && f.required, doc: `${known.doc}, ${doc}` });
      }
    }
  }
  for (const t of tables) {
    for (const p of out.values()) {
      if (!t.fields.some((f) => f.key === p.key)) out.set(p.key, { ...p, required: false });
    }
  }
  return [...out.values()];
}

function interfaceOf(name: string, doc: string, props: readonly Property[]): string[] {
  if (props.length === 0)
    return [`/** ${doc} (no fields) */`, `export type ${name} = Readonly<Record<string, never>>;`, ''];
  return [
    `/** ${doc} */`,
    `export interface ${name} {`,
    ...props.map((p) => `  /** ${p.doc} */\n  readonly ${p.key}${p.required ? '' : '?'}: ${p.type};`),
    '}',
    '',
  ];
}

export function payloadTypeName(operationXml: string, direction: 'request' | 'response'): string {
  return `${operationXml}${direction === 'request' ? 'Request' : 'Response'}Payload`;
}

export function emitPayloadTypes(model: MessagesModel): string {
  const out: string[] = [
    GENERATED_HEADER,
    '// The typed form of every payload, structure and attribute value. One interface per payload',
    '// covers both protocol families; messages/payloads decides what each version puts on the wire.',
    "import type { StructureItem, TtlvItem } from '../../../ttlv/item.js';",
    "import type { AttributeName, SpecAttributeName } from '../../../spec/generated/attributes.js';",
    "import type { Attribute } from '../../attributes.js';",
    '',
  ];
  for (const s of model.structs) {
    out.push(
      ...interfaceOf(
        s.xmlName,
        `${s.name}: ${s.source}.`,
        properties([{ family: 0, fields: s.fields }], s.name),
      ),
    );
  }
  const ops = new Map<string, PayloadModel[]>();
  for (const p of model.payloads) {
    const k = `${p.operationXml}|${p.direction}`;
    ops.set(k, [...(ops.get(k) ?? []), p]);
  }
  const maps: Record<'request' | 'response', string[]> = { request: [], response: [] };
  for (const list of ops.values()) {
    const first = list[0]!;
    const name = payloadTypeName(first.operationXml, first.direction);
    const source = list
      .map(
        (p) =>
          `${p.family === 1 ? '1.4' : '2.1'} §${p.section}${p.table === undefined ? '' : ` Table ${p.table}`}`,
      )
      .join(', ');
    out.push(
      ...interfaceOf(
        name,
        `${first.operation} ${first.direction === 'request' ? 'Request' : 'Response'} Payload: ${source}.`,
        properties(list, name),
      ),
    );
    maps[first.direction].push(`  ${first.operationXml}: ${name};`);
  }
  out.push(
    '/** The typed structures by XML name. */',
    'export interface Structures {',
    ...model.structs.map((st) => `  ${st.xmlName}: ${st.xmlName};`),
    '}',
    '',
    '/** Request payloads by operation (XML name). */',
    'export interface RequestPayloads {',
    ...maps.request,
    '}',
    '',
    '/** Response payloads by operation (XML name). */',
    'export interface ResponsePayloads {',
    ...maps.response,
    '}',
    '',
    '/** The value each attribute holds. */',
    'export interface AttributeValues {',
    ...model.attributes.map(
      (a) =>
        `  ${str(a.name)}: ${valueType({ key: '', name: a.name, tag: a.tag, kind: a.type, ...(a.struct === undefined ? {} : { struct: a.struct }), required: true, repeated: false })};`,
    ),
    '}',
    '',
    '/** Every spec attribute has a value type here (checked at compile time). */',
    'export type AttributeValueOf<N extends SpecAttributeName> = AttributeValues[N];',
    '/** A typed attribute value; custom attributes hold any item. */',
    'export type AnyAttributeValue<N extends AttributeName> = N extends SpecAttributeName ? AttributeValues[N] : TtlvItem;',
    '',
  );
  return out.join('\n');
}

/** JSON with one line per table row, so Prettier keeps each row on one line. */
export function emitMessagesTranscription(t: MessagesTranscription): string {
  const line = (o: unknown): string => JSON.stringify(o);
  const table = (head: Record<string, unknown>, rows: readonly unknown[]): string =>
    `    {\n      ${line(head).slice(1, -1)},\n      "fields": [\n${rows.map((r) => `        ${line(r)}`).join(',\n')}\n      ]\n    }`;
  return [
    '{',
    `  "source": ${str(t.source)},`,
    `  "version": ${str(t.version)},`,
    '  "attributes": [',
    t.attributes.map((a) => `    ${line(a)}`).join(',\n'),
    '  ],',
    '  "payloads": [',
    t.payloads.map(({ fields, ...head }) => table(head, fields)).join(',\n'),
    '  ],',
    '  "structures": [',
    t.structures.map(({ fields, ...head }) => table(head, fields)).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}
