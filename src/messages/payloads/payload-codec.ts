// A payload codec: one operation's Request or Response Payload between TTLV and its typed form, in
// whichever protocol version the message speaks. The version picks the table (1.x: the 1.4 table,
// 2.x: the 2.1 table); the typed form is the same for both, so a handler never asks which version
// it serves. A field the other family names the same property (a 2.x Attributes in a 1.x request)
// is read too, as earlier servers did; a field the version does not define is never written.
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import type { FieldInfo, PayloadTable } from '../../spec/model/messages.js';
import { enumValueExistsIn, type KmipVersion } from '../../spec/registry.js';
import { operationDisplayName } from '../operation-names.js';
import { invalidField, invalidMessage } from '../kmip-error.js';
import { decodeFields, encodeFields, fieldName } from './field-codec.js';
import { type Direction, familyOf, payloadTable } from './tables.js';

const ATTRIBUTE_LISTS: ReadonlySet<string> = new Set(['attributes', 'template-attribute', 'attribute-list']);

export interface PayloadCodec<T> {
  readonly operation: number;
  readonly direction: Direction;
  /** True when `version` has the operation and its payload (Set Attribute: 2.0 on; Discover Versions: 1.1 on). */
  definedIn(version: KmipVersion): boolean;
  /** The payload received in `version`, typed; a missing required field or a bad one is Invalid Field. */
  decode(payload: StructureItem, version: KmipVersion): T;
  /**
   * What a client makes of any server's answer: no required-field check, and what this registry
   * cannot read (an unknown attribute, an item of the wrong type) is left out rather than failing.
   */
  read(payload: StructureItem, version: KmipVersion): Partial<T>;
  /** The payload's children for `version`. */
  encode(value: T, version: KmipVersion): TtlvItem[];
}

interface Compiled {
  readonly table: PayloadTable;
  /** Fields of the other family that share a property with this one's (read leniently). */
  readonly fallback: ReadonlyMap<number, FieldInfo>;
}

function compile(operation: number, direction: Direction, family: 1 | 2): Compiled | undefined {
  const table = payloadTable(operation, direction, family);
  if (table === undefined) return undefined;
  const other = payloadTable(operation, direction, family === 1 ? 2 : 1);
  const own = new Set(table.fields.map((f) => f.tag));
  const keys = new Set(table.fields.map((f) => f.key));
  const fallback = new Map<number, FieldInfo>();
  for (const f of other?.fields ?? []) if (keys.has(f.key) && !own.has(f.tag)) fallback.set(f.tag, f);
  return { table, fallback };
}

class TableCodec<T> implements PayloadCodec<T> {
  readonly operation: number;
  readonly direction: Direction;
  readonly #families: readonly [Compiled | undefined, Compiled | undefined];
  readonly #what: string;
  readonly #name: string;

  constructor(operation: number, direction: Direction) {
    this.operation = operation;
    this.direction = direction;
    this.#families = [compile(operation, direction, 1), compile(operation, direction, 2)];
    this.#name = operationDisplayName(operation);
    this.#what = `${this.#name} ${direction === 'request' ? 'Request' : 'Response'} Payload`;
  }

  #compiled(version: KmipVersion): Compiled {
    const c = this.#families[familyOf(version) - 1];
    if (c === undefined) throw invalidField(`KMIP ${version} defines no ${this.#what}`);
    return c;
  }

  definedIn(version: KmipVersion): boolean {
    return (
      this.#families[familyOf(version) - 1] !== undefined &&
      enumValueExistsIn('Operation', this.operation, version)
    );
  }

  read(payload: StructureItem, version: KmipVersion): Partial<T> {
    const c = this.#compiled(version);
    return decodeFields(c.table.fields, payload.value, version, c.fallback, true) as Partial<T>;
  }

  decode(payload: StructureItem, version: KmipVersion): T {
    const c = this.#compiled(version);
    const out = decodeFields(c.table.fields, payload.value, version, c.fallback);
    // A later part of a multi-part operation (2.1 §6.1: it carries the Correlation Value) takes
    // what the first part gave from the server's state: its REQUIRED fields were checked then.
    if (out['correlationValue'] !== undefined) return out as T;
    for (const f of c.table.fields) {
      if (f.required !== true || out[f.key] !== undefined) continue;
      // A list left out says what an empty one says (clients do leave out an empty Template-
      // Attribute, or the Query Function of a Query they send to see the server answers).
      if (f.repeated === true || ATTRIBUTE_LISTS.has(f.kind)) out[f.key] = [];
      // 1.4 §11 (Create Key Pair, Get Usage Allocation …): "REQUIRED field(s) missing" is Invalid Message.
      else throw invalidMessage(`${this.#name} needs the ${fieldName(f)}`);
    }
    return out as T;
  }

  encode(value: T, version: KmipVersion): TtlvItem[] {
    return encodeFields(
      this.#compiled(version).table.fields,
      value as Readonly<Record<string, unknown>>,
      version,
      this.#what,
      this.direction === 'response',
    );
  }
}

export function tableCodec<T>(operation: number, direction: Direction): PayloadCodec<T> {
  return new TableCodec<T>(operation, direction);
}
