// Online backup and restore of the SQLite store. The backup uses SQLite's online backup API from
// its own connection while the server keeps writing (WAL): the whole database is copied in one
// step, which reads one consistent snapshot, so every write committed before the backup began is
// in the copy. The copy is the stored bytes, key material still sealed under the master key; it
// is written beside the target, checked (integrity, schema, object count), switched to a single
// file (no -wal) and renamed into place, mode 0600.
// A restore puts such a copy in place of a stopped server's database: the current database is
// checkpointed and kept aside, its -wal and -shm files removed (a stale WAL replayed onto the
// restored file would corrupt it), and the copy renamed in.
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Envelope } from './envelope.js';

export interface SqliteCopySummary {
  readonly objects: number;
  readonly schemaVersion: number;
  readonly bytes: number;
  /** Whether the master-key check value opens under the given envelope (undefined: not checked). */
  readonly masterKeyOpens: boolean | undefined;
}

const KEY_CHECK = 'master-key-check';

/** Fsyncs a file, or a directory (the rename of an entry in it). */
function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Checks a database copy: integrity, schema version, objects; the master key when given. */
export function inspectSqliteCopy(path: string, envelope?: Envelope): SqliteCopySummary {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${path} fails SQLite's integrity check: ${String(integrity)}`);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((t) => t.name);
    if (!tables.includes('objects') || !tables.includes('meta'))
      throw new Error(`${path} is not a kmip-ts database (no objects and meta tables)`);
    const objects = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM objects').get()?.n ?? 0;
    let masterKeyOpens: boolean | undefined;
    if (envelope !== undefined) {
      const check = db
        .prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?')
        .get(KEY_CHECK);
      try {
        if (check === undefined) throw new Error('no key check');
        envelope.open(check.value, KEY_CHECK);
        masterKeyOpens = true;
      } catch {
        masterKeyOpens = false;
      }
    }
    return {
      objects,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      bytes: statSync(path).size,
      masterKeyOpens,
    };
  } finally {
    db.close();
  }
}

/** Copies the live database at `source` to `target` (replaced atomically) while it serves. */
export async function backupSqlite(
  source: string,
  target: string,
  envelope?: Envelope,
): Promise<SqliteCopySummary> {
  if (!existsSync(source)) throw new Error(`there is no SQLite database at ${source}`);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  rmSync(tmp, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    // One step for every page: a step reads one snapshot, so the copy is consistent even while
    // the server commits (a copy in several steps restarts whenever another connection writes).
    await db.backup(tmp, { progress: () => 0x7fffffff });
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    db.close();
  }
  try {
    const copy = new Database(tmp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    chmodSync(tmp, 0o600);
    const summary = inspectSqliteCopy(tmp, envelope);
    syncPath(tmp);
    renameSync(tmp, target);
    syncPath(dirname(target));
    return summary;
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Puts the backup `copy` in place of the database at `target` (its server stopped). Returns where
 * the database it replaced was kept, if there was one.
 */
export function restoreSqlite(copy: string, target: string): { readonly kept: string | undefined } {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.restoring`);
  copyFileSync(copy, tmp);
  chmodSync(tmp, 0o600);
  syncPath(tmp);
  let kept: string | undefined;
  try {
    if (existsSync(target)) {
      // Fold the WAL into the old file so what is kept aside is whole on its own.
      const old = new Database(target, { fileMustExist: true });
      try {
        old.pragma('wal_checkpoint(TRUNCATE)');
        old.pragma('journal_mode = DELETE');
      } finally {
        old.close();
      }
      kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, kept);
    }
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(tmp, target);
    syncPath(dirname(target));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { kept };
}
