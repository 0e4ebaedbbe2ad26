// What a SQLite database file says about its sealed bodies, read straight from the file (the
// server may be running): how many bodies each master key id wraps.
import Database from 'better-sqlite3';
import { Envelope } from '../../src/store/envelope.js';

/** Master key id -> how many stored bodies are sealed under it. */
export function bodyKeyIds(db: string): Map<string, number> {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const out = new Map<string, number>();
    for (const r of conn
      .prepare<[], { body: Buffer }>('SELECT body FROM objects WHERE body IS NOT NULL')
      .all()) {
      const id = Envelope.keyIdOf(r.body);
      out.set(id, (out.get(id) ?? 0) + 1);
    }
    return out;
  } finally {
    conn.close();
  }
}
