// max_objects_per_identity, enforced by the database itself so that it holds across the workers
// of one server and across the nodes sharing one PostgreSQL database, whatever the write path:
// - SQLite: the owner_objects table counts each owner's live objects (kept by triggers, migration
//   2), and a connection with a limit adds a TEMP trigger refusing an insert over it. Writes are
//   serialized by SQLite, so the count read inside the insert is exact.
// - PostgreSQL: a BEFORE INSERT trigger (migration 2) reads the limit from the session setting
//   kmip.max_objects_per_owner, which only the server's connections set, takes a transaction-level
//   advisory lock on the owner (concurrent inserts of one owner queue there) and counts.
// Live objects are those not Destroyed or Destroyed Compromised (KMIP 2.1 §3.22): their key
// material is gone, and counting them would lock an owner out for good.
import type Database from 'better-sqlite3';
import { State } from '../spec/generated/enums.js';

/** An insert refused because the owner already holds `limit` live objects. */
export class ObjectLimitError extends Error {
  override readonly name = 'ObjectLimitError';
  readonly limit: number;
  constructor(limit: number) {
    super(`max_objects_per_identity (${limit}) reached`);
    this.limit = limit;
  }
}

const DEAD = `${State.Destroyed}, ${State.DestroyedCompromised}`;
const LIVE_NEW = `(NEW.state IS NULL OR NEW.state NOT IN (${DEAD}))`;
const LIVE_OLD = `(OLD.state IS NULL OR OLD.state NOT IN (${DEAD}))`;

/** SQLite migration: the live-object count per owner, kept by triggers on objects. */
export const SQLITE_OWNER_COUNT_MIGRATION = `
  CREATE TABLE owner_objects (owner TEXT PRIMARY KEY, live INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO owner_objects (owner, live)
    SELECT owner, count(*) FROM objects WHERE state IS NULL OR state NOT IN (${DEAD}) GROUP BY owner;
  CREATE TRIGGER owner_objects_insert AFTER INSERT ON objects WHEN ${LIVE_NEW}
  BEGIN
    INSERT INTO owner_objects (owner, live) VALUES (NEW.owner, 1)
      ON CONFLICT (owner) DO UPDATE SET live = live + 1;
  END;
  CREATE TRIGGER owner_objects_delete AFTER DELETE ON objects WHEN ${LIVE_OLD}
  BEGIN
    UPDATE owner_objects SET live = live - 1 WHERE owner = OLD.owner;
  END;
  CREATE TRIGGER owner_objects_update AFTER UPDATE OF state, owner ON objects
  BEGIN
    UPDATE owner_objects SET live = live - 1 WHERE owner = OLD.owner AND ${LIVE_OLD};
    INSERT INTO owner_objects (owner, live) SELECT NEW.owner, 1 WHERE ${LIVE_NEW}
      ON CONFLICT (owner) DO UPDATE SET live = live + 1;
  END;`;

/** The SQLSTATE the PostgreSQL trigger raises. */
const PG_LIMIT_CODE = 'KM001';

/** PostgreSQL migration: the owner index the count uses and the trigger that enforces the limit. */
export const POSTGRES_OWNER_LIMIT_MIGRATION = `
  CREATE INDEX objects_owner_state ON objects (owner, state);
  CREATE FUNCTION kmip_owner_object_limit() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    max_objects bigint := NULLIF(current_setting('kmip.max_objects_per_owner', true), '')::bigint;
    live bigint;
  BEGIN
    IF max_objects IS NULL OR max_objects <= 0 OR NEW.state IN (${DEAD}) THEN
      RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('kmip-owner:' || NEW.owner, 0));
    SELECT count(*) INTO live FROM objects
      WHERE owner = NEW.owner AND (state IS NULL OR state NOT IN (${DEAD}));
    IF live >= max_objects THEN
      RAISE EXCEPTION 'max_objects_per_identity (%) reached', max_objects USING ERRCODE = '${PG_LIMIT_CODE}';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER objects_owner_limit BEFORE INSERT ON objects
    FOR EACH ROW EXECUTE FUNCTION kmip_owner_object_limit();`;

/** Makes this SQLite connection refuse an owner's insert over `max` live objects (0: no limit). */
export function limitSqliteObjects(db: Database.Database, max: number): void {
  db.exec('DROP TRIGGER IF EXISTS temp.owner_object_limit');
  if (!Number.isSafeInteger(max) || max <= 0) return;
  db.exec(`CREATE TEMP TRIGGER owner_object_limit BEFORE INSERT ON main.objects
    WHEN ${LIVE_NEW} AND COALESCE((SELECT live FROM main.owner_objects WHERE owner = NEW.owner), 0) >= ${max}
    BEGIN SELECT RAISE(ABORT, 'max_objects_per_identity (${max}) reached'); END`);
}

/** The connection option that gives PostgreSQL sessions the limit (undefined: no limit). */
export function postgresObjectLimitOption(max: number | undefined): string | undefined {
  return max !== undefined && Number.isSafeInteger(max) && max > 0
    ? `-c kmip.max_objects_per_owner=${max}`
    : undefined;
}

/** The limit error a backend raised, as ObjectLimitError; undefined for any other error. */
export function asObjectLimitError(err: unknown): ObjectLimitError | undefined {
  if (err instanceof ObjectLimitError) return err;
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, message } = err as { code?: unknown; message?: unknown };
  const m = /max_objects_per_identity \((\d+)\) reached/.exec(typeof message === 'string' ? message : '');
  if (m === null) return undefined;
  if (code !== PG_LIMIT_CODE && code !== 'SQLITE_CONSTRAINT_TRIGGER') return undefined;
  return new ObjectLimitError(Number(m[1]));
}
