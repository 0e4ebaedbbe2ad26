// The embedded SQLite backend (better-sqlite3, WAL). Writes are synchronous on the event loop and
// committed with synchronous=FULL before the promise resolves, so an acknowledged object survives
// a crash. Schema changes go through numbered migrations recorded in PRAGMA user_version.
import Database from 'better-sqlite3';
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
import { checkMasterKey, keyCheckValue, migrateSqlite, setKeyCheck } from './sqlite-schema.js';
import { SqliteIndex, indexObject } from './sqlite-index.js';
import type { LocateQuery, LocateResult } from './locate-query.js';
import { SqliteLocate } from './sqlite-locate.js';
import { ObjectCache } from './object-cache.js';
import type { SealedRecord, SealedRows } from './export-import.js';
import type { RewrapBatch } from './master-key-rotation.js';
import { limitSqliteObjects } from './object-limit.js';
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
  owner: string;
  revision: number;
  attributes: Buffer;
  body: Buffer | null;
}

export interface SqliteStoreOptions {
  readonly path: string;
  readonly envelope: Envelope;
  /** FULL (default) survives power loss; NORMAL survives a process crash only. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Decoded objects kept for get (default DEFAULT_OBJECT_CACHE_SIZE; 0 keeps none). */
  readonly cacheSize?: number;
  /** Live objects one owner may hold (max_objects_per_identity); 0 or absent = no limit. */
  readonly maxObjectsPerOwner?: number;
}

export class SqliteStore implements Store, SealedRows, ObservableStore {
  readonly #db: Database.Database;
  readonly #envelope: Envelope;
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement<[string], ObjectRow & { seq: number }>;
  readonly #getSetting: Database.Statement<[string], { value: Buffer }>;
  readonly #stamp: Database.Statement<[string], { seq: number; revision: number }>;
  readonly #dataVersion: Database.Statement<[], number>;
  readonly #cache: ObjectCache;
  readonly #update: Database.Statement<unknown[], { seq: number }>;
  readonly #remove: Database.Statement<[string], { seq: number }>;
  readonly #index: SqliteIndex;
  readonly #locate: SqliteLocate;
  readonly #pending: PendingWrite[] = [];
  /** The group commit's transaction and each write's savepoint, made once (not per commit). */
  readonly #runBatch: Database.Transaction<
    (batch: readonly PendingWrite[], outcomes: (Error | undefined)[]) => void
  >;
  readonly #savepoint: Database.Transaction<(op: () => void) => void>;
  /** busy_timeout off for the commit and back on after, prepared once (two per commit). */
  readonly #noBusyWait: Database.Statement<[]>;
  readonly #busyWait: Database.Statement<[]>;
  /** When the current batch first found the write lock taken. */
  #busySince: number | undefined;

  constructor(opts: SqliteStoreOptions) {
    this.#db = new Database(opts.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
    this.#db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.#db.pragma('foreign_keys = ON');
    // Reads dominate (Get, GetAttributes, Locate): map the file and keep a 64 MiB page cache.
    this.#db.pragma('mmap_size = 268435456');
    this.#db.pragma('cache_size = -65536');
    // Each write of a group commit runs in its own savepoint (#flush). SQLite journals the pages a
    // savepoint changes in a statement journal, which by default spills to a temporary file past
    // 64 KiB and is then rewritten from its start for every savepoint, never truncated until the
    // commit: measured under load, 118 KiB of file writes per Create at 10k objects and 127 KiB at
    // 1M, against 43 and 49 KiB with it in memory (bench/RESULTS.md). Kept in memory, it is
    // emptied as each savepoint is released, so it holds one write's pages at most.
    this.#db.pragma('temp_store = MEMORY');
    migrateSqlite(this.#db);
    this.#envelope = opts.envelope;
    checkMasterKey(this.#db, opts.envelope);
    limitSqliteObjects(this.#db, opts.maxObjectsPerOwner ?? 0);
    this.#index = new SqliteIndex(this.#db);
    this.#locate = new SqliteLocate(this.#db, this.#index.labels);
    this.#insert = this.#db.prepare(INSERT_SQL);
    // Every creation reads the caller's Constraints (operations/support/constraints.ts).
    this.#getSetting = this.#db.prepare('SELECT value FROM meta WHERE key = ?');
    this.#get = this.#db.prepare(
      'SELECT seq, uid, object_type, owner, revision, attributes, body FROM objects WHERE uid = ?',
    );
    this.#stamp = this.#db.prepare('SELECT seq, revision FROM objects WHERE uid = ?');
    this.#dataVersion = this.#db.prepare<[], number>('PRAGMA data_version').pluck();
    this.#cache = new ObjectCache(opts.cacheSize);
    this.#update = this.#db.prepare(
      'UPDATE objects SET state = ?, revision = ?, attributes = ?, body = ? WHERE uid = ? AND revision = ? RETURNING seq',
    );
    this.#remove = this.#db.prepare('DELETE FROM objects WHERE uid = ? RETURNING seq');
    this.#noBusyWait = this.#db.prepare('PRAGMA busy_timeout = 0');
    this.#busyWait = this.#db.prepare(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.#savepoint = this.#db.transaction((op: () => void) => op());
    this.#runBatch = this.#db.transaction((batch: readonly PendingWrite[], outcomes: (Error | undefined)[]) =>
      this.#commitBatch(batch, outcomes),
    );
  }

  async insert(obj: ManagedObject): Promise<void> {
    const body = obj.body === undefined ? null : sealBody(this.#envelope, obj.uid, obj.body);
    const ix = indexObject(obj);
    const attributes = encodeAttributesBlob(obj.attributes);
    return this.#write(obj.uid, ix.labels, () => {
      const r = this.#insert.run(
        obj.uid,
        obj.objectType,
        stateOf(obj.attributes),
        obj.owner,
        1,
        attributes,
        body,
        ...this.#index.columnValues(obj, ix),
      );
      this.#index.insert(Number(r.lastInsertRowid), obj, ix);
    });
  }

  /**
   * The object, from the cache while it is current: PRAGMA data_version changes whenever another
   * connection (another worker, another node on the file) commits, and only then is the cached
   * row's (seq, revision) compared with the stored one. This connection's own writes drop their
   * entries when they commit. So a write acknowledged anywhere is seen by the next get here.
   */
  async get(uid: string): Promise<ManagedObject | undefined> {
    const version = this.#dataVersion.get() ?? 0;
    const hit = this.#cache.get(uid);
    if (hit !== undefined) {
      if (hit.checkedAt === version) return hit.obj;
      const now = this.#stamp.get(uid);
      if (now !== undefined && now.seq === hit.seq && now.revision === hit.revision) {
        hit.checkedAt = version;
        return hit.obj;
      }
      this.#cache.delete(uid);
    }
    const row = this.#get.get(uid);
    if (row === undefined) return undefined;
    const obj = this.#toObject(row, true);
    this.#cache.set(uid, { obj, seq: row.seq, revision: row.revision, checkedAt: version });
    return obj;
  }

  async update(obj: ManagedObject): Promise<void> {
    const body = obj.body === undefined ? null : sealBody(this.#envelope, obj.uid, obj.body);
    const ix = indexObject(obj);
    const attributes = encodeAttributesBlob(obj.attributes);
    return this.#write(obj.uid, ix.labels, () => {
      const r = this.#update.get(
        stateOf(obj.attributes),
        obj.revision,
        attributes,
        body,
        obj.uid,
        obj.revision - 1,
      );
      if (r === undefined) throw new ConcurrentUpdateError(`object ${obj.uid} changed concurrently`);
      this.#index.update(r.seq, obj, ix);
    });
  }

  async remove(uid: string): Promise<void> {
    return this.#write(uid, [], () => {
      const r = this.#remove.get(uid);
      if (r !== undefined) this.#index.remove(r.seq);
    });
  }

  async locate(q: LocateQuery): Promise<LocateResult> {
    return this.#locate.locate(q);
  }

  /**
   * Group commit: writes arriving in the same turn of the event loop share one transaction (one
   * fsync), each in its own savepoint so that one failing write (a revision conflict) fails alone.
   * Every promise resolves only after the commit, so nothing is acknowledged before it is durable.
   */
  #write(uid: string | undefined, labels: readonly string[], op: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ uid, op, labels, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  /** A batch in one transaction; each write's outcome (undefined = done) is pushed to `outcomes`. */
  #commitBatch(batch: readonly PendingWrite[], outcomes: (Error | undefined)[]): void {
    for (const w of batch) this.#index.internAll(w.labels);
    for (const w of batch) {
      try {
        this.#savepoint(w.op);
        outcomes.push(undefined);
      } catch (err) {
        outcomes.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  #flush(): void {
    const batch = this.#pending.splice(0);
    if (batch.length === 0) return;
    const outcomes: (Error | undefined)[] = [];
    // Another process (a worker, the rotation command) may hold the write lock. SQLite's busy
    // timeout would sleep with the event loop blocked; instead the write lock is asked for once
    // (BEGIN IMMEDIATE, no waiting) and the batch retried shortly, the worker serving meanwhile.
    this.#noBusyWait.get();
    try {
      this.#runBatch.immediate(batch, outcomes);
    } catch (err) {
      if (
        isBusy(err) &&
        outcomes.length === 0 &&
        performance.now() - (this.#busySince ??= performance.now()) < BUSY_GIVE_UP_MS
      ) {
        this.#pending.unshift(...batch);
        // Another worker's commit holds the lock for about one fsync: ask again on the next turn
        // of the event loop (requests keep being served in between), and only after a while back
        // off to once a millisecond, so that a few writers at low concurrency do not each lose a
        // millisecond per commit.
        if (performance.now() - this.#busySince < BUSY_SPIN_MS) setImmediate(() => this.#flush());
        else setTimeout(() => this.#flush(), 1);
        return;
      }
      this.#busySince = undefined;
      this.#index.labels.forgetUncommitted();
      // The commit itself failed: nothing in the batch is durable.
      for (const w of batch) w.reject(err instanceof Error ? err : new Error(String(err)));
      return;
    } finally {
      this.#busyWait.get();
    }
    this.#busySince = undefined;
    batch.forEach((w, i) => {
      const e = outcomes[i];
      // Committed: the cached copy (if any) is stale. Dropped before anyone hears of the write.
      if (w.uid !== undefined) this.#cache.delete(w.uid);
      if (e === undefined) w.resolve();
      else w.reject(e);
    });
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  /**
   * Writes the time into a row of its own: proves the database takes writes again
   * (store-availability.ts). A new value each time: SQLite writes nothing for an unchanged row.
   */
  async probe(): Promise<void> {
    const stamp = Buffer.from(new Date().toISOString());
    await this.#write(undefined, [], () =>
      this.#db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(PROBE_KEY, stamp),
    );
  }

  async countObjects(): Promise<ObjectCount[]> {
    return this.#db.prepare<[], ObjectCountRow>(COUNT_OBJECTS_SQL).all().map(objectCountOf);
  }

  async close(): Promise<void> {
    if (this.#pending.length > 0 && this.#db.open) this.#flush();
    if (this.#db.open) this.#db.close();
  }

  /**
   * Master key rotation, one batch: re-wraps the bodies after `afterSeq` (up to `limit` rows) that
   * are not sealed under the envelope's current key. Each row is replaced only if its body is still
   * the one read. The transaction takes the write lock first (BEGIN IMMEDIATE): it reads before it
   * writes, and another process (the rotate command, a cluster worker) may be writing meanwhile.
   */
  async rewrapStale(afterSeq: number, limit: number): Promise<RewrapBatch> {
    const out = { lastSeq: afterSeq, scanned: 0, rewrapped: 0, failed: [] as string[] };
    const prefix = this.#envelope.currentKeyPrefix();
    const select = this.#db.prepare<
      [number, number, Buffer, number],
      { seq: number; uid: string; body: Buffer }
    >(
      'SELECT seq, uid, body FROM objects WHERE seq > ? AND body IS NOT NULL AND substr(body, 2, ?) != ? ORDER BY seq LIMIT ?',
    );
    const set = this.#db.prepare('UPDATE objects SET body = ? WHERE uid = ? AND body = ?');
    this.#db
      .transaction(() => {
        for (const r of select.all(afterSeq, prefix.length, prefix, limit)) {
          out.lastSeq = r.seq;
          out.scanned++;
          let rewrapped: Buffer;
          try {
            rewrapped = this.#envelope.rewrap(r.body, r.uid);
          } catch (e) {
            out.failed.push(`${r.uid}: ${(e as Error).message}`);
            continue;
          }
          out.rewrapped += set.run(rewrapped, r.uid, r.body).changes;
        }
      })
      .immediate();
    return out;
  }

  /** How many bodies are not sealed under the envelope's current key. */
  async countStale(): Promise<number> {
    const prefix = this.#envelope.currentKeyPrefix();
    const row = this.#db
      .prepare<[number, Buffer], { n: number }>(
        'SELECT count(*) AS n FROM objects WHERE body IS NOT NULL AND substr(body, 2, ?) != ?',
      )
      .get(prefix.length, prefix);
    return row?.n ?? 0;
  }

  /** Seals the master-key check value under the current key (the end of a rotation). */
  async resealKeyCheck(): Promise<void> {
    await this.#write(undefined, [], () => setKeyCheck(this.#db, this.#envelope));
  }

  async getSetting(key: string): Promise<Uint8Array | undefined> {
    return this.#getSetting.get(SETTING_PREFIX + key)?.value;
  }

  async putSetting(key: string, value: Uint8Array): Promise<void> {
    return this.#write(undefined, [], () => {
      this.#db
        .prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
        .run(SETTING_PREFIX + key, Buffer.from(value));
    });
  }

  async keyCheck(): Promise<Buffer | undefined> {
    return keyCheckValue(this.#db);
  }

  /** Every object in created order, bodies still sealed (export). */
  async *sealedRecords(): AsyncGenerator<SealedRecord> {
    const rows = this.#db
      .prepare<[], ObjectRow & { state: number | null }>(
        'SELECT uid, object_type, state, owner, revision, attributes, body FROM objects ORDER BY seq',
      )
      .all();
    for (const r of rows) {
      yield {
        uid: r.uid,
        objectType: r.object_type,
        state: r.state,
        owner: r.owner,
        revision: r.revision,
        attributes: r.attributes,
        body: r.body,
      };
    }
  }

  /** Inserts exported records unchanged in one transaction (import); a duplicate uid undoes all. */
  async insertSealed(records: AsyncIterable<SealedRecord>): Promise<number> {
    let n = 0;
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for await (const r of records) {
        const obj = objectWithoutBody(r.uid, r.objectType, r.owner, r.revision, r.attributes);
        const ix = indexObject(obj);
        this.#index.internAll(ix.labels);
        let seq: number;
        try {
          const columns = this.#index.columnValues(obj, ix);
          const res = this.#insert.run(
            r.uid,
            r.objectType,
            r.state,
            r.owner,
            r.revision,
            r.attributes,
            r.body,
            ...columns,
          );
          seq = Number(res.lastInsertRowid);
        } catch (e) {
          if (!String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw e;
          throw new Error(`object ${r.uid} already exists in this database; nothing was imported`);
        }
        this.#index.insert(seq, obj, ix);
        n++;
      }
      this.#db.exec('COMMIT');
    } catch (e) {
      this.#db.exec('ROLLBACK');
      this.#index.labels.forgetUncommitted();
      throw e;
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

interface PendingWrite {
  /** The object written, whose cached copy the commit makes stale. */
  readonly uid: string | undefined;
  readonly op: () => void;
  /** Labels the write needs numbered before it runs. */
  readonly labels: readonly string[];
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

const INSERT_SQL = `INSERT INTO objects (uid, object_type, state, owner, revision, attributes, body,
  owner_id, policy_id, storage, shared, activation, deactivation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** The meta row the availability probe writes. */
const PROBE_KEY = 'availability-probe';
const BUSY_TIMEOUT_MS = 5000;
/** How long a write batch keeps retrying a taken write lock before it fails. */
const BUSY_GIVE_UP_MS = 10_000;
/** How long it retries on every turn of the event loop before backing off to once a millisecond. */
const BUSY_SPIN_MS = 2;

function isBusy(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_BUSY';
}
