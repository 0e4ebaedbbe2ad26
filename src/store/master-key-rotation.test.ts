import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../log/logger.js';
import { keyObject } from '../../test/store/store-contract.js';
import { Envelope } from './envelope.js';
import {
  generateMasterKey,
  loadMasterKeys,
  MasterKeyError,
  parseMasterKeys,
  writeMasterKeyFile,
} from './master-key.js';
import { MasterKeyRotation, type RewrappableStore } from './master-key-rotation.js';
import { SqliteStore } from './sqlite-store.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

const tmp = (): string => tempDir('kmip-mk-');

test('a key file lists keys a line, first seals; comments, blanks and repeats are skipped', () => {
  const [a, b] = [generateMasterKey(), generateMasterKey()];
  const text = `# header\n${a.key.toString('hex')}\n\n${b.key.toString('base64')}\n${a.key.toString('hex')}\n`;
  assert.deepEqual(
    parseMasterKeys(text, 'f').map((k) => k.id),
    [a.id, b.id],
  );
  const env = loadMasterKeys({ env: `${b.key.toString('hex')}, ${a.key.toString('hex')}` });
  assert.deepEqual(
    env.map((k) => k.id),
    [b.id, a.id],
  );
  assert.throws(() => parseMasterKeys('# nothing\n', 'f'), MasterKeyError);
  assert.throws(() => parseMasterKeys('abcd\n', 'f'), /f \(key 1\): a master key is 32 bytes/);
});

test('writeMasterKeyFile replaces the file atomically with mode 0600, and reads back', () => {
  const file = join(tmp(), 'master.key');
  const keys = [generateMasterKey(), generateMasterKey()];
  writeMasterKeyFile(file, keys, 'two keys');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.match(readFileSync(file, 'utf8'), /^# two keys\n/);
  assert.deepEqual(
    loadMasterKeys({ file }).map((k) => k.id),
    keys.map((k) => k.id),
  );
});

test('a running store follows a rotation made by another process: it reloads, re-wraps, reseals', async () => {
  const dir = tmp();
  const file = join(dir, 'master.key');
  const path = join(dir, 'kmip.sqlite');
  const [oldKey, newKey] = [generateMasterKey(), generateMasterKey()];
  writeMasterKeyFile(file, [oldKey]);
  const load = (): ReturnType<typeof loadMasterKeys> => loadMasterKeys({ file });
  const envelope = new Envelope(load(), { reload: load });
  const server = new SqliteStore({ path, envelope });
  const objs = [keyObject(), keyObject(), keyObject()];
  for (const o of objs) await server.insert(o);
  const rotation = new MasterKeyRotation({
    envelope,
    store: server,
    load,
    file,
    pollMs: 20,
    log: silentLogger,
  });
  rotation.start();
  try {
    // The rotate command: new key first in the file, then its own re-wrap of what it finds.
    writeMasterKeyFile(file, [newKey, oldKey]);
    const tool = new SqliteStore({ path, envelope: new Envelope([newKey, oldKey]) });
    await tool.rewrapStale(0, 1);
    await tool.close();
    // The server opens a body the tool re-wrapped before it has seen the new file.
    const first = objs[0];
    assert.ok(first);
    assert.deepEqual(await server.get(first.uid), first);
    assert.equal(envelope.currentKeyId, newKey.id, 'an unknown key id made the envelope re-read the file');
    // It seals new bodies under the new key, and finishes the re-wrap by itself.
    const late = keyObject();
    await server.insert(late);
    for (let i = 0; i < 100 && (await server.countStale()) > 0; i++) await sleep(20);
    assert.equal(await server.countStale(), 0);
  } finally {
    await rotation.stop();
    await server.close();
  }
  // Only the new key is needed now; the old one alone no longer opens the database.
  const after = new SqliteStore({ path, envelope: new Envelope([newKey]) });
  for (const o of objs) assert.deepEqual(await after.get(o.uid), o);
  await after.close();
  assert.throws(() => new SqliteStore({ path, envelope: new Envelope([oldKey]) }), MasterKeyError);
});

test('reload() with the same keys finishes an interrupted rotation', async () => {
  const path = join(tmp(), 'kmip.sqlite');
  const [oldKey, newKey] = [generateMasterKey(), generateMasterKey()];
  const before = new SqliteStore({ path, envelope: new Envelope([oldKey]) });
  await before.insert(keyObject());
  await before.close();
  const envelope = new Envelope([newKey, oldKey]);
  const store = new SqliteStore({ path, envelope });
  const rotation = new MasterKeyRotation({
    envelope,
    store,
    load: () => [newKey, oldKey],
    log: silentLogger,
  });
  assert.equal(await store.countStale(), 1);
  await rotation.reload();
  assert.equal(await store.countStale(), 0);
  await rotation.stop();
  await store.close();
});

test('a pass that leaves bodies under an older key is followed by another, without a reload', async () => {
  const path = join(tmp(), 'kmip.sqlite');
  const [oldKey, newKey] = [generateMasterKey(), generateMasterKey()];
  const before = new SqliteStore({ path, envelope: new Envelope([oldKey]) });
  for (let i = 0; i < 3; i++) await before.insert(keyObject());
  await before.close();
  const envelope = new Envelope([newKey, oldKey]);
  const store = new SqliteStore({ path, envelope });
  // The first batch fails as a busy token would: nothing re-wrapped, the rows reported.
  let failures = 1;
  const flaky: RewrappableStore = {
    rewrapStale: async (after, limit) => {
      if (failures-- > 0) return { lastSeq: after, scanned: 0, rewrapped: 0, failed: ['all: token busy'] };
      return store.rewrapStale(after, limit);
    },
    countStale: () => store.countStale(),
    resealKeyCheck: () => store.resealKeyCheck(),
  };
  const rotation = new MasterKeyRotation({
    envelope,
    store: flaky,
    load: () => [newKey, oldKey],
    pollMs: 20,
    log: silentLogger,
  });
  try {
    rotation.start();
    for (let i = 0; i < 100 && (await store.countStale()) > 0; i++) await sleep(20);
    assert.equal(await store.countStale(), 0, 'the retry pass re-wrapped what the first left');
    assert.ok(failures < 0, 'a second pass ran');
  } finally {
    await rotation.stop();
    await store.close();
  }
});
