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
import { ConcurrentUpdateError, SETTING_PREFIX, type Store } from './store.js';
import type { Envelope } from './envelope.js';
import {
  decodeAttributesBlob,
  encodeAttributesBlob,
  objectWithoutBody,
  openBody,
  sealBody,
  stateOf,
} from './object-codec.js';
import {
  INSERT_OBJECT_SQL,
  PostgresLabels,
  REMOVE_OBJECT_SQL,
  UPDATE_OBJECT_SQL,
  columnParams,
  indexParams,
} from './postgres-index.js';
import type { LocateQuery, LocateResult } from './locate-query.js';
import { PostgresLocate } from './postgres-locate.js';
import { ObjectCache } from './object-cache.js';
import { migratePostgres } from './postgres-migrations.js';
import type { SealedRecord, SealedRows } from './export-import.js';
import type { RewrapBatch, RewrappableStore } from './master-key-rotation.js';
import { MasterKeyError } from './master-key.js';
import { postgresObjectLimitOption } from './object-limit.js';
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
  /** Decoded objects kept for get (default DEFAULT_OBJECT_CACHE_SIZE; 0 keeps none). */
  readonly cacheSize?: number;
  /** How long a request waits for a connection before failing (default 10 s; 0 = forever). */
  readonly connectTimeoutMs?: number;
  /** How long one query may take before it fails (default 30 s). */
  readonly queryTimeoutMs?: number;
  /** Errors of idle pooled connections (the pool drops them and reconnects on demand). */
  readonly onIdleError?: (err: Error) => void;
  /** Live objects one owner may hold (max_objects_per_identity); 0 or absent = no limit. */
  readonly maxObjectsPerOwner?: number;
}

const COLUMNS = 'uid, object_type, state, owner, revision, attributes';
/** The row by uid; attributes and body only when (seq, revision) differ from $2, $3. */
const GET_SQL = `SELECT seq, uid, object_type, state, owner, revision,
    CASE WHEN seq = $2 AND revision = $3 THEN NULL ELSE attributes END AS attributes,
    CASE WHEN seq = $2 AND revision = $3 THEN NULL ELSE body END AS body
  FROM objects WHERE uid = $1`;
const KEY_CHECK = 'master-key-check';
const PAGE = 500;

export class PostgresStore implements Store, SealedRows, RewrappableStore, ObservableStore {
  readonly #pool: Pool;
  readonly #envelope: Envelope;
  readonly #labels = new PostgresLabels();
  readonly #cache: ObjectCache;
  readonly #locate: PostgresLocate;
  #closing: Promise<void> | undefined;

  private constructor(pool: Pool, envelope: Envelope, cacheSize: number | undefined) {
    this.#pool = pool;
    this.#envelope = envelope;
    this.#cache = new ObjectCache(cacheSize);
    this.#locate = new PostgresLocate(pool, this.#labels);
  }

  /** Connects, migrates the schema (once across nodes) and checks the master key. */
  static async open(opts: PostgresStoreOptions): Promise<PostgresStore> {
    const config: PoolConfig = {
      connectionString: opts.connectionString,
      max: opts.maxConnections ?? 10,
      // A database that is down fails requests instead of hanging them; keepalive notices a
      // connection that died silently (a failed-over or rebooted database host).
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      // A database that stops answering mid-query (a partition, a frozen host) fails the request
      // rather than holding it forever.
      query_timeout: opts.queryTimeoutMs ?? 30_000,
      keepAlive: true,
      application_name: 'kmip-server',
    };
    const limit = postgresObjectLimitOption(opts.maxObjectsPerOwner);
    if (limit !== undefined) config.options = limit;
    const pool = new Pool(config);
    pool.on('error', (err) => opts.onIdleError?.(err));
    const store = new PostgresStore(pool, opts.envelope, opts.cacheSize);
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
    const ix = await indexParams(this.#pool, this.#labels, obj);
    await this.#pool.query(INSERT_OBJECT_SQL, [
      obj.uid,
      obj.objectType,
      stateOf(obj.attributes),
      obj.owner,
      1,
      encodeAttributesBlob(obj.attributes),
      body,
      ...columnParams(ix),
      ...ix.rows,
    ]);
  }

  /**
   * The object, read in one round trip that returns the attribute and body bytes only when the
   * cached copy's row (seq, revision) is no longer the stored one: several nodes write, so every
   * get asks the database, but a current copy is not decoded and unsealed again.
   */
  async get(uid: string): Promise<ManagedObject | undefined> {
    const hit = this.#cache.get(uid);
    const r = await this.#pool.query<ObjectRow & { seq: string }>({
      name: 'get-object',
      text: GET_SQL,
      values: [uid, hit?.seq ?? 0, hit?.revision ?? 0],
    });
    const row = r.rows[0];
    if (row === undefined) {
      this.#cache.delete(uid);
      return undefined;
    }
    const seq = Number(row.seq);
    if (hit !== undefined && seq === hit.seq && row.revision === hit.revision) return hit.obj;
    const obj = this.#toObject(row, true);
    this.#cache.set(uid, { obj, seq, revision: row.revision, checkedAt: 0 });
    return obj;
  }

  async update(obj: ManagedObject): Promise<void> {
    const body = obj.body === undefined ? null : sealBody(this.#envelope, obj.uid, obj.body);
    const ix = await indexParams(this.#pool, this.#labels, obj);
    const r = await this.#pool.query<{ n: number }>(UPDATE_OBJECT_SQL, [
      stateOf(obj.attributes),
      obj.revision,
      encodeAttributesBlob(obj.attributes),
      body,
      obj.uid,
      obj.revision - 1,
      obj.objectType,
      ...columnParams(ix),
      ...ix.rows,
    ]);
    if (r.rows[0]?.n !== 1) throw new ConcurrentUpdateError(`object ${obj.uid} changed concurrently`);
  }

  async remove(uid: string): Promise<void> {
    await this.#pool.query(REMOVE_OBJECT_SQL, [uid]);
  }

  async locate(q: LocateQuery): Promise<LocateResult> {
    return this.#locate.locate(q);
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

  /** Writes the time into a row of its own: proves the database takes writes again (store-availability.ts). */
  async probe(): Promise<void> {
    await this.#pool.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      ['availability-probe', Buffer.from(new Date().toISOString())],
    );
  }

  /** Seals the master-key check value under the current key (the end of a rotation). */
  async resealKeyCheck(): Promise<void> {
    await this.#pool.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [KEY_CHECK, this.#envelope.seal(Buffer.from('kmip-ts'), KEY_CHECK)],
    );
  }

  async getSetting(key: string): Promise<Uint8Array | undefined> {
    // Every creation asks (operations/support/constraints.ts): a named, prepared statement.
    const r = await this.#pool.query<{ value: Buffer }>({
      name: 'get-setting',
      text: 'SELECT value FROM meta WHERE key = $1',
      values: [SETTING_PREFIX + key],
    });
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
        const ix = await indexParams(
          this.#pool,
          this.#labels,
          objectWithoutBody(rec.uid, rec.objectType, rec.owner, rec.revision, rec.attributes),
        );
        await client
          .query(INSERT_OBJECT_SQL, [
            rec.uid,
            rec.objectType,
            rec.state,
            rec.owner,
            rec.revision,
            rec.attributes,
            rec.body,
            ...columnParams(ix),
            ...ix.rows,
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
