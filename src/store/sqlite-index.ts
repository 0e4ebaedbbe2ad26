// Keeping SQLite's Locate index (attribute-index.ts) in step with the objects: the objects-row
// columns and the object_attributes rows are written in the transaction that writes the object.
// Labels (attribute names, owners, policies) are numbered in the labels table; an id, once
// committed, never changes, so ids are cached (bounded) without any coherence question.
import type Database from 'better-sqlite3';
import type { ManagedObject } from '../objects/managed-object.js';
import {
  filingOf,
  indexRows,
  indexedColumns,
  type IndexRow,
  type IndexedColumns,
} from './attribute-index.js';

/** What a write indexes, computed before the write transaction (CPU work outside the lock). */
export interface IndexedObject {
  readonly columns: IndexedColumns;
  readonly rows: readonly IndexRow[];
  /** Every label the write needs: owner, policy, attribute names. */
  readonly labels: readonly string[];
}

export function indexObject(obj: ManagedObject): IndexedObject {
  const columns = indexedColumns(obj);
  const rows = indexRows(obj.attributes);
  const labels = new Set([obj.owner, columns.policy]);
  for (const r of rows) labels.add(r.name);
  return { columns, rows, labels: [...labels] };
}

const LABEL_CACHE_LIMIT = 10_000;
const ROWS_PER_INSERT = 32;
const ROW_COLUMNS = 'seq, name_id, inst, node, parent, key, num, owner_id, policy_id, object_type, filing';
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

export class SqliteLabels {
  readonly #cache = new Map<string, number>();
  readonly #select: Database.Statement<[string], { id: number }>;
  readonly #insert: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#select = db.prepare('SELECT id FROM labels WHERE text = ?');
    this.#insert = db.prepare('INSERT INTO labels (text) VALUES (?) ON CONFLICT (text) DO NOTHING');
  }

  /** The label's id, or undefined when no object ever used it. */
  lookup(text: string): number | undefined {
    const hit = this.#cache.get(text);
    if (hit !== undefined) return hit;
    const id = this.#select.get(text)?.id;
    if (id !== undefined) this.#remember(text, id);
    return id;
  }

  /** The label's id, numbering it if new. Inside a write transaction (see forgetUncommitted). */
  intern(text: string): number {
    const known = this.lookup(text);
    if (known !== undefined) return known;
    this.#insert.run(text);
    const id = this.#select.get(text)?.id;
    if (id === undefined) throw new Error(`label '${text}' was not stored`);
    this.#remember(text, id);
    return id;
  }

  /** After a rolled-back transaction: ids it numbered were never stored. */
  forgetUncommitted(): void {
    this.#cache.clear();
  }

  #remember(text: string, id: number): void {
    if (this.#cache.size >= LABEL_CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(text, id);
  }
}

interface StoredRow {
  name_id: number;
  inst: number;
  node: number;
  parent: number | null;
  key: Buffer;
  num: number | null;
  owner_id: number;
  policy_id: number;
  object_type: number;
  filing: number;
}

type RowValues = [
  number,
  number,
  number,
  number,
  number | null,
  Buffer,
  number | null,
  number,
  number,
  number,
  number,
];

export class SqliteIndex {
  readonly labels: SqliteLabels;
  readonly #upsertRow: Database.Statement<RowValues>;
  readonly #rowsOf: Database.Statement<[number], StoredRow>;
  readonly #deleteRow: Database.Statement<[number, number, number, number]>;
  readonly #deleteAll: Database.Statement<[number]>;
  readonly #setColumns: Database.Statement<
    [number, number, number, number, bigint | null, bigint | null, number]
  >;
  readonly #multiInsert = new Map<number, Database.Statement<unknown[]>>();
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    this.labels = new SqliteLabels(db);
    const insert = `INSERT INTO object_attributes
      (${ROW_COLUMNS}) VALUES ${ROW_PLACEHOLDERS}`;

    this.#upsertRow = db.prepare(
      `${insert} ON CONFLICT (seq, name_id, inst, node) DO UPDATE SET parent = excluded.parent,
       key = excluded.key, num = excluded.num, owner_id = excluded.owner_id,
       policy_id = excluded.policy_id, object_type = excluded.object_type, filing = excluded.filing`,
    );
    this.#rowsOf = db.prepare(
      'SELECT name_id, inst, node, parent, key, num, owner_id, policy_id, object_type, filing FROM object_attributes WHERE seq = ?',
    );
    this.#deleteRow = db.prepare(
      'DELETE FROM object_attributes WHERE seq = ? AND name_id = ? AND inst = ? AND node = ?',
    );
    this.#deleteAll = db.prepare('DELETE FROM object_attributes WHERE seq = ?');
    this.#setColumns = db.prepare(
      'UPDATE objects SET owner_id = ?, policy_id = ?, storage = ?, shared = ?, activation = ?, deactivation = ? WHERE seq = ?',
    );
  }

  /** Numbers the labels of pending writes (outside their savepoints: ids must not roll back alone). */
  internAll(labels: Iterable<string>): void {
    for (const l of labels) this.labels.intern(l);
  }

  #values(seq: number, obj: ManagedObject, ix: IndexedObject, r: IndexRow): RowValues {
    const owner = this.labels.intern(obj.owner);
    const policy = this.labels.intern(ix.columns.policy);
    const filing = filingOf(r, ix.columns.shared);
    return [
      seq,
      this.labels.intern(r.name),
      r.inst,
      r.node,
      r.parent,
      r.key,
      r.num,
      owner,
      policy,
      obj.objectType,
      filing,
    ];
  }

  /** The objects-row columns: owner_id, policy_id, storage, shared, activation, deactivation. */
  columnValues(
    obj: ManagedObject,
    ix: IndexedObject,
  ): [number, number, number, number, bigint | null, bigint | null] {
    const c = ix.columns;
    return [
      this.labels.intern(obj.owner),
      this.labels.intern(c.policy),
      c.storage,
      c.shared ? 1 : 0,
      c.activation,
      c.deactivation,
    ];
  }

  /** Index rows of a new object, in statements of up to ROWS_PER_INSERT rows. */
  insert(seq: number, obj: ManagedObject, ix: IndexedObject): void {
    for (let i = 0; i < ix.rows.length; i += ROWS_PER_INSERT) {
      const rows = ix.rows.slice(i, i + ROWS_PER_INSERT);
      const values: unknown[] = [];
      for (const r of rows) values.push(...this.#values(seq, obj, ix, r));
      this.#insertRows(rows.length).run(...values);
    }
  }

  #insertRows(n: number): Database.Statement<unknown[]> {
    let st = this.#multiInsert.get(n);
    if (st === undefined) {
      st = this.#db.prepare(
        `INSERT INTO object_attributes (${ROW_COLUMNS}) VALUES ${Array.from({ length: n }, () => ROW_PLACEHOLDERS).join(', ')}`,
      );
      this.#multiInsert.set(n, st);
    }
    return st;
  }

  /** Indexes an object stored before the index existed: its columns, then its rows. */
  reindex(seq: number, obj: ManagedObject, ix: IndexedObject): void {
    this.#setColumns.run(...this.columnValues(obj, ix), seq);
    this.insert(seq, obj, ix);
  }

  /** Brings an updated object's columns and rows up to date, touching only what changed. */
  update(seq: number, obj: ManagedObject, ix: IndexedObject): void {
    this.#setColumns.run(...this.columnValues(obj, ix), seq);
    const stored = new Map<string, StoredRow>();
    for (const r of this.#rowsOf.all(seq)) stored.set(`${r.name_id}/${r.inst}/${r.node}`, r);
    for (const r of ix.rows) {
      const v = this.#values(seq, obj, ix, r);
      const id = `${v[1]}/${v[2]}/${v[3]}`;
      const old = stored.get(id);
      stored.delete(id);
      if (old !== undefined && sameRow(old, v)) continue;
      this.#upsertRow.run(...v);
    }
    for (const old of stored.values()) this.#deleteRow.run(seq, old.name_id, old.inst, old.node);
  }

  remove(seq: number): void {
    this.#deleteAll.run(seq);
  }
}

function sameRow(a: StoredRow, v: RowValues): boolean {
  return (
    a.parent === v[4] &&
    a.key.equals(v[5]) &&
    a.num === v[6] &&
    a.owner_id === v[7] &&
    a.policy_id === v[8] &&
    a.object_type === v[9] &&
    a.filing === v[10]
  );
}
