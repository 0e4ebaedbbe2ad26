// SQLite schema migrations, in order; index i moves the schema from version i to i + 1. Released
// entries never change: a new schema is a new entry. An entry is SQL, or a function for a step that
// needs code (filling the Locate index from the stored attributes).
import type Database from 'better-sqlite3';
import { SQLITE_OWNER_COUNT_MIGRATION } from './object-limit.js';

export type SqliteMigration = string | ((db: Database.Database) => void);

/** Locate's index (attribute-index.ts): labels, the objects columns and the attribute rows. */
const LOCATE_INDEX_TABLES = `
  CREATE TABLE labels (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
  ALTER TABLE objects ADD COLUMN owner_id INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE objects ADD COLUMN policy_id INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE objects ADD COLUMN storage INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE objects ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE objects ADD COLUMN activation INTEGER;
  ALTER TABLE objects ADD COLUMN deactivation INTEGER;
  CREATE TABLE object_attributes (
    seq INTEGER NOT NULL,
    name_id INTEGER NOT NULL,
    inst INTEGER NOT NULL,
    node INTEGER NOT NULL,
    parent INTEGER,
    key BLOB NOT NULL,
    num INTEGER,
    owner_id INTEGER NOT NULL,
    policy_id INTEGER NOT NULL,
    object_type INTEGER NOT NULL,
    filing INTEGER NOT NULL,
    PRIMARY KEY (seq, name_id, inst, node)
  ) WITHOUT ROWID;
  DROP INDEX objects_owner;
  DROP TABLE object_names;`;

/** Created after the rows are filled in: building an index once is faster than growing it. */
export const LOCATE_INDEXES = `
  CREATE INDEX objects_own ON objects (owner_id, object_type, storage, policy_id);
  CREATE INDEX objects_shared ON objects (policy_id, object_type, storage) WHERE shared = 1;
  CREATE INDEX objects_type_state ON objects (object_type, state);
  CREATE INDEX object_attributes_own ON object_attributes (owner_id, name_id, key) WHERE filing = 1;
  CREATE INDEX object_attributes_shared
    ON object_attributes (name_id, key, policy_id, object_type, owner_id) WHERE filing = 2;`;

/**
 * The migrations; `reindex` fills the Locate index of every stored object (the store supplies
 * it, as the same code that maintains the index on every write).
 */
export function sqliteMigrations(reindex: (db: Database.Database) => void): readonly SqliteMigration[] {
  return [
    `CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
     CREATE TABLE objects (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       uid TEXT NOT NULL UNIQUE,
       object_type INTEGER NOT NULL,
       state INTEGER,
       owner TEXT NOT NULL,
       revision INTEGER NOT NULL,
       attributes BLOB NOT NULL,
       body BLOB
     );
     CREATE INDEX objects_owner ON objects (owner, object_type);
     CREATE TABLE object_names (uid TEXT NOT NULL REFERENCES objects (uid) ON DELETE CASCADE, name TEXT NOT NULL);
     CREATE INDEX object_names_name ON object_names (name);
     CREATE INDEX object_names_uid ON object_names (uid);`,
    (db) => {
      db.exec(LOCATE_INDEX_TABLES);
      reindex(db);
      db.exec(LOCATE_INDEXES);
    },
    // Live objects per owner, for max_objects_per_identity (object-limit.ts).
    SQLITE_OWNER_COUNT_MIGRATION,
  ];
}
