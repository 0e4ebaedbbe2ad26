// The embedded SQLite backend (better-sqlite3, WAL). Writes are synchronous on the event loop and
// committed with synchronous=FULL before the promise resolves, so an acknowledged object survives
// a crash. Schema changes go through numbered migrations recorded in PRAGMA user_version.
import Database from 'better-sqlite3';
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
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import type { SealedRecord, SealedRows } from './export-import.js';
import type { RewrapBatch } from './master-key-rotation.js';
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
}

export class SqliteStore implements Store, SealedRows, ObservableStore {
  readonly #db: Database.Database;
  readonly #envelope: Envelope;
  readonly #insert: Database.Statement;
  readonly #insertName: Database.Statement;
  readonly #deleteNames: Database.Statement;
  readonly #get: Database.Statement<[string], ObjectRow>;
  readonly #update: Database.Statement;
  readonly #remove: Database.Statement;
  readonly #pending: { op: () => void; resolve: () => void; reject: (e: Error) => void }[] = [];
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
    migrate(this.#db);
    this.#envelope = opts.envelope;
    checkMasterKey(this.#db, opts.envelope);
    this.#insert = this.#db.prepare(
      'INSERT INTO objects (uid, object_type, state, owner, revision, attributes, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#insertName = this.#db.prepare('INSERT INTO object_names (uid, name) VALUES (?, ?)');
    this.#deleteNames = this.#db.prepare('DELETE FROM object_names WHERE uid = ?');
    this.#get = this.#db.prepare(
      'SELECT uid, object_type, owner, revision, attributes, body FROM objects WHERE uid = ?',
    );
    this.#update = this.#db.prepare(
      'UPDATE objects SET state = ?, revision = ?, attributes = ?, body = ? WHERE uid = ? AND revision = ?',
    );
    this.#remove = this.#db.prepare('DELETE FROM objects WHERE uid = ?');
  }

  async insert(obj: ManagedObject): Promise<void> {
    const body = obj.body === undefined ? null : sealBody(this.#envelope, obj.uid, obj.body);
    return this.#write(() => {
      this.#insert.run(
        obj.uid,
        obj.objectType,
        stateOf(obj.attributes),
        obj.owner,
        1,
        encodeAttributesBlob(obj.attributes),
        body,
      );
      for (const n of namesOf(obj.attributes)) this.#insertName.run(obj.uid, n);
    });
  }

  async get(uid: string): Promise<ManagedObject | undefined> {
    const row = this.#get.get(uid);
    return row === undefined ? undefined : this.#toObject(row, true);
  }

  async update(obj: ManagedObject): Promise<void> {
    const body = obj.body === undefined ? null : sealBody(this.#envelope, obj.uid, obj.body);
    return this.#write(() => {
      const r = this.#update.run(
        stateOf(obj.attributes),
        obj.revision,
        encodeAttributesBlob(obj.attributes),
        body,
        obj.uid,
        obj.revision - 1,
      );
      if (r.changes !== 1) throw new ConcurrentUpdateError(`object ${obj.uid} changed concurrently`);
      this.#deleteNames.run(obj.uid);
      for (const n of namesOf(obj.attributes)) this.#insertName.run(obj.uid, n);
    });
  }

  async remove(uid: string): Promise<void> {
    return this.#write(() => {
      this.#deleteNames.run(uid);
      this.#remove.run(uid);
    });
  }

  /**
   * Group commit: writes arriving in the same turn of the event loop share one transaction (one
   * fsync), each in its own savepoint so that one failing write (a revision conflict) fails alone.
   * Every promise resolves only after the commit, so nothing is acknowledged before it is durable.
   */
  #write(op: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ op, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#pending.splice(0);
    if (batch.length === 0) return;
    const outcomes: (Error | undefined)[] = [];
    const run = this.#db.transaction(() => {
      for (const w of batch) {
        try {
          this.#db.transaction(w.op)();
          outcomes.push(undefined);
        } catch (err) {
          outcomes.push(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });
    // Another process (a worker, the rotation command) may hold the write lock. SQLite's busy
    // timeout would sleep with the event loop blocked; instead the write lock is asked for once
    // (BEGIN IMMEDIATE, no waiting) and the batch retried shortly, the worker serving meanwhile.
    this.#db.pragma('busy_timeout = 0');
    try {
      run.immediate();
    } catch (err) {
      if (
        isBusy(err) &&
        outcomes.length === 0 &&
        Date.now() - (this.#busySince ??= Date.now()) < BUSY_GIVE_UP_MS
      ) {
        this.#pending.unshift(...batch);
        setTimeout(() => this.#flush(), 1);
        return;
      }
      this.#busySince = undefined;
      // The commit itself failed: nothing in the batch is durable.
      for (const w of batch) w.reject(err instanceof Error ? err : new Error(String(err)));
      return;
    } finally {
      this.#db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    this.#busySince = undefined;
    batch.forEach((w, i) => {
      const e = outcomes[i];
      if (e === undefined) w.resolve();
      else w.reject(e);
    });
  }

  async find(filter: ObjectFilter): Promise<ManagedObject[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const inList = (column: string, values: readonly (string | number)[]): void => {
      where.push(values.length === 0 ? '0' : `${column} IN (${values.map(() => '?').join(',')})`);
      args.push(...values);
    };
    if (filter.owners !== undefined) inList('owner', filter.owners);
    if (filter.objectTypes !== undefined) inList('object_type', filter.objectTypes);
    if (filter.states !== undefined) inList('state', filter.states);
    if (filter.uids !== undefined) inList('uid', filter.uids);
    if (filter.name !== undefined) {
      where.push('uid IN (SELECT uid FROM object_names WHERE name = ?)');
      args.push(filter.name);
    }
    const sql = `SELECT uid, object_type, owner, revision, attributes, NULL AS body FROM objects${
      where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''
    } ORDER BY seq`;
    return this.#db
      .prepare<(string | number)[], ObjectRow>(sql)
      .all(...args)
      .map((r) => this.#toObject(r, false));
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
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
    await this.#write(() => setKeyCheck(this.#db, this.#envelope));
  }

  async getSetting(key: string): Promise<Uint8Array | undefined> {
    return this.#db
      .prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?')
      .get(SETTING_PREFIX + key)?.value;
  }

  async putSetting(key: string, value: Uint8Array): Promise<void> {
    return this.#write(() => {
      this.#db
        .prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
        .run(SETTING_PREFIX + key, Buffer.from(value));
    });
  }

  async keyCheck(): Promise<Buffer | undefined> {
    return this.#db
      .prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?')
      .get(KEY_CHECK)?.value;
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
    const insert = this.#db.prepare(
      'INSERT INTO objects (uid, object_type, state, owner, revision, attributes, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    let n = 0;
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for await (const r of records) {
        try {
          insert.run(r.uid, r.objectType, r.state, r.owner, r.revision, r.attributes, r.body);
        } catch (e) {
          if (!String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw e;
          throw new Error(`object ${r.uid} already exists in this database; nothing was imported`);
        }
        for (const name of namesOf(decodeAttributesBlob(r.attributes))) this.#insertName.run(r.uid, name);
        n++;
      }
      this.#db.exec('COMMIT');
    } catch (e) {
      this.#db.exec('ROLLBACK');
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

const BUSY_TIMEOUT_MS = 5000;
/** How long a write batch keeps retrying a taken write lock before it fails. */
const BUSY_GIVE_UP_MS = 10_000;

function isBusy(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_BUSY';
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this server knows (${SQLITE_MIGRATIONS.length})`,
    );
  }
  for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

const KEY_CHECK = 'master-key-check';

function setKeyCheck(db: Database.Database, envelope: Envelope): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
    KEY_CHECK,
    envelope.seal(Buffer.from('kmip-ts'), KEY_CHECK),
  );
}

/** Refuses a master key that cannot open what the database was written with. */
function checkMasterKey(db: Database.Database, envelope: Envelope): void {
  const row = db.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK);
  if (row === undefined) {
    setKeyCheck(db, envelope);
    return;
  }
  try {
    envelope.open(row.value, KEY_CHECK);
  } catch {
    throw new MasterKeyError(
      `the master key does not match this database (its key check does not open with key ${envelope.keyIds.join(', ')})`,
    );
  }
}
