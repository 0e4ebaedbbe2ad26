// PostgreSQL's Locate index (attribute-index.ts), kept in the statement that writes the object:
// the objects-row columns, and the object_attributes rows passed as arrays and unnested. Labels
// are numbered in the labels table by their own statement (committed at once, so an id, once
// seen, is valid on every node forever and can be cached).
import type { Pool, PoolClient } from 'pg';
import type { ManagedObject } from '../objects/managed-object.js';
import { objectWithoutBody } from './object-codec.js';
import {
  filingOf,
  indexRows,
  indexedColumns,
  type IndexRow,
  type IndexedColumns,
} from './attribute-index.js';

type Queryable = Pick<Pool | PoolClient, 'query'>;

const LABEL_CACHE_LIMIT = 10_000;

export class PostgresLabels {
  readonly #cache = new Map<string, number>();

  /** Ids of the labels that exist (unknown ones are absent from the map). */
  async lookup(db: Queryable, texts: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const missing: string[] = [];
    for (const t of texts) {
      const id = this.#cache.get(t);
      if (id !== undefined) out.set(t, id);
      else missing.push(t);
    }
    if (missing.length > 0) {
      const r = await db.query<{ id: number; text: string }>(
        'SELECT id, text FROM labels WHERE text = ANY($1::text[])',
        [missing],
      );
      for (const row of r.rows) this.#remember(out, row.text, row.id);
    }
    return out;
  }

  /** Ids of the labels, numbering new ones (several nodes may number the same label at once). */
  async intern(db: Queryable, texts: readonly string[]): Promise<Map<string, number>> {
    const out = await this.lookup(db, texts);
    for (let attempt = 0; out.size < new Set(texts).size; attempt++) {
      if (attempt > 5) throw new Error('labels could not be numbered');
      const missing = texts.filter((t) => !out.has(t));
      // A label another node is inserting is waited for by ON CONFLICT but may be invisible to
      // this statement's snapshot: the next round sees it.
      const r = await db.query<{ id: number; text: string }>(
        `WITH ins AS (
           INSERT INTO labels (text) SELECT unnest($1::text[]) ON CONFLICT (text) DO NOTHING RETURNING id, text)
         SELECT id, text FROM ins UNION ALL SELECT id, text FROM labels WHERE text = ANY($1::text[])`,
        [missing],
      );
      for (const row of r.rows) this.#remember(out, row.text, row.id);
    }
    return out;
  }

  #remember(out: Map<string, number>, text: string, id: number): void {
    out.set(text, id);
    if (this.#cache.size >= LABEL_CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(text, id);
  }
}

/** The index of one object as statement parameters. */
export interface IndexParams {
  readonly columns: IndexedColumns;
  readonly ownerId: number;
  readonly policyId: number;
  readonly shared: number;
  /** Parallel arrays, one element per index row: name_id, inst, node, parent, key, num, filing. */
  readonly rows: [number[], number[], number[], (number | null)[], Buffer[], (number | null)[], number[]];
}

export async function indexParams(
  db: Queryable,
  labels: PostgresLabels,
  obj: ManagedObject,
): Promise<IndexParams> {
  const columns = indexedColumns(obj);
  const rows: readonly IndexRow[] = indexRows(obj.attributes);
  const ids = await labels.intern(db, [obj.owner, columns.policy, ...new Set(rows.map((r) => r.name))]);
  const id = (t: string): number => {
    const v = ids.get(t);
    if (v === undefined) throw new Error(`label '${t}' has no id`);
    return v;
  };
  return {
    columns,
    ownerId: id(obj.owner),
    policyId: id(columns.policy),
    shared: columns.shared ? 1 : 0,
    rows: [
      rows.map((r) => id(r.name)),
      rows.map((r) => r.inst),
      rows.map((r) => r.node),
      rows.map((r) => r.parent),
      rows.map((r) => r.key),
      rows.map((r) => r.num),
      rows.map((r) => filingOf(r, columns.shared)),
    ],
  };
}

/** objects columns $n..$n+5: owner_id, policy_id, storage, shared, activation, deactivation. */
export function columnParams(p: IndexParams): unknown[] {
  const c = p.columns;
  return [p.ownerId, p.policyId, c.storage, p.shared, c.activation, c.deactivation];
}

/** `FROM unnest(...) AS r(...)` over the row arrays starting at parameter $first. */
export function unnestRows(first: number): string {
  const n = (i: number): number => first + i;
  return `unnest($${n(0)}::int[], $${n(1)}::int[], $${n(2)}::int[], $${n(3)}::int[], $${n(4)}::bytea[], $${n(5)}::bigint[],
    $${n(6)}::int[]) AS r(name_id, inst, node, parent, key, num, filing)`;
}

const ATTRIBUTE_COLUMNS =
  'seq, name_id, inst, node, parent, key, num, owner_id, policy_id, object_type, filing';

/**
 * Inserts a new object and its index rows in one statement. Parameters: uid, object_type, state,
 * owner, revision, attributes, body, the six columns (columnParams), the seven row arrays.
 */
export const INSERT_OBJECT_SQL = `WITH o AS (
    INSERT INTO objects (uid, object_type, state, owner, revision, attributes, body,
      owner_id, policy_id, storage, shared, activation, deactivation)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING seq)
  INSERT INTO object_attributes (${ATTRIBUTE_COLUMNS})
  SELECT o.seq, r.name_id, r.inst, r.node, r.parent, r.key, r.num, $8::int, $9::int, $2::int, r.filing
  FROM o, ${unnestRows(14)}`;

/**
 * Updates an object at the expected revision and brings its index rows up to date: rows no longer
 * there are deleted, new or changed rows upserted, unchanged rows left alone. Parameters: state,
 * revision, attributes, body, uid, expected revision, object_type, the six columns, the seven row
 * arrays. Returns n = 1 when the object was updated.
 */
export const UPDATE_OBJECT_SQL = `WITH u AS (
    UPDATE objects SET state = $1, revision = $2, attributes = $3, body = $4,
      owner_id = $8, policy_id = $9, storage = $10, shared = $11, activation = $12, deactivation = $13
    WHERE uid = $5 AND revision = $6 RETURNING seq),
  r AS (SELECT * FROM ${unnestRows(14)}),
  d AS (DELETE FROM object_attributes a USING u WHERE a.seq = u.seq AND NOT EXISTS (
    SELECT 1 FROM r WHERE r.name_id = a.name_id AND r.inst = a.inst AND r.node = a.node)),
  i AS (INSERT INTO object_attributes AS a (${ATTRIBUTE_COLUMNS})
    SELECT u.seq, r.name_id, r.inst, r.node, r.parent, r.key, r.num, $8::int, $9::int, $7::int, r.filing FROM u, r
    ON CONFLICT (seq, name_id, inst, node) DO UPDATE SET parent = excluded.parent, key = excluded.key,
      num = excluded.num, owner_id = excluded.owner_id, policy_id = excluded.policy_id,
      object_type = excluded.object_type, filing = excluded.filing
    WHERE (a.parent, a.key, a.num, a.owner_id, a.policy_id, a.object_type, a.filing)
      IS DISTINCT FROM (excluded.parent, excluded.key, excluded.num, excluded.owner_id,
        excluded.policy_id, excluded.object_type, excluded.filing))
  SELECT count(*)::int AS n FROM u`;

export const REMOVE_OBJECT_SQL = `WITH d AS (DELETE FROM objects WHERE uid = $1 RETURNING seq)
  DELETE FROM object_attributes a USING d WHERE a.seq = d.seq`;

/** Fills the Locate index of every stored object (schema migration 2), inside its transaction. */
export async function reindexAllPostgres(client: PoolClient): Promise<void> {
  const labels = new PostgresLabels();
  const PAGE = 1000;
  for (let after = '0'; ;) {
    const r = await client.query<{
      seq: string;
      uid: string;
      object_type: number;
      owner: string;
      revision: number;
      attributes: Buffer;
    }>(
      'SELECT seq, uid, object_type, owner, revision, attributes FROM objects WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, PAGE],
    );
    for (const row of r.rows) {
      const obj = objectWithoutBody(row.uid, row.object_type, row.owner, row.revision, row.attributes);
      const p = await indexParams(client, labels, obj);
      await client.query(
        `WITH u AS (UPDATE objects SET owner_id = $2, policy_id = $3, storage = $4, shared = $5,
           activation = $6, deactivation = $7 WHERE seq = $1 RETURNING seq)
         INSERT INTO object_attributes (${ATTRIBUTE_COLUMNS})
         SELECT u.seq, r.name_id, r.inst, r.node, r.parent, r.key, r.num, $2::int, $3::int, $8::int, r.filing FROM u, ${unnestRows(9)}`,
        [row.seq, ...columnParams(p), row.object_type, ...p.rows],
      );
      after = row.seq;
    }
    if (r.rows.length < PAGE) return;
  }
}
