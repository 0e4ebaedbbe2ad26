// PostgreSQL schema migrations, in order; index i moves the schema from version i to i + 1.
// Released entries never change: a new schema is a new entry. The tables mirror SQLite's
// (sqlite-migrations.ts) and hold the same bytes (object-codec.ts), so export/import and the
// shared store tests treat both alike.
//
// Several nodes may start at once against one database: migratePostgres holds a session-level
// advisory lock while it reads kmip_schema_version and applies what is missing, each step in its
// own transaction, so exactly one node migrates and the others find the work done.
import type { PoolClient } from 'pg';
import { POSTGRES_OWNER_LIMIT_MIGRATION } from './object-limit.js';

export const POSTGRES_MIGRATIONS: readonly string[] = Object.freeze([
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value BYTEA NOT NULL);
   CREATE TABLE objects (
     seq BIGSERIAL PRIMARY KEY,
     uid TEXT NOT NULL UNIQUE,
     object_type INTEGER NOT NULL,
     state INTEGER,
     owner TEXT NOT NULL,
     revision INTEGER NOT NULL,
     attributes BYTEA NOT NULL,
     body BYTEA
   );
   CREATE INDEX objects_owner ON objects (owner, object_type);
   CREATE TABLE object_names (
     uid TEXT NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
     name TEXT NOT NULL
   );
   CREATE INDEX object_names_name ON object_names (name);
   CREATE INDEX object_names_uid ON object_names (uid);`,
  // max_objects_per_identity, enforced by a trigger (object-limit.ts).
  POSTGRES_OWNER_LIMIT_MIGRATION,
]);

/** The advisory lock key that serializes migrations ('kmip' in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6b6d6970;

/** Brings the schema up to date; returns the versions applied by this call (often none). */
export async function migratePostgres(
  client: PoolClient,
  migrations: readonly string[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS kmip_schema_version (
         version INTEGER PRIMARY KEY,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const r = await client.query<{ v: number }>(
      'SELECT COALESCE(MAX(version), 0)::int AS v FROM kmip_schema_version',
    );
    const current = r.rows[0]?.v ?? 0;
    if (current > migrations.length) {
      throw new Error(
        `database schema version ${current} is newer than this server knows (${migrations.length})`,
      );
    }
    const applied: number[] = [];
    for (let v = current; v < migrations.length; v++) {
      await client.query('BEGIN');
      try {
        await client.query(migrations[v] ?? '');
        await client.query('INSERT INTO kmip_schema_version (version) VALUES ($1)', [v + 1]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
      applied.push(v + 1);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}
