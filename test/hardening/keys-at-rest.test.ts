// Keys at rest, against the real kmip-server process: the database file alone holds no key
// material; `kmip-server rotate-master-key` re-wraps every object key under a new master key
// while the server keeps answering (no failed request, no restart), the old key is retired once
// nothing uses it, and the server refuses to start with a master key that is not the database's.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { bodyKeyIds as sealedUnder } from '../helpers/sealed-bodies.js';
import { parseMasterKeys } from '../../src/store/master-key.js';
import { RawKmipClient, CREATE_AES_256, keyMaterialOf, uidOf, uidPayload } from './raw-client.js';
import {
  runServerCommand,
  runServerCommandAsync,
  startServerProcess,
  type ServerProcess,
} from './server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kmip-at-rest-'));
const db = join(dir, 'kmip.sqlite');
const keyFile = join(dir, 'master.key');
const ca = join(dir, 'certs', 'ca.crt');
const client = { cert: join(dir, 'certs', 'client.crt'), key: join(dir, 'certs', 'client.key') };
let server: ServerProcess | undefined;
/** uid -> key material, as Get returned it right after Create/Register. */
const material = new Map<string, Buffer>();

async function start(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  server = await startServerProcess(dir, [], env);
  return server;
}
async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  server?.proc.kill(signal);
  await server?.exited;
  server = undefined;
}
const connect = (): Promise<RawKmipClient> => RawKmipClient.connect(server?.port ?? 0, ca, client);

const registerAes = (hex: string): string => `<ObjectType type="Enumeration" value="SymmetricKey"/>
  <TemplateAttribute>
    <Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/><AttributeValue type="Integer" value="Encrypt Decrypt"/></Attribute>
  </TemplateAttribute>
  <SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/>
    <KeyValue><KeyMaterial type="ByteString" value="${hex}"/></KeyValue>
    <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/>
  </KeyBlock></SymmetricKey>`;

/** Every 16-byte window of `needle` that occurs in `hay` (a key leaked whole or in part). */
function leaks(hay: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = 0; i + 16 <= needle.length; i += 8) if (hay.includes(needle.subarray(i, i + 16))) n++;
  return n;
}

const bodyKeyIds = (): Map<string, number> => sealedUnder(db);

before(async () => {
  await start();
  const c = await connect();
  try {
    for (let i = 0; i < 20; i++) {
      const uid = uidOf(await c.op('Create', CREATE_AES_256));
      assert.ok(uid);
      const key = keyMaterialOf(await c.op('Get', uidPayload(uid)));
      assert.ok(key?.length === 32);
      material.set(uid, Buffer.from(key));
    }
    const known = randomBytes(32);
    const registered = await c.op('Register', registerAes(known.toString('hex')));
    assert.equal(registered.status, 'Success', registered.xml);
    material.set(uidOf(registered) ?? '', known);
  } finally {
    c.close();
  }
});
after(async () => {
  await stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the database file alone', () => {
  test('holds none of the key material of keys created or registered through the server', async () => {
    await stop('SIGKILL'); // whatever is in the write-ahead log stays there
    const files = [db, `${db}-wal`].filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    assert.ok(bytes.length > 4096);
    for (const [uid, key] of material) {
      assert.equal(leaks(bytes, key), 0, `key material of ${uid} is in ${files.join(' or ')}`);
      assert.ok(bytes.includes(Buffer.from(uid)), 'the objects are there (their identifiers are)');
    }
    const masterKey = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
    assert.equal(leaks(bytes, masterKey), 0, 'nor is the master key');
    // The search does find a key that is there.
    const [, some] = [...material][0] ?? [];
    assert.ok(some !== undefined && leaks(Buffer.concat([bytes, some]), some) > 0);
    await start();
  });
});

describe('master key rotation', () => {
  test(
    're-wraps every object key under a new key while the server serves; old keys retire',
    { timeout: 120_000 },
    async () => {
      const oldId = parseMasterKeys(readFileSync(keyFile, 'utf8'), keyFile)[0]?.id;
      assert.deepEqual([...bodyKeyIds().keys()], [oldId]);
      // A load that must see no failure at any point of the rotation.
      const c = await connect();
      const failures: string[] = [];
      let ops = 0;
      let running = true;
      const load = (async () => {
        while (running) {
          try {
            const created = await c.op('Create', CREATE_AES_256);
            const uid = uidOf(created);
            if (created.status !== 'Success' || uid === undefined) failures.push(`Create: ${created.reason}`);
            else {
              const got = await c.op('Get', uidPayload(uid));
              if (got.status !== 'Success') failures.push(`Get: ${got.reason} ${got.message}`);
              else material.set(uid, Buffer.from(keyMaterialOf(got) ?? []));
            }
            const [someUid] = [...material.keys()].slice(Math.floor(Math.random() * material.size));
            const old = await c.op('Get', uidPayload(someUid ?? ''));
            if (old.status !== 'Success') failures.push(`Get old: ${old.reason} ${old.message}`);
            ops += 3;
          } catch (e) {
            failures.push(`connection: ${(e as Error).message}`);
            return;
          }
        }
      })();
      const r = await runServerCommandAsync(['rotate-master-key', '--data-dir', dir]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /re-wrapped \d+ object key\(s\) under master key [0-9a-f]{16}/);
      const keys = parseMasterKeys(readFileSync(keyFile, 'utf8'), keyFile);
      assert.equal(keys.length, 2);
      assert.equal(keys[1]?.id, oldId, 'the old key is kept after the new one');
      const newId = keys[0]?.id;
      // The running server picks up the new key file by itself and re-wraps what it sealed meanwhile.
      for (let i = 0; i < 100 && [...bodyKeyIds().keys()].join() !== newId; i++) await sleep(100);
      assert.deepEqual([...bodyKeyIds().keys()], [newId]);
      await sleep(300);
      running = false;
      await load;
      c.close();
      assert.deepEqual(failures, []);
      assert.ok(ops > 10, `only ${ops} requests ran during the rotation`);
      // The workers poll the key file every 2 s; the load may have seen the new key sooner.
      for (let i = 0; i < 60 && !/master keys reloaded/.test(server?.log() ?? ''); i++) await sleep(100);
      assert.match(server?.log() ?? '', /master keys reloaded/);

      const retired = runServerCommand(['rotate-master-key', '--retire-old-keys', '--data-dir', dir]);
      assert.equal(retired.status, 0, retired.stdout + retired.stderr);
      assert.deepEqual(
        parseMasterKeys(readFileSync(keyFile, 'utf8'), keyFile).map((k) => k.id),
        [newId],
      );
      // After a restart with the new key only, every key reads back unchanged.
      await stop();
      await start();
      const after = await connect();
      try {
        for (const [uid, key] of material) {
          const got = await after.op('Get', uidPayload(uid));
          assert.equal(got.status, 'Success', got.xml);
          assert.ok(Buffer.from(keyMaterialOf(got) ?? []).equals(key), `key material of ${uid} changed`);
        }
      } finally {
        after.close();
      }
    },
  );

  test('--new-master-key FILE puts the key from FILE first', async () => {
    const before = readFileSync(keyFile, 'utf8');
    const stranger = join(dir, 'stranger.key');
    writeFileSync(stranger, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    const r = runServerCommand(['rotate-master-key', '--new-master-key', stranger, '--data-dir', dir]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const ids = parseMasterKeys(readFileSync(keyFile, 'utf8'), keyFile).map((k) => k.id);
    assert.equal(ids[0], parseMasterKeys(readFileSync(stranger, 'utf8'), stranger)[0]?.id);
    assert.notEqual(readFileSync(keyFile, 'utf8'), before);
  });
});

describe('a wrong master key', () => {
  test('kmip-server refuses to start, exit code 1, with a message that says so', async () => {
    await stop();
    const wrong = runServerCommand(['--data-dir', dir, '-n', '127.0.0.1', '-p', '0'], {
      KMIP_MASTER_KEY: randomBytes(32).toString('hex'),
    });
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /kmip-server: the master key does not match this database/);
    assert.doesNotMatch(wrong.stderr, /\n\s+at /, 'a message, not a stack trace');
    assert.doesNotMatch(wrong.stderr, /listening/);
    const malformed = runServerCommand(['--data-dir', dir, '-n', '127.0.0.1', '-p', '0'], {
      KMIP_MASTER_KEY: 'not-a-key',
    });
    assert.equal(malformed.status, 1);
    assert.match(malformed.stderr, /KMIP_MASTER_KEY \(key 1\): a master key is 32 bytes/);
  });
});
