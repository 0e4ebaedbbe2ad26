// Backing up a PostgreSQL store, as the README tells operators to: pg_dump of a database that
// kmip-ts nodes use, pg_restore into a new database, and a node on the restored database serves
// every key with the same bytes, finds them by name, and keeps creating (sequence, triggers and
// migrations came along); and `kmip-server export` / `import` round-trips PostgreSQL to PostgreSQL.
// Skipped when PostgreSQL is not installed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';
import { masterKeyId, type MasterKey } from '../../src/store/envelope.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres-migrations.js';
import {
  postgresBinDir,
  postgresUnavailableReason,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/postgres.js';
import { runServerCommandAsync } from '../hardening/server-process.js';
import { NodeConnection, createKey, getKeyBytes, locateByName, startNode } from './kmip-node.js';

const run = promisify(execFile);
const skip = postgresUnavailableReason();

describe('PostgreSQL backup and restore', { skip: skip ?? false }, () => {
  let pg: ThrowawayPostgres | undefined;
  let certs: DemoCertificates;
  const dir = mkdtempSync(join(tmpdir(), 'kmip-pg-backup-'));
  const key = randomBytes(32);
  const masterKey: MasterKey = { id: masterKeyId(key), key };
  /** Keys made on the source database, by uid: their bytes and name. */
  const made = new Map<string, { bytes: Uint8Array; name: string }>();

  before(async () => {
    [pg, certs] = await Promise.all([startThrowawayPostgres(), ensureDemoCertificates(join(dir, 'certs'))]);
    const node = await startNode({
      certs,
      masterKey,
      databaseUrl: pg.url,
      databasePath: join(dir, 'unused'),
    });
    const c = await NodeConnection.open(node.address.port, certs);
    try {
      for (let i = 0; i < 6; i++) {
        const uid = await createKey(c, `backed-up-${i}`);
        made.set(uid, { bytes: await getKeyBytes(c, uid), name: `backed-up-${i}` });
      }
    } finally {
      c.close();
      await node.close();
    }
  });
  after(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A node on `url` serves every key made, by uid and by name, and can still create. */
  async function servesEverything(url: string): Promise<void> {
    const node = await startNode({ certs, masterKey, databaseUrl: url, databasePath: join(dir, 'unused') });
    const c = await NodeConnection.open(node.address.port, certs);
    try {
      for (const [uid, { bytes, name }] of made) {
        assert.deepEqual(await getKeyBytes(c, uid), bytes, `the key bytes of ${uid}`);
        assert.deepEqual(await locateByName(c, name), [uid]);
      }
      const fresh = await createKey(c, 'after-restore');
      assert.ok(!made.has(fresh));
    } finally {
      c.close();
      await node.close();
    }
  }

  test('pg_dump, then pg_restore into a new database: a node there serves every key', async () => {
    assert.ok(pg);
    const bin = postgresBinDir() ?? '';
    const dump = join(dir, 'kmip.dump');
    await run(join(bin, 'pg_dump'), ['--format=custom', '--file', dump, '--dbname', pg.url]);
    const restored = await pg.createDatabase('restored');
    await run(join(bin, 'pg_restore'), ['--no-owner', '--exit-on-error', '--dbname', restored, dump]);
    const { stdout } = await run(join(bin, 'psql'), [
      '--no-psqlrc',
      '-tA',
      '--dbname',
      restored,
      '-c',
      "SELECT (SELECT max(version) FROM kmip_schema_version) || ' ' || (SELECT count(*) FROM pg_trigger WHERE tgname = 'objects_owner_limit')",
    ]);
    assert.equal(
      stdout.trim(),
      `${POSTGRES_MIGRATIONS.length} 1`,
      'schema version and limit trigger came along',
    );
    await servesEverything(restored);
  });

  test('kmip-server export from PostgreSQL and import into another: the same keys', async () => {
    assert.ok(pg);
    const file = join(dir, 'objects.kmip-export');
    const conf = join(dir, 'empty.conf');
    writeFileSync(conf, '[server]\n');
    const env = { KMIP_MASTER_KEY: key.toString('hex'), KMIP_SERVER_CONFIG: '', KMIP_DATABASE_URL: '' };
    const exported = await runServerCommandAsync(['export', file, '-f', conf, '--database-url', pg.url], env);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, new RegExp(`exported ${made.size} objects`));
    const target = await pg.createDatabase('imported');
    const imported = await runServerCommandAsync(['import', file, '-f', conf, '--database-url', target], env);
    assert.equal(imported.status, 0, imported.stderr);
    await servesEverything(target);
  });
});
