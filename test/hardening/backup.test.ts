// Online backup and restore of the SQLite store, against the real kmip-server: `kmip-server backup`
// runs while creates keep coming, the copy holds every key acknowledged before it began (and no key
// in the clear), `kmip-server restore` refuses while the server runs, and after a stop and a
// restore every key acknowledged before the backup is served again with the same bytes, while keys
// made after the backup are gone (the database really was replaced; the old one is kept aside).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { RawKmipClient, CREATE_AES_256, keyMaterialOf, uidOf, uidPayload } from './raw-client.js';
import { runServerCommandAsync, startServerProcess, type ServerProcess } from './server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kmip-backup-'));
const copy = join(dir, 'backups', 'kmip.backup');
const ca = join(dir, 'certs', 'ca.crt');
const client = { cert: join(dir, 'certs', 'client.crt'), key: join(dir, 'certs', 'client.key') };
let server: ServerProcess | undefined;

after(async () => {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

async function stopServer(): Promise<void> {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  server = undefined;
}

describe('kmip-server backup and restore (SQLite)', () => {
  /** Keys acknowledged before the backup began, with their bytes. */
  const before = new Map<string, Buffer>();
  /** Keys acknowledged after the backup had finished. */
  const later: string[] = [];

  test('a backup taken while creates keep coming holds every key acknowledged before it began', async () => {
    server = await startServerProcess(dir);
    const c = await RawKmipClient.connect(server.port, ca, client);
    const create = async (): Promise<string> => {
      const uid = uidOf(await c.op('Create', CREATE_AES_256));
      assert.ok(uid);
      return uid;
    };
    try {
      for (let i = 0; i < 40; i++) {
        const uid = await create();
        before.set(uid, Buffer.from(keyMaterialOf(await c.op('Get', uidPayload(uid))) ?? []));
      }
      // Creates go on, pipelined, for as long as the backup runs.
      let running = true;
      const load = (async () => {
        let n = 0;
        while (running) {
          await Promise.all(Array.from({ length: 8 }, create));
          n += 8;
        }
        return n;
      })();
      const r = await runServerCommandAsync(['backup', copy, '--data-dir', dir]);
      running = false;
      const during = await load;
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stdout,
        /backed up .*kmip\.sqlite to .*kmip\.backup: \d+ objects, schema version \d+, \d+ bytes; opens with the configured master key/,
      );
      assert.ok(during > 0, 'creates were served while the backup ran');
      for (let i = 0; i < 10; i++) later.push(await create());
    } finally {
      c.close();
    }
    assert.equal(statSync(copy).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(dir, 'backups')), ['kmip.backup'], 'no partial file is left behind');
    const bytes = readFileSync(copy);
    for (const [uid, key] of before)
      assert.equal(bytes.includes(key), false, `the key of ${uid} is in the copy in the clear`);
  });

  test('restore refuses while the server runs', async () => {
    const r = await runServerCommandAsync(['restore', copy, '--data-dir', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /kmip-server restore: kmip-server is running \(pid \d+\): stop it, then restore/);
  });

  test('after a stop and a restore: every key from before the backup, with its bytes; later keys are gone', async () => {
    await stopServer();
    const r = await runServerCommandAsync(['restore', copy, '--data-dir', dir]);
    assert.equal(r.status, 0, r.stderr);
    const kept = /the database it replaced is kept as (\S+)/.exec(r.stdout)?.[1];
    assert.ok(kept !== undefined && existsSync(kept), r.stdout);
    assert.equal(existsSync(join(dir, 'kmip.sqlite-wal')), false);
    server = await startServerProcess(dir);
    const c = await RawKmipClient.connect(server.port, ca, client);
    try {
      for (const [uid, key] of before) {
        const got = await c.op('Get', uidPayload(uid));
        assert.equal(got.status, 'Success', got.xml);
        assert.ok(Buffer.from(keyMaterialOf(got) ?? []).equals(key), `the key bytes of ${uid} changed`);
      }
      for (const uid of later) {
        const got = await c.op('Get', uidPayload(uid));
        assert.equal(got.status, 'OperationFailed', `${uid} was made after the backup, yet it is there`);
      }
    } finally {
      c.close();
    }
  });

  test('a copy sealed under another master key is not restored', async () => {
    await stopServer();
    const r = await runServerCommandAsync(['restore', copy, '--data-dir', dir], {
      KMIP_MASTER_KEY: 'ab'.repeat(32),
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /sealed under another master key than the one configured; .*Nothing was restored/);
  });
});
