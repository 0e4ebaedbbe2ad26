// SQLite schema migrations, in order; index i moves the schema from version i to i + 1. Released
// entries never change: a new schema is a new entry.
import { SQLITE_OWNER_COUNT_MIGRATION } from './object-limit.js';

export const SQLITE_MIGRATIONS: readonly string[] = Object.freeze([
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
  // Live objects per owner, for max_objects_per_identity (object-limit.ts).
  SQLITE_OWNER_COUNT_MIGRATION,
]);
