// The shared store suite (store-contract.ts) on the SQLite backend: each database is a file in a
// temporary directory, so several SqliteStore instances can share it as several processes would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { rawOf, storeContract, type ContractDatabase } from './store-contract.js';

storeContract({
  name: 'SQLite',
  database: async (): Promise<ContractDatabase> => {
    const dir = mkdtempSync(join(tmpdir(), 'kmip-store-sqlite-'));
    const path = join(dir, 'kmip.sqlite');
    return {
      open: async (envelope) => new SqliteStore({ path, envelope }),
      rawRows: async () => {
        const db = new Database(path, { readonly: true });
        try {
          const rows = db.prepare<[], Record<string, unknown>>('SELECT * FROM objects ORDER BY seq').all();
          return rawOf(rows);
        } finally {
          db.close();
        }
      },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});
