// What a store indexes of an object for Locate (KMIP 2.1 §6.1.28, 1.4 §4.9): a few columns of the
// objects row (state, storage status, policy, activation and deactivation dates) and one row per
// node of every other attribute value in the object_attributes table. A node is an attribute
// instance's value or a field of it at any depth; `node` numbers them in pre-order (the value
// itself is 0) and `parent` names the enclosing structure, so a structure criterion matches the
// fields of one instance, as KMIP asks. `key` holds the node's tag, type and value in bytes that
// compare equal exactly when the values are equal, and in numeric order for numbers and dates.
// Rows whose values can drive a Locate (seekable: identifying values and dates) are also filed in
// a value index, keyed by owner for objects only their owner may see, by policy for the others.
import { createHash } from 'node:crypto';
import type { TtlvItem } from '../ttlv/item.js';
import { ItemType } from '../ttlv/item.js';
import { ObjectType, State, StorageStatusMask } from '../spec/generated/enums.js';
import { isCustomName, type Attribute } from '../messages/attributes.js';
import type { ManagedObject } from '../objects/managed-object.js';

/** Attributes answered from objects columns rather than index rows (uid, object_type, state). */
export const COLUMN_ATTRIBUTES: ReadonlySet<string> = new Set(['Unique Identifier', 'Object Type', 'State']);

/** The policy of an object that names none (PyKMIP: `default`). */
export const DEFAULT_POLICY = 'default';

/**
 * Object types the built-in `default` policy lets anyone locate (PyKMIP: certificates and public
 * keys). Every other type under `default` is visible to its owner alone, so its index rows go to
 * the owner-keyed index only; a test holds this list to the policy table.
 */
export const DEFAULT_POLICY_SHARED_TYPES: readonly number[] = Object.freeze([
  ObjectType.Certificate,
  ObjectType.PublicKey,
]);

/** Which value index a row is in: none, the owner-keyed one, or the policy-keyed one. */
export const Filing = Object.freeze({ None: 0, Private: 1, Shared: 2 } as const);
export type Filing = (typeof Filing)[keyof typeof Filing];

const SEEKABLE_TYPES: ReadonlySet<TtlvItem['type']> = new Set([
  'TextString',
  'ByteString',
  'BigInteger',
  'DateTime',
  'DateTimeExtended',
]);

/**
 * Whether a leaf value is worth a value-index entry: every leaf of a custom attribute, and the
 * identifying values (text, bytes, big integers) and dates of standard ones. Booleans,
 * enumerations and small numbers of standard attributes (and the policy name, a column) are
 * tested on the candidates instead: they select little, and each entry costs every write.
 */
export function isSeekable(attributeName: string, item: TtlvItem): boolean {
  if (item.type === 'Structure' || attributeName === 'Operation Policy Name') return false;
  return isCustomName(attributeName) || SEEKABLE_TYPES.has(item.type);
}

export interface IndexRow {
  readonly name: string;
  /** The instance: the n-th attribute of this name in the object, from 0. */
  readonly inst: number;
  readonly node: number;
  /** The enclosing structure's node; null for the instance's value itself. */
  readonly parent: number | null;
  readonly key: Buffer;
  /** Integer values, for usage-mask bit tests; null otherwise. */
  readonly num: number | null;
  readonly seekable: boolean;
}

export interface IndexedColumns {
  readonly state: number | null;
  /** One Storage Status Mask bit: on-line, archival or destroyed. */
  readonly storage: number;
  readonly policy: string;
  /** Whether the object may be visible to identities other than its owner. */
  readonly shared: boolean;
  readonly activation: bigint | null;
  readonly deactivation: bigint | null;
}

/** Values longer than this are keyed by their SHA-256 (index entries stay small). */
const MAX_INLINE = 64;
const HASHED = 0x80;

function numeric(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  // Flip the sign bit so that unsigned byte order is signed numeric order.
  b.writeBigUInt64BE(BigInt.asUintN(64, n) ^ 0x8000000000000000n);
  return b;
}

function payload(item: TtlvItem): Buffer {
  switch (item.type) {
    case 'Structure':
      return Buffer.alloc(0);
    case 'Integer':
    case 'Enumeration':
    case 'Interval':
      return numeric(BigInt(item.value));
    case 'Boolean':
      return numeric(item.value ? 1n : 0n);
    case 'LongInteger':
    case 'DateTime':
    case 'DateTimeExtended':
      return numeric(item.value);
    case 'BigInteger':
      return Buffer.from(item.value.toString(16));
    case 'TextString':
      return Buffer.from(item.value, 'utf8');
    case 'ByteString':
      return Buffer.from(item.value.buffer, item.value.byteOffset, item.value.byteLength);
  }
}

/**
 * The key of a node: tag (0 for an instance's own value, whose tag KMIP does not compare), type,
 * value. Keys of equal values are equal; numbers of one tag and type sort numerically.
 */
export function nodeKey(tag: number, item: TtlvItem): Buffer {
  const value = payload(item);
  const head = Buffer.alloc(4);
  head.writeUIntBE(tag, 0, 3);
  head[3] = ItemType[item.type];
  if (value.length <= MAX_INLINE) return Buffer.concat([head, value]);
  head[3] = ItemType[item.type] | HASHED;
  return Buffer.concat([head, createHash('sha256').update(value).digest()]);
}

/** The largest key of a number with this tag and type (the top of an "at least" range). */
export function maxNumericKey(tag: number, type: TtlvItem['type']): Buffer {
  const head = Buffer.alloc(4);
  head.writeUIntBE(tag, 0, 3);
  head[3] = ItemType[type];
  return Buffer.concat([head, Buffer.alloc(8, 0xff)]);
}

function addNodes(out: IndexRow[], name: string, inst: number, item: TtlvItem, parent: number | null): void {
  const node = out.length;
  out.push({
    name,
    inst,
    node,
    parent,
    key: nodeKey(parent === null ? 0 : item.tag, item),
    num: item.type === 'Integer' ? item.value : null,
    seekable: isSeekable(name, item),
  });
  if (item.type === 'Structure') for (const child of item.value) addNodes(out, name, inst, child, node);
}

/** The index rows of an object's attributes (those not answered from columns). */
export function indexRows(attributes: readonly Attribute[]): IndexRow[] {
  const rows: IndexRow[] = [];
  const seen = new Map<string, number>();
  for (const a of attributes) {
    if (COLUMN_ATTRIBUTES.has(a.name)) continue;
    const inst = seen.get(a.name) ?? 0;
    seen.set(a.name, inst + 1);
    const nodes: IndexRow[] = [];
    addNodes(nodes, a.name, inst, a.value, null);
    for (const n of nodes) rows.push(n);
  }
  return rows;
}

/** The value index a row goes to, for an object shared or not. */
export function filingOf(row: IndexRow, shared: boolean): Filing {
  return !row.seekable ? Filing.None : shared ? Filing.Shared : Filing.Private;
}

function first(attributes: readonly Attribute[], name: string): TtlvItem | undefined {
  for (const a of attributes) if (a.name === name) return a.value;
  return undefined;
}

function date(attributes: readonly Attribute[], name: string): bigint | null {
  const v = first(attributes, name);
  return v?.type === 'DateTime' ? v.value : null;
}

/** The objects-row columns Locate filters on, as the engine's lifecycle reads them. */
export function indexedColumns(obj: ManagedObject): IndexedColumns {
  const s = first(obj.attributes, 'State');
  const state = s?.type === 'Enumeration' ? s.value : null;
  const destroyed = state === State.Destroyed || state === State.DestroyedCompromised;
  const archived = first(obj.attributes, 'Archive Date') !== undefined;
  const p = first(obj.attributes, 'Operation Policy Name');
  const policy = p?.type === 'TextString' ? p.value : DEFAULT_POLICY;
  return {
    state,
    storage: destroyed
      ? StorageStatusMask.DestroyedStorage
      : archived
        ? StorageStatusMask.ArchivalStorage
        : StorageStatusMask.OnLineStorage,
    policy,
    shared: policy !== DEFAULT_POLICY || DEFAULT_POLICY_SHARED_TYPES.includes(obj.objectType),
    activation: date(obj.attributes, 'Activation Date'),
    deactivation: date(obj.attributes, 'Deactivation Date'),
  };
}
