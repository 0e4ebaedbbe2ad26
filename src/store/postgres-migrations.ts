// PostgreSQL schema migrations, in order; index i moves the schema from version i to i + 1.
// Released entries never change: a new schema is a new entry. The tables mirror SQLite's
// (sqlite-migrations.ts) and hold the same bytes (object-codec.ts), so export/import and the
// shared store tests treat both alike.
//
// Several nodes may start at once against one database: migratePostgres holds a session-level
// advisory lock while it reads kmip_schema_version and applies what is missing, each step in its
// own transaction, so exactly one node migrates and the others find the work done.
import type { PoolClient } from 'pg';
import { reindexAllPostgres } from './postgres-index.js';
import { POSTGRES_OWNER_LIMIT_MIGRATION } from './object-limit.js';

/** SQL, or a function for a step that needs code; each runs in its own transaction. */
export type PostgresMigration = string | ((client: PoolClient) => Promise<void>);

/** Locate's index (attribute-index.ts): labels, the objects columns and the attribute rows. */
const LOCATE_INDEX_TABLES = `
  CREATE TABLE labels (id SERIAL PRIMARY KEY, text TEXT NOT NULL UNIQUE);
  ALTER TABLE objects
    ADD COLUMN owner_id INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN policy_id INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN storage INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN shared INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN activation BIGINT,
    ADD COLUMN deactivation BIGINT;
  CREATE TABLE object_attributes (
    seq BIGINT NOT NULL,
    name_id INTEGER NOT NULL,
    inst INTEGER NOT NULL,
    node INTEGER NOT NULL,
    parent INTEGER,
    key BYTEA NOT NULL,
    num BIGINT,
    owner_id INTEGER NOT NULL,
    policy_id INTEGER NOT NULL,
    object_type INTEGER NOT NULL,
    filing INTEGER NOT NULL,
    PRIMARY KEY (seq, name_id, inst, node)
  );
  DROP INDEX objects_owner;
  DROP TABLE object_names;`;

/** Created after the rows are filled in (as in SQLite, sqlite-migrations.ts). */
const LOCATE_INDEXES = `
  CREATE INDEX objects_own ON objects (owner_id, object_type, storage, policy_id, seq);
  CREATE INDEX objects_shared ON objects (policy_id, object_type, storage, seq) WHERE shared = 1;
  CREATE INDEX objects_type_state ON objects (object_type, state);
  CREATE INDEX object_attributes_own ON object_attributes (owner_id, name_id, key, seq) WHERE filing = 1;
  CREATE INDEX object_attributes_shared
    ON object_attributes (name_id, key, policy_id, object_type, owner_id, seq) WHERE filing = 2;
  ANALYZE objects; ANALYZE object_attributes;`;

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = Object.freeze([
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
  async (client: PoolClient) => {
    await client.query(LOCATE_INDEX_TABLES);
    await reindexAllPostgres(client);
    await client.query(LOCATE_INDEXES);
  },
  // max_objects_per_identity, enforced by a trigger (object-limit.ts).
  POSTGRES_OWNER_LIMIT_MIGRATION,
]);

/** The advisory lock key that serializes migrations ('kmip' in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6b6d6970;

/** Brings the schema up to date; returns the versions applied by this call (often none). */
export async function migratePostgres(
  client: PoolClient,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
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
        const step = migrations[v] ?? '';
        if (typeof step === 'string') await client.query(step);
        else await step(client);
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
