// The SQLite schema at open: numbered migrations recorded in PRAGMA user_version (sqlite-migrations.ts),
// including the one that fills the Locate index of the objects already stored, and the master-key
// check value that refuses a key the database was not written with.
import type Database from 'better-sqlite3';
import type { Envelope } from './envelope.js';
import { MasterKeyError } from './master-key.js';
import { objectWithoutBody } from './object-codec.js';
import { sqliteMigrations } from './sqlite-migrations.js';
import { SqliteIndex, indexObject } from './sqlite-index.js';

/** Objects read per step when the Locate index is built for an existing database. */
const REINDEX_PAGE = 1000;

interface StoredRow {
  seq: number;
  uid: string;
  object_type: number;
  owner: string;
  revision: number;
  attributes: Buffer;
}

/** Fills the Locate index of every stored object (schema migration 2), a page at a time. */
function reindexAll(db: Database.Database): void {
  const index = new SqliteIndex(db);
  const page = db.prepare<[number, number], StoredRow>(
    'SELECT seq, uid, object_type, owner, revision, attributes FROM objects WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  for (let after = 0; ;) {
    const rows = page.all(after, REINDEX_PAGE);
    for (const r of rows) {
      const obj = objectWithoutBody(r.uid, r.object_type, r.owner, r.revision, r.attributes);
      const ix = indexObject(obj);
      index.internAll(ix.labels);
      index.reindex(r.seq, obj, ix);
      after = r.seq;
    }
    if (rows.length < REINDEX_PAGE) return;
  }
}

export const SQLITE_MIGRATIONS = sqliteMigrations(reindexAll);

/** Applies the migrations the database lacks, each in its own write transaction. */
export function migrateSqlite(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this server knows (${SQLITE_MIGRATIONS.length})`,
    );
  }
  for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      const step = SQLITE_MIGRATIONS[v] ?? '';
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

const KEY_CHECK = 'master-key-check';

export function setKeyCheck(db: Database.Database, envelope: Envelope): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
    KEY_CHECK,
    envelope.seal(Buffer.from('kmip-ts'), KEY_CHECK),
  );
}

export function keyCheckValue(db: Database.Database): Buffer | undefined {
  return db.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK)
    ?.value;
}

/** Refuses a master key that cannot open what the database was written with. */
export function checkMasterKey(db: Database.Database, envelope: Envelope): void {
  const value = keyCheckValue(db);
  if (value === undefined) {
    setKeyCheck(db, envelope);
    return;
  }
  try {
    envelope.open(value, KEY_CHECK);
  } catch {
    throw new MasterKeyError(
      `the master key does not match this database (its key check does not open with key ${envelope.keyIds.join(', ')})`,
    );
  }
}
