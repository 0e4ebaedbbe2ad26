// Moving objects from SQLite to PostgreSQL with `kmip-server export` / `kmip-server import`:
// keys created over KMIP on a SQLite node come back byte for byte from Get on a PostgreSQL node,
// with owner, names and attributes; the export file holds no key in the clear; a wrong master key,
// a truncated or tampered file, or an object already present imports nothing.
// Skipped when PostgreSQL is not installed.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';
import { Envelope, masterKeyId } from '../../src/store/envelope.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { exportObjects, importObjects } from '../../src/store/export-import.js';
import {
  postgresUnavailableReason,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/postgres.js';
import { collect, keyObject, named, newEnvelope } from './store-contract.js';
import {
  NodeConnection,
  attributesOf,
  createKey,
  getKeyBytes,
  locateByName,
  startNode,
} from './kmip-node.js';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'src', 'cli', 'kmip-server.ts');
const skip = postgresUnavailableReason();

describe('kmip-server export / import (SQLite to PostgreSQL)', { skip: skip ?? false }, () => {
  let pg: ThrowawayPostgres | undefined;
  let dir = '';
  let certs: DemoCertificates;
  let databases = 0;
  const fresh = async (): Promise<string> => pg!.createDatabase(`import_${++databases}`);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kmip-export-'));
    [pg, certs] = await Promise.all([startThrowawayPostgres(), ensureDemoCertificates(join(dir, 'certs'))]);
  });

  after(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the CLI moves keys made on a SQLite node to PostgreSQL; Get on a PostgreSQL node returns the same bytes', async () => {
    const key = randomBytes(32);
    const masterKey = { id: masterKeyId(key), key };
    const sqliteDir = join(dir, 'sqlite-node');
    const sqlite = await startNode({ certs, masterKey, databasePath: join(dir, 'cli-source.sqlite') });
    const c = await NodeConnection.open(sqlite.address.port, certs);
    const made = new Map<string, Uint8Array>();
    for (let i = 0; i < 5; i++) {
      const uid = await createKey(c, `moved-${i}`);
      made.set(uid, await getKeyBytes(c, uid));
    }
    const first = [...made.keys()][0]!;
    assert.equal(
      (await c.op('Activate', `<UniqueIdentifier type="TextString" value="${first}"/>`)).status,
      'Success',
    );
    c.close();
    await sqlite.close();

    const file = join(dir, 'objects.kmip-export');
    const env = {
      ...process.env,
      KMIP_MASTER_KEY: key.toString('hex'),
      KMIP_SERVER_CONFIG: '',
      KMIP_DATABASE_URL: '',
    };
    // An empty server.conf, so a /etc/pykmip/server.conf on this machine plays no part.
    const conf = join(dir, 'empty.conf');
    writeFileSync(conf, '[server]\n');
    const cli = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', CLI, ...args, '-f', conf], { env, cwd: process.cwd() });
    const exported = await cli([
      'export',
      file,
      '--data-dir',
      sqliteDir,
      '-d',
      join(dir, 'cli-source.sqlite'),
    ]);
    assert.match(exported.stdout, /exported 5 objects/);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the export file is private');
    const text = readFileSync(file, 'utf8');
    for (const bytes of made.values()) {
      const b = Buffer.from(bytes);
      assert.ok(
        !text.includes(b.toString('base64')) && !text.includes(b.toString('hex')),
        'a key is in the clear',
      );
      assert.ok(!Buffer.concat(base64Fields(text)).includes(b), 'a key is in the clear inside a field');
    }

    const url = await fresh();
    const imported = await cli(['import', file, '--data-dir', join(dir, 'pg-node'), '--database-url', url]);
    assert.match(
      imported.stdout,
      /imported 5 objects from .* into postgres:\/\/kmip@127\.0\.0\.1:\d+\/import_\d+/,
    );

    const node = await startNode({ certs, masterKey, databaseUrl: url, databasePath: join(dir, 'unused') });
    const p = await NodeConnection.open(node.address.port, certs);
    try {
      for (const [uid, bytes] of made) assert.deepEqual(await getKeyBytes(p, uid), bytes);
      assert.deepEqual(await locateByName(p, 'moved-3'), [[...made.keys()][3]]);
      const attrs = await attributesOf(p, first);
      assert.equal(attrs.get('State')?.[0]?.value, 2, 'the Active state came along');
      const owners = new Set<string | undefined>();
      for (const uid of made.keys()) owners.add((await node.store.get(uid))?.owner);
      assert.deepEqual([...owners], ['demo-client'], 'owners came along');
    } finally {
      p.close();
      await node.close();
    }

    // Importing again adds nothing: every object already exists.
    await assert.rejects(cli(['import', file, '--database-url', url]), (e: { stderr: string }) =>
      /kmip-server import: object .* already exists in this database; nothing was imported/.test(e.stderr),
    );
  });

  test('database_url in server.conf makes kmip-server store in PostgreSQL, with the password kept out of the log', async () => {
    const url = await fresh();
    const dataDir = mkdtempSync(join(dir, 'conf-node-'));
    const nodeCerts = await ensureDemoCertificates(join(dataDir, 'certs'));
    const withPassword = url.replace('kmip@', 'kmip:s3cret-pw@');
    writeFileSync(join(dataDir, 'server.conf'), `[server]\ndatabase_url = ${withPassword}\n`);
    const key = randomBytes(32);
    const child = spawn(
      process.execPath,
      [
        '--openssl-legacy-provider',
        '--import',
        'tsx',
        CLI,
        '-p',
        '0',
        '--data-dir',
        dataDir,
        '-f',
        join(dataDir, 'server.conf'),
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...envWithout('KMIP_DATABASE_URL'), KMIP_MASTER_KEY: key.toString('hex') },
      },
    );
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${out}`)), 30_000);
        child.stderr.on('data', () => {
          const m = /listening on [^\s:]+:(\d+)/.exec(out);
          if (m !== null) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
        void exited.then((code) => reject(new Error(`exited with ${code}:\n${out}`)));
      });
      assert.match(out, /"database":"postgres:\/\/kmip:\*\*\*@127\.0\.0\.1:\d+\/import_\d+"/);
      assert.doesNotMatch(out, /s3cret-pw/);
      const c = await NodeConnection.open(port, nodeCerts);
      const uid = await createKey(c, 'via-server-conf');
      c.close();
      const store = await PostgresStore.open({
        connectionString: url,
        envelope: new Envelope([{ id: masterKeyId(key), key }]),
      });
      try {
        assert.deepEqual(await named(store, 'demo-client', 'via-server-conf'), [uid]);
      } finally {
        await store.close();
      }
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, out);
    }
    assert.ok(!existsSync(join(dataDir, 'kmip.sqlite')), 'no SQLite database was made');
  });

  test('an import with another master key, a truncated file or a tampered body writes nothing', async () => {
    const env = newEnvelope();
    const source = new SqliteStore({ path: join(dir, 'checks.sqlite'), envelope: env });
    const objs = [keyObject({ names: ['a'] }), keyObject({ names: ['b'] })];
    for (const o of objs) await source.insert(o);
    const file = join(dir, 'checks.kmip-export');
    assert.equal(await exportObjects(source, env, file), 2);
    await source.close();

    const url = await fresh();
    const target = await PostgresStore.open({ connectionString: url, envelope: env });
    try {
      const other = newEnvelope();
      await assert.rejects(
        importObjects(target, other, file),
        /made under master key .* which this server does not have/,
      );

      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      const truncated = join(dir, 'truncated');
      writeFileSync(truncated, lines.slice(0, -1).join('\n') + '\n');
      await assert.rejects(importObjects(target, env, truncated), /no end marker; the export is truncated/);

      // Swap the two bodies: each is bound to its own uid, so neither opens in the other's row.
      const [h, r1, r2, end] = lines as [string, string, string, string];
      const a = JSON.parse(r1) as { body: string };
      const b = JSON.parse(r2) as { body: string };
      const tampered = join(dir, 'tampered');
      writeFileSync(
        tampered,
        [h, JSON.stringify({ ...a, body: b.body }), JSON.stringify({ ...b, body: a.body }), end].join('\n') +
          '\n',
      );
      await assert.rejects(importObjects(target, env, tampered), /does not open under this master key/);

      assert.deepEqual(await collect(target.sealedRecords()), [], 'a refused import left objects behind');
      assert.equal(await importObjects(target, env, file), 2);
      for (const o of objs) assert.deepEqual(await target.get(o.uid), o);
    } finally {
      await target.close();
    }
  });

  test('the import of a store into itself is refused and changes nothing', async () => {
    const url = await fresh();
    const env = new Envelope([{ id: 'k', key: randomBytes(32) }]);
    const store = await PostgresStore.open({ connectionString: url, envelope: env });
    try {
      const o = keyObject();
      await store.insert(o);
      const file = join(dir, 'self.kmip-export');
      await exportObjects(store, env, file);
      await assert.rejects(importObjects(store, env, file), /already exists/);
      assert.equal((await collect(store.sealedRecords())).length, 1);
    } finally {
      await store.close();
    }
  });
});

/** The environment minus one variable (an empty KMIP_DATABASE_URL would override server.conf). */
function envWithout(name: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[name];
  return env;
}

/** Every base64 field value of every record line, decoded. */
function base64Fields(text: string): Buffer[] {
  return text
    .trimEnd()
    .split('\n')
    .slice(1, -1)
    .flatMap((l) => {
      const r = JSON.parse(l) as { attributes: string; body: string | null };
      return [
        Buffer.from(r.attributes, 'base64'),
        ...(r.body === null ? [] : [Buffer.from(r.body, 'base64')]),
      ];
    });
}
