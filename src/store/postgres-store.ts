// The PostgreSQL backend (node-postgres Pool), for several kmip-server nodes sharing one database.
// Same rows and bytes as SQLite (object-codec.ts): attributes as TTLV, bodies sealed under the
// master key, a names table for Locate by name, a BIGSERIAL seq for created order.
//
// Concurrency: every write is one statement (data-modifying CTEs), hence one transaction at READ
// COMMITTED. `update` is `UPDATE ... WHERE uid = $ AND revision = $`: a second writer of the same
// row waits for the first to commit, then PostgreSQL re-checks the WHERE clause against the new
// row version, finds the revision moved on and updates nothing, which we report as
// ConcurrentUpdateError. So two nodes racing (ModifyAttribute vs Revoke vs Destroy) never lose an
// acknowledged update: one wins, the other fails and the client retries.
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { ManagedObject } from '../objects/managed-object.js';
import { ConcurrentUpdateError, SETTING_PREFIX, type ObjectFilter, type Store } from './store.js';
import type { Envelope } from './envelope.js';
import {
  decodeAttributesBlob,
  encodeAttributesBlob,
  namesOf,
  openBody,
  sealBody,
  stateOf,
} from './object-codec.js';
import { migratePostgres } from './postgres-migrations.js';
import type { SealedRecord, SealedRows } from './export-import.js';
import type { RewrapBatch, RewrappableStore } from './master-key-rotation.js';
import { MasterKeyError } from './master-key.js';
import {
  COUNT_OBJECTS_SQL,
  objectCountOf,
  type ObjectCount,
  type ObjectCountRow,
  type ObservableStore,
} from './store-health.js';

interface ObjectRow {
  uid: string;
  object_type: number;
  state: number | null;
  owner: string;
  revision: number;
  attributes: Buffer;
  body: Buffer | null;
}

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database?sslmode=… (libpq-style URL, as `pg` reads it). */
  readonly connectionString: string;
  readonly envelope: Envelope;
  /** Pool size (default 10). */
  readonly maxConnections?: number;
  /** How long a request waits for a connection before failing (default 10 s; 0 = forever). */
  readonly connectTimeoutMs?: number;
  /** Errors of idle pooled connections (the pool drops them and reconnects on demand). */
  readonly onIdleError?: (err: Error) => void;
}

const COLUMNS = 'uid, object_type, state, owner, revision, attributes';
const INSERT_SQL = `WITH o AS (
    INSERT INTO objects (uid, object_type, state, owner, revision, attributes, body)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING uid)
  INSERT INTO object_names (uid, name) SELECT o.uid, n FROM o, unnest($8::text[]) AS n`;
const UPDATE_SQL = `WITH u AS (
    UPDATE objects SET state = $1, revision = $2, attributes = $3, body = $4
    WHERE uid = $5 AND revision = $6 RETURNING uid),
  d AS (DELETE FROM object_names WHERE uid IN (SELECT uid FROM u)),
  i AS (INSERT INTO object_names (uid, name) SELECT u.uid, n FROM u, unnest($7::text[]) AS n)
  SELECT count(*)::int AS n FROM u`;
const KEY_CHECK = 'master-key-check';
const PAGE = 500;

export class PostgresStore implements Store, SealedRows, RewrappableStore, ObservableStore {
  readonly #pool: Pool;
  readonly #envelope: Envelope;
  #closing: Promise<void> | undefined;

  private constructor(pool: Pool, envelope: Envelope) {
    this.#pool = pool;
    this.#envelope = envelope;
  }

  /** Connects, migrates the schema (once across nodes) and checks the master key. */
  static async open(opts: PostgresStoreOptions): Promise<PostgresStore> {
    const config: PoolConfig = {
      connectionString: opts.connectionString,
      max: opts.maxConnections ?? 10,
      // A database that is down fails requests instead of hanging them; keepalive notices a
      // connection that died silently (a failed-over or rebooted database host).
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      keepAlive: true,
      application_name: 'kmip-server',
    };
    const pool = new Pool(config);
    pool.on('error', (err) => opts.onIdleError?.(err));
    const store = new PostgresStore(pool, opts.envelope);
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client);
        await checkMasterKey(client, opts.envelope);
      } finally {
        client.release();
      }
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  async insert(obj: ManagedObject): Promise<void> {
    const body = obj.body === undefined ? null : sealBody(this.#envelope, obj.uid, obj.body);
    await this.#pool.query(INSERT_SQL, [
      obj.uid,
      obj.objectType,
      stateOf(obj.attributes),
      obj.owner,
      1,
      encodeAttributesBlob(obj.attributes),
      body,
      namesOf(obj.attributes),
    ]);
  }

  async get(uid: string): Promise<ManagedObject | undefined> {
    const r = await this.#pool.query<ObjectRow>(`SELECT ${COLUMNS}, body FROM objects WHERE uid = $1`, [uid]);
    const row = r.rows[0];
    return row === undefined ? undefined : this.#toObject(row, true);
  }

  async update(obj: ManagedObject): Promise<void> {
    const body = obj.body === undefined ? null : sealBody(this.#envelope, obj.uid, obj.body);
    const r = await this.#pool.query<{ n: number }>(UPDATE_SQL, [
      stateOf(obj.attributes),
      obj.revision,
      encodeAttributesBlob(obj.attributes),
      body,
      obj.uid,
      obj.revision - 1,
      namesOf(obj.attributes),
    ]);
    if (r.rows[0]?.n !== 1) throw new ConcurrentUpdateError(`object ${obj.uid} changed concurrently`);
  }

  async remove(uid: string): Promise<void> {
    // object_names rows go with it (ON DELETE CASCADE).
    await this.#pool.query('DELETE FROM objects WHERE uid = $1', [uid]);
  }

  async find(filter: ObjectFilter): Promise<ManagedObject[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const anyOf = (column: string, values: readonly (string | number)[], type: string): void => {
      args.push(values);
      where.push(`${column} = ANY($${args.length}::${type}[])`);
    };
    if (filter.owners !== undefined) anyOf('owner', filter.owners, 'text');
    if (filter.objectTypes !== undefined) anyOf('object_type', filter.objectTypes, 'int');
    if (filter.states !== undefined) anyOf('state', filter.states, 'int');
    if (filter.uids !== undefined) anyOf('uid', filter.uids, 'text');
    if (filter.name !== undefined) {
      args.push(filter.name);
      where.push(`uid IN (SELECT uid FROM object_names WHERE name = $${args.length})`);
    }
    const sql = `SELECT ${COLUMNS}, NULL::bytea AS body FROM objects${
      where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''
    } ORDER BY seq`;
    const r = await this.#pool.query<ObjectRow>(sql, args);
    return r.rows.map((row) => this.#toObject(row, false));
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async countObjects(): Promise<ObjectCount[]> {
    const r = await this.#pool.query<ObjectCountRow>(COUNT_OBJECTS_SQL);
    return r.rows.map(objectCountOf);
  }

  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }

  /**
   * Master key rotation, one batch (master-key-rotation.ts): re-wraps the bodies after `afterSeq`
   * not sealed under the current key, each only if unchanged since read, so several nodes may
   * rotate at once and a concurrent update is never overwritten.
   */
  async rewrapStale(afterSeq: number, limit: number): Promise<RewrapBatch> {
    const prefix = this.#envelope.currentKeyPrefix();
    const r = await this.#pool.query<{ seq: string; uid: string; body: Buffer }>(
      `SELECT seq, uid, body FROM objects WHERE seq > $1 AND body IS NOT NULL
         AND substring(body FROM 2 FOR $2) <> $3 ORDER BY seq LIMIT $4`,
      [afterSeq, prefix.length, prefix, limit],
    );
    const out = { lastSeq: afterSeq, scanned: 0, rewrapped: 0, failed: [] as string[] };
    for (const row of r.rows) {
      out.lastSeq = Number(row.seq);
      out.scanned++;
      try {
        const u = await this.#pool.query('UPDATE objects SET body = $1 WHERE uid = $2 AND body = $3', [
          this.#envelope.rewrap(row.body, row.uid),
          row.uid,
          row.body,
        ]);
        out.rewrapped += u.rowCount ?? 0;
      } catch (e) {
        out.failed.push(`${row.uid}: ${(e as Error).message}`);
      }
    }
    return out;
  }

  /** How many bodies are not sealed under the envelope's current key. */
  async countStale(): Promise<number> {
    const prefix = this.#envelope.currentKeyPrefix();
    const r = await this.#pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM objects WHERE body IS NOT NULL AND substring(body FROM 2 FOR $1) <> $2',
      [prefix.length, prefix],
    );
    return r.rows[0]?.n ?? 0;
  }

  /** Seals the master-key check value under the current key (the end of a rotation). */
  async resealKeyCheck(): Promise<void> {
    await this.#pool.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [KEY_CHECK, this.#envelope.seal(Buffer.from('kmip-ts'), KEY_CHECK)],
    );
  }

  async getSetting(key: string): Promise<Uint8Array | undefined> {
    const r = await this.#pool.query<{ value: Buffer }>('SELECT value FROM meta WHERE key = $1', [
      SETTING_PREFIX + key,
    ]);
    return r.rows[0]?.value;
  }

  async putSetting(key: string, value: Uint8Array): Promise<void> {
    await this.#pool.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [SETTING_PREFIX + key, Buffer.from(value)],
    );
  }

  async keyCheck(): Promise<Buffer | undefined> {
    const r = await this.#pool.query<{ value: Buffer }>('SELECT value FROM meta WHERE key = $1', [KEY_CHECK]);
    return r.rows[0]?.value;
  }

  /** Every object in created order from one REPEATABLE READ snapshot, pages of 500 rows. */
  async *sealedRecords(): AsyncGenerator<SealedRecord> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      let after = '0';
      for (;;) {
        const r = await client.query<ObjectRow & { seq: string }>(
          `SELECT seq, ${COLUMNS}, body FROM objects WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
          [after],
        );
        for (const row of r.rows) yield toRecord(row);
        const last = r.rows[r.rows.length - 1];
        if (last === undefined || r.rows.length < PAGE) break;
        after = last.seq;
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  /** Inserts the records unchanged in one transaction; any existing uid rolls all back. */
  async insertSealed(records: AsyncIterable<SealedRecord>): Promise<number> {
    const client = await this.#pool.connect();
    let n = 0;
    try {
      await client.query('BEGIN');
      for await (const rec of records) {
        await client
          .query(INSERT_SQL, [
            rec.uid,
            rec.objectType,
            rec.state,
            rec.owner,
            rec.revision,
            rec.attributes,
            rec.body,
            namesOf(decodeAttributesBlob(rec.attributes)),
          ])
          .catch((e: unknown) => {
            // 23505: unique_violation.
            if ((e as { code?: unknown }).code !== '23505') throw e;
            throw new Error(`object ${rec.uid} already exists in this database; nothing was imported`);
          });
        n++;
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    return n;
  }

  #toObject(row: ObjectRow, withBody: boolean): ManagedObject {
    return {
      uid: row.uid,
      objectType: row.object_type,
      owner: row.owner,
      revision: row.revision,
      attributes: decodeAttributesBlob(row.attributes),
      body: withBody && row.body !== null ? openBody(this.#envelope, row.uid, row.body) : undefined,
    };
  }
}

function toRecord(row: ObjectRow): SealedRecord {
  return {
    uid: row.uid,
    objectType: row.object_type,
    state: row.state,
    owner: row.owner,
    revision: row.revision,
    attributes: row.attributes,
    body: row.body,
  };
}

/** Refuses a master key that cannot open what the database was written with. */
async function checkMasterKey(client: PoolClient, envelope: Envelope): Promise<void> {
  // Nodes starting together race to write the first check value; the first insert wins and
  // everyone (the winner included) then verifies the stored one.
  await client.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    KEY_CHECK,
    envelope.seal(Buffer.from('kmip-ts'), KEY_CHECK),
  ]);
  const r = await client.query<{ value: Buffer }>('SELECT value FROM meta WHERE key = $1', [KEY_CHECK]);
  const stored = r.rows[0]?.value;
  try {
    if (stored === undefined) throw new Error('no key check');
    envelope.open(stored, KEY_CHECK);
  } catch {
    throw new MasterKeyError(
      `the master key does not match this database (its key check does not open with key ${envelope.keyIds.join(', ')})`,
    );
  }
}
