// A master key on a PKCS#11 token (SoftHSM2), against the real kmip-server process: the data keys
// are wrapped on the token, a restart with the same token reads every key back, the database file
// holds no key material, the key on the token is sensitive and not extractable, and another
// token (another key) or a wrong PIN stops the start. Skipped without SoftHSM2 or pkcs11js.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadPkcs11Binding } from '../../src/store/pkcs11-binding.js';
import { bodyKeyIds } from '../helpers/sealed-bodies.js';
import { makeSoftHsmTokens, SOFTHSM_LIB, softhsmSkip } from '../helpers/softhsm.js';
import { RawKmipClient, CREATE_AES_256, keyMaterialOf, uidOf, uidPayload } from './raw-client.js';
import { runServerCommand, startServerProcess, type ServerProcess } from './server-process.js';

const LIB = SOFTHSM_LIB;
const skip = softhsmSkip;

const dir = mkdtempSync(join(tmpdir(), 'kmip-pkcs11-'));
const db = join(dir, 'kmip.sqlite');
const ca = join(dir, 'certs', 'ca.crt');
const client = { cert: join(dir, 'certs', 'client.crt'), key: join(dir, 'certs', 'client.key') };
const hsmConf = join(dir, 'softhsm2.conf');
let env: Record<string, string> = {};
const material = new Map<string, Buffer>();
let server: ServerProcess | undefined;

/** A server.conf naming the token by its label; the key object is `kmip-master`. */
function conf(token: string, extra: readonly string[] = []): string {
  const path = join(dir, `server-${token}${extra.length}.conf`);
  writeFileSync(
    path,
    [
      '[server]',
      `master_key_pkcs11 = ${LIB}`,
      `master_key_pkcs11_token_label = ${token}`,
      'master_key_pkcs11_label = kmip-master',
      ...extra,
      '',
    ].join('\n'),
  );
  return path;
}
const serverArgs = (token: string, extra: readonly string[] = []): string[] => [
  '-f',
  conf(token, extra),
  '--data-dir',
  dir,
  '-n',
  '127.0.0.1',
  '-p',
  '0',
];

async function stop(): Promise<void> {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  server = undefined;
}
const connect = (): Promise<RawKmipClient> => RawKmipClient.connect(server?.port ?? 0, ca, client);

before(() => {
  if (skip !== false) return;
  env = makeSoftHsmTokens(dir, ['kmip-test', 'kmip-other']);
});
after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a master key on a PKCS#11 token', { skip }, () => {
  test('seals the keys created through the server; a restart with the same token reads them', async () => {
    server = await startServerProcess(dir, ['-f', conf('kmip-test')], env);
    const c = await connect();
    try {
      for (let i = 0; i < 5; i++) {
        const uid = uidOf(await c.op('Create', CREATE_AES_256));
        assert.ok(uid);
        const key = keyMaterialOf(await c.op('Get', uidPayload(uid)));
        assert.equal(key?.length, 32);
        material.set(uid, Buffer.from(key ?? []));
      }
    } finally {
      c.close();
    }
    await stop();
    assert.equal(existsSync(join(dir, 'master.key')), false, 'no software master key was made');
    server = await startServerProcess(dir, ['-f', conf('kmip-test')], env);
    const again = await connect();
    try {
      for (const [uid, key] of material) {
        const got = await again.op('Get', uidPayload(uid));
        assert.equal(got.status, 'Success', got.xml);
        assert.ok(Buffer.from(keyMaterialOf(got) ?? []).equals(key), `key material of ${uid} changed`);
      }
    } finally {
      again.close();
    }
    await stop();
  });

  test('the database file holds no key material, and every body names the token key', () => {
    const files = [db, `${db}-wal`].filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    for (const [uid, key] of material) {
      for (let i = 0; i + 16 <= key.length; i += 8)
        assert.equal(bytes.includes(key.subarray(i, i + 16)), false, `key material of ${uid} is in the file`);
    }
    const ids = bodyKeyIds(db);
    assert.equal(ids.size, 1);
    const [[id, count] = ['', 0]] = ids;
    assert.equal(count, material.size);
    assert.match(id, /^p11-[0-9a-f]{16}$/);
  });

  test('the key generated on the token is an AES-256 key that is sensitive and not extractable', async () => {
    const mod = await loadPkcs11Binding();
    process.env.SOFTHSM2_CONF = hsmConf;
    const p11 = new mod.PKCS11();
    p11.load(LIB);
    p11.C_Initialize();
    try {
      const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === 'kmip-test');
      assert.ok(slot);
      const session = p11.C_OpenSession(slot, mod.CKF_SERIAL_SESSION);
      p11.C_Login(session, mod.CKU_USER, '1234');
      p11.C_FindObjectsInit(session, [{ type: mod.CKA_LABEL, value: 'kmip-master' }]);
      const keys = p11.C_FindObjects(session, 5);
      p11.C_FindObjectsFinal(session);
      assert.equal(keys.length, 1);
      const [sensitive, extractable, length] = p11.C_GetAttributeValue(session, keys[0] as Buffer, [
        { type: mod.CKA_SENSITIVE },
        { type: mod.CKA_EXTRACTABLE },
        { type: mod.CKA_VALUE_LEN },
      ]);
      assert.deepEqual(sensitive?.value, Buffer.from([1]));
      assert.deepEqual(extractable?.value, Buffer.from([0]));
      assert.equal((length?.value as Buffer)[0], 32);
    } finally {
      p11.C_Finalize();
      p11.close();
    }
  });

  test('another token (another key) or a wrong PIN: kmip-server refuses to start', () => {
    const other = runServerCommand(serverArgs('kmip-other'), env);
    assert.equal(other.status, 1, other.stderr);
    assert.match(other.stderr, /kmip-server: the master key does not match this database/);
    assert.doesNotMatch(other.stderr, /listening/);
    const pin = runServerCommand(serverArgs('kmip-test'), { ...env, KMIP_PKCS11_PIN: '9999' });
    assert.equal(pin.status, 1, pin.stderr);
    assert.match(pin.stderr, /kmip-server: PKCS#11 login refused/);
    const none = runServerCommand(serverArgs('kmip-none'), env);
    assert.equal(none.status, 1, none.stderr);
    assert.match(none.stderr, /kmip-server: PKCS#11: no token labelled kmip-none/);
    const slot = runServerCommand(serverArgs('kmip-test', ['master_key_pkcs11_slot = 4242']), env);
    assert.equal(slot.status, 1, slot.stderr);
    assert.match(slot.stderr, /kmip-server: PKCS#11: no token in slot 4242/);
  });
});
