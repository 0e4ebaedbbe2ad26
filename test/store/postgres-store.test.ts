// The shared store suite (store-contract.ts) on the PostgreSQL backend, each test on a new
// database of one throwaway cluster (test/helpers/postgres.ts), plus what only PostgreSQL has:
// the schema_version table, migrations serialized by the advisory lock across nodes, and a
// refusal to run on a schema newer than this code. Skipped when PostgreSQL is not installed.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Client, Pool } from 'pg';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { migratePostgres, POSTGRES_MIGRATIONS } from '../../src/store/postgres-migrations.js';
import {
  postgresUnavailableReason,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/postgres.js';
import { encodeAttributesBlob, stateOf } from '../../src/store/object-codec.js';
import {
  keyObject,
  named,
  newEnvelope,
  rawOf,
  storeContract,
  type ContractDatabase,
} from './store-contract.js';

const skip = postgresUnavailableReason();
let cluster: Promise<ThrowawayPostgres> | undefined;
let databases = 0;

after(async () => {
  if (cluster !== undefined) await (await cluster).stop();
});

async function freshDatabase(): Promise<string> {
  cluster ??= startThrowawayPostgres();
  return (await cluster).createDatabase(`contract_${++databases}`);
}

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

storeContract(
  {
    name: 'PostgreSQL',
    database: async (): Promise<ContractDatabase> => {
      const url = await freshDatabase();
      return {
        open: (envelope) => PostgresStore.open({ connectionString: url, envelope }),
        rawRows: async () => rawOf(await query(url, 'SELECT * FROM objects ORDER BY seq')),
        dispose: async () => undefined,
      };
    },
  },
  skip,
);

describe('PostgreSQL migrations', { skip: skip ?? false }, () => {
  test('eight nodes opening a new database at once apply each migration exactly once', async () => {
    const url = await freshDatabase();
    const env = newEnvelope();
    const stores = await Promise.all(
      Array.from({ length: 8 }, () => PostgresStore.open({ connectionString: url, envelope: env })),
    );
    await Promise.all(stores.map((s) => s.close()));
    const rows = await query<{ version: number }>(
      url,
      'SELECT version FROM kmip_schema_version ORDER BY version',
    );
    assert.deepEqual(
      rows.map((r) => r.version),
      POSTGRES_MIGRATIONS.map((_, i) => i + 1),
    );
  });

  test('the advisory lock makes a slow migration run once while another node waits for it', async () => {
    const url = await freshDatabase();
    const pool = new Pool({ connectionString: url, max: 4 });
    try {
      const slow = [...POSTGRES_MIGRATIONS, 'SELECT pg_sleep(0.3); CREATE TABLE extra (x INT)'];
      const run = async (): Promise<number[]> => {
        const c = await pool.connect();
        try {
          return await migratePostgres(c, slow);
        } finally {
          c.release();
        }
      };
      const results = await Promise.all([run(), run(), run()]);
      const applied = results.flat().sort();
      assert.deepEqual(
        applied,
        slow.map((_, i) => i + 1),
        `applied: ${JSON.stringify(results)}`,
      );
      // The lock is released afterwards: a later run finds nothing to do.
      assert.deepEqual(await run(), []);
    } finally {
      await pool.end();
    }
  });

  test('a database migrated by newer code is refused rather than misread', async () => {
    const url = await freshDatabase();
    const pool = new Pool({ connectionString: url, max: 1 });
    const c = await pool.connect();
    await migratePostgres(c, [...POSTGRES_MIGRATIONS, 'CREATE TABLE from_the_future (x INT)']);
    c.release();
    await pool.end();
    await assert.rejects(
      PostgresStore.open({ connectionString: url, envelope: newEnvelope() }),
      new RegExp(
        `schema version ${POSTGRES_MIGRATIONS.length + 1} is newer than this server knows \\(${POSTGRES_MIGRATIONS.length}\\)`,
      ),
    );
  });

  test('a database written by schema 1 gets its Locate index built by migration 2', async () => {
    const url = await freshDatabase();
    const objs = [keyObject({ names: ['old-1'] }), keyObject({ owner: 'bob', names: ['old-1'] })];
    const pool = new Pool({ connectionString: url, max: 1 });
    const c = await pool.connect();
    try {
      await migratePostgres(c, POSTGRES_MIGRATIONS.slice(0, 1));
      for (const o of objs)
        await c.query(
          'INSERT INTO objects (uid, object_type, state, owner, revision, attributes, body) VALUES ($1, $2, $3, $4, 1, $5, NULL)',
          [o.uid, o.objectType, stateOf(o.attributes), o.owner, encodeAttributesBlob(o.attributes)],
        );
    } finally {
      c.release();
      await pool.end();
    }
    const store = await PostgresStore.open({ connectionString: url, envelope: newEnvelope() });
    try {
      assert.deepEqual(await named(store, 'alice', 'old-1'), [objs[0]?.uid]);
      assert.deepEqual(await named(store, 'bob', 'old-1'), [objs[1]?.uid]);
    } finally {
      await store.close();
    }
  });

  test('an unreachable database fails open with the connection error', async () => {
    await assert.rejects(
      PostgresStore.open({ connectionString: 'postgres://kmip@127.0.0.1:1/none', envelope: newEnvelope() }),
      /ECONNREFUSED/,
    );
  });
});
