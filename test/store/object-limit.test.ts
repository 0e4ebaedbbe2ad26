// max_objects_per_identity in the database (src/store/object-limit.ts), on SQLite and PostgreSQL:
// an owner at the limit is refused and nothing is stored, other owners are not, destroyed and
// removed objects free their place, several stores on one database (the workers of a server, the
// nodes of a cluster) racing for the last places never get past the limit together, and a
// connection without a limit is not held to one. SQLite: the count covers rows stored before the
// migration. PostgreSQL parts are skipped when PostgreSQL is not installed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { State } from '../../src/spec/generated/enums.js';
import { enumItem, type ManagedObject } from '../../src/objects/managed-object.js';
import type { Envelope } from '../../src/store/envelope.js';
import { asObjectLimitError, SQLITE_OWNER_COUNT_MIGRATION } from '../../src/store/object-limit.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-schema.js';
import type { Store } from '../../src/store/store.js';
import {
  postgresUnavailableReason,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/postgres.js';
import { keyObject, newEnvelope } from './store-contract.js';

interface Backend {
  readonly name: string;
  readonly skip: string | undefined;
  /** A new database; `open` opens stores on it with a limit (0 = none). */
  database(): Promise<{ open(limit: number, env: Envelope): Promise<Store>; dispose(): Promise<void> }>;
}

const dirs: string[] = [];
let cluster: Promise<ThrowawayPostgres> | undefined;
let databases = 0;
after(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (cluster !== undefined) await (await cluster).stop();
});

const sqlite: Backend = {
  name: 'SQLite',
  skip: undefined,
  database: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmip-object-limit-'));
    dirs.push(dir);
    const path = join(dir, 'kmip.sqlite');
    return {
      open: async (limit, envelope) => new SqliteStore({ path, envelope, maxObjectsPerOwner: limit }),
      dispose: async () => undefined,
    };
  },
};

const postgres: Backend = {
  name: 'PostgreSQL',
  skip: postgresUnavailableReason(),
  database: async () => {
    cluster ??= startThrowawayPostgres();
    const url = await (await cluster).createDatabase(`limit_${++databases}`);
    return {
      open: (limit, envelope) =>
        PostgresStore.open({ connectionString: url, envelope, maxObjectsPerOwner: limit }),
      dispose: async () => undefined,
    };
  },
};

/** Inserts; resolves with 'ok', 'limit' (the limit error, with the limit it names) or throws. */
async function tryInsert(store: Store, obj: ManagedObject, limit: number): Promise<'ok' | 'limit'> {
  try {
    await store.insert(obj);
    return 'ok';
  } catch (e) {
    const l = asObjectLimitError(e);
    if (l === undefined) throw e;
    assert.equal(l.limit, limit);
    return 'limit';
  }
}

function withState(obj: ManagedObject, state: number): ManagedObject {
  const attributes = obj.attributes.map((a) =>
    a.name === 'State' ? { ...a, value: enumItem('State', state) } : a,
  );
  return { ...obj, attributes, revision: obj.revision + 1 };
}

for (const backend of [sqlite, postgres]) {
  describe(`max_objects_per_identity: ${backend.name}`, { skip: backend.skip ?? false }, () => {
    test('an owner at the limit is refused and nothing is stored; other owners are not', async () => {
      const db = await backend.database();
      const env = newEnvelope();
      const store = await db.open(3, env);
      try {
        for (let i = 0; i < 3; i++)
          assert.equal(await tryInsert(store, keyObject({ owner: 'alice' }), 3), 'ok');
        const over = keyObject({ owner: 'alice' });
        assert.equal(await tryInsert(store, over, 3), 'limit');
        assert.equal(await store.get(over.uid), undefined, 'the refused object was stored');
        assert.equal(await tryInsert(store, keyObject({ owner: 'bob' }), 3), 'ok');
      } finally {
        await store.close();
        await db.dispose();
      }
    });

    test('a destroyed or removed object frees its place; a destroyed one is not counted', async () => {
      const db = await backend.database();
      const store = await db.open(2, newEnvelope());
      try {
        const a = keyObject({ owner: 'alice' });
        const b = keyObject({ owner: 'alice' });
        await store.insert(a);
        await store.insert(b);
        assert.equal(await tryInsert(store, keyObject({ owner: 'alice' }), 2), 'limit');
        await store.update(withState(a, State.Destroyed));
        const c = keyObject({ owner: 'alice' });
        assert.equal(await tryInsert(store, c, 2), 'ok', 'the destroyed key no longer counts');
        assert.equal(await tryInsert(store, keyObject({ owner: 'alice' }), 2), 'limit');
        await store.remove(b.uid);
        assert.equal(
          await tryInsert(store, keyObject({ owner: 'alice' }), 2),
          'ok',
          'the removed key freed its place',
        );
        // A destroyed object back in a live state (Undo) takes a place again.
        await store.update(withState(withState(a, State.Destroyed), State.Active));
        assert.equal(await tryInsert(store, keyObject({ owner: 'alice' }), 2), 'limit');
      } finally {
        await store.close();
        await db.dispose();
      }
    });

    test('two stores on one database racing for the last places: never more than the limit', async () => {
      const db = await backend.database();
      const env = newEnvelope();
      const [one, two] = [await db.open(5, env), await db.open(5, env)];
      try {
        await one.insert(keyObject({ owner: 'carol' }));
        const outcomes = await Promise.all(
          Array.from({ length: 24 }, (_, i) =>
            tryInsert(i % 2 === 0 ? one : two, keyObject({ owner: 'carol' }), 5),
          ),
        );
        assert.equal(outcomes.filter((o) => o === 'ok').length, 4, outcomes.join(' '));
      } finally {
        await one.close();
        await two.close();
        await db.dispose();
      }
    });

    test('a connection opened without a limit (export/import, a node without the setting) is not held to one', async () => {
      const db = await backend.database();
      const env = newEnvelope();
      const limited = await db.open(1, env);
      const free = await db.open(0, env);
      try {
        await limited.insert(keyObject({ owner: 'dave' }));
        assert.equal(await tryInsert(limited, keyObject({ owner: 'dave' }), 1), 'limit');
        for (let i = 0; i < 3; i++) await free.insert(keyObject({ owner: 'dave' }));
      } finally {
        await limited.close();
        await free.close();
        await db.dispose();
      }
    });
  });
}

test('SQLite: the count includes the objects stored before the migration that keeps it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-object-limit-v1-'));
  dirs.push(dir);
  const path = join(dir, 'kmip.sqlite');
  const envelope = newEnvelope();
  const before = new SqliteStore({ path, envelope });
  for (const state of [State.Active, State.PreActive, State.Destroyed]) {
    await before.insert(withState(keyObject({ owner: 'erin' }), state));
  }
  await before.close();
  // Back to the schema version before the owner count, as a database of an older release is.
  const version = SQLITE_MIGRATIONS.indexOf(SQLITE_OWNER_COUNT_MIGRATION);
  assert.ok(version > 0);
  const old = new Database(path);
  old.exec(`DROP TRIGGER owner_objects_insert; DROP TRIGGER owner_objects_delete;
    DROP TRIGGER owner_objects_update; DROP TABLE owner_objects;`);
  old.pragma(`user_version = ${version}`);
  old.close();
  const store = new SqliteStore({ path, envelope, maxObjectsPerOwner: 3 });
  try {
    assert.equal(
      await tryInsert(store, keyObject({ owner: 'erin' }), 3),
      'ok',
      'two live objects, one destroyed',
    );
    assert.equal(await tryInsert(store, keyObject({ owner: 'erin' }), 3), 'limit');
  } finally {
    await store.close();
  }
});
