// The shared store suite (store-contract.ts) on the SQLite backend: each database is a file in a
// temporary directory, so several SqliteStore instances can share it as several processes would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { State } from '../../src/spec/generated/enums.js';
import { encodeAttributesBlob, stateOf } from '../../src/store/object-codec.js';
import { sqliteMigrations } from '../../src/store/sqlite-migrations.js';
import {
  keyObject,
  named,
  newEnvelope,
  rawOf,
  storeContract,
  type ContractDatabase,
} from './store-contract.js';

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

describe('SQLite schema migration 2 (the Locate index)', () => {
  test('a database written by schema 1 gets its index built on open, and Locate finds its objects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmip-store-v1-'));
    try {
      const path = join(dir, 'kmip.sqlite');
      const env = newEnvelope();
      const objs = [
        keyObject({ names: ['old-1'] }),
        keyObject({ owner: 'bob', names: ['old-1'] }),
        keyObject({ names: ['old-2'], state: State.Destroyed }),
      ];
      const v1 = new Database(path);
      const first = sqliteMigrations(() => undefined)[0];
      if (typeof first !== 'string') throw new Error('migration 1 is SQL');
      v1.exec(first);
      v1.pragma('user_version = 1');
      const insert = v1.prepare(
        'INSERT INTO objects (uid, object_type, state, owner, revision, attributes, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const o of objs)
        insert.run(
          o.uid,
          o.objectType,
          stateOf(o.attributes),
          o.owner,
          1,
          encodeAttributesBlob(o.attributes),
          null,
        );
      v1.close();
      const store = new SqliteStore({ path, envelope: env });
      try {
        assert.deepEqual(await named(store, 'alice', 'old-1'), [objs[0]?.uid]);
        assert.deepEqual(await named(store, 'bob', 'old-1'), [objs[1]?.uid]);
        assert.deepEqual(await named(store, 'alice', 'old-2'), [objs[2]?.uid]);
        const online = await store.locate({
          visibility: { identity: 'alice', own: 'all', anyOwner: [] },
          criteria: [],
          storage: 1,
          now: new Date(),
        });
        assert.deepEqual(online.uids, [objs[0]?.uid], 'the destroyed object is filed as destroyed');
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
