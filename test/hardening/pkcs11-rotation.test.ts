// The master key moves from a file to a PKCS#11 token (SoftHSM2) and back while kmip-server (two
// workers) serves a load of Creates and Gets that must see no failure: `rotate-master-key
// --to-pkcs11` puts the token key first in the key file and every object key ends up wrapped on
// the token; a plain rotation then puts a new file key before it, every object key comes back
// under the file key, and retiring drops the token key from the file. Afterwards the server starts
// without any token configured and every key reads back unchanged. Skipped without SoftHSM2.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { bodyKeyIds as sealedUnder } from '../helpers/sealed-bodies.js';
import { generateMasterKey, writeMasterKeyFile } from '../../src/store/master-key.js';
import { makeSoftHsmTokens, SOFTHSM_LIB, softhsmSkip } from '../helpers/softhsm.js';
import { RawKmipClient, CREATE_AES_256, keyMaterialOf, uidOf, uidPayload } from './raw-client.js';
import { runServerCommandAsync, startServerProcess, type ServerProcess } from './server-process.js';

const skip = softhsmSkip;
const dir = mkdtempSync(join(tmpdir(), 'kmip-p11-rotation-'));
const db = join(dir, 'kmip.sqlite');
const keyFile = join(dir, 'master.key');
const ca = join(dir, 'certs', 'ca.crt');
const client = { cert: join(dir, 'certs', 'client.crt'), key: join(dir, 'certs', 'client.key') };
const withToken = join(dir, 'server.conf');
const withoutToken = join(dir, 'plain.conf');
let env: Record<string, string> = {};
let server: ServerProcess | undefined;

/** The master key ids the stored bodies are sealed under. */
const bodyKeyIds = (): string[] => [...sealedUnder(db).keys()];

// A re-wrap under load shares two cores with the rest of the suite (test files run two at a time):
// the deadline is for "it finishes", not for how fast.
async function until(what: string, ok: () => boolean, seconds = 90): Promise<void> {
  for (let i = 0; i < seconds * 10 && !ok(); i++) await sleep(100);
  assert.ok(ok(), `${what} within ${seconds} s`);
}

const rotate = (...args: string[]): ReturnType<typeof runServerCommandAsync> =>
  runServerCommandAsync(['rotate-master-key', ...args, '-f', withToken, '--data-dir', dir], env);

before(() => {
  if (skip !== false) return;
  env = makeSoftHsmTokens(dir, ['kmip-rotate']);
  writeFileSync(
    withToken,
    `[server]\nmaster_key_pkcs11 = ${SOFTHSM_LIB}\nmaster_key_pkcs11_token_label = kmip-rotate\nmaster_key_pkcs11_label = kmip-master\n`,
  );
  writeFileSync(withoutToken, '[server]\n');
  // An existing deployment: a file master key, which keeps sealing until the rotation.
  writeMasterKeyFile(keyFile, [generateMasterKey()]);
});
after(async () => {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('master key between a file and a PKCS#11 token, under load', { skip }, () => {
  test(
    'file → token → file with no failed request; then no token is needed',
    { timeout: 240_000 },
    async () => {
      server = await startServerProcess(dir, ['-f', withToken, '--workers', '2'], env);
      assert.match(
        server.log(),
        /master_key_pkcs11 is set, but the master key file .* seals with a key of its own/,
      );
      const material = new Map<string, Buffer>();
      const failures: string[] = [];
      let ops = 0;
      let running = true;
      const conns = await Promise.all(
        [0, 1, 2].map(() => RawKmipClient.connect(server?.port ?? 0, ca, client)),
      );
      const loops = conns.map(async (c) => {
        while (running) {
          try {
            const created = await c.op('Create', CREATE_AES_256);
            const uid = uidOf(created);
            if (created.status !== 'Success' || uid === undefined) {
              failures.push(`Create: ${created.reason} ${created.message}`);
              continue;
            }
            const got = await c.op('Get', uidPayload(uid));
            if (got.status !== 'Success') failures.push(`Get: ${got.reason} ${got.message}`);
            else material.set(uid, Buffer.from(keyMaterialOf(got) ?? []));
            const uids = [...material.keys()];
            const someUid = uids[Math.floor(Math.random() * uids.length)] ?? uid;
            const old = await c.op('Get', uidPayload(someUid));
            if (old.status !== 'Success') failures.push(`Get old: ${old.reason} ${old.message}`);
            else if (!Buffer.from(keyMaterialOf(old) ?? []).equals(material.get(someUid) ?? Buffer.alloc(0)))
              failures.push(`Get old: the key bytes of ${someUid} changed`);
            ops += 3;
          } catch (e) {
            failures.push(`connection: ${(e as Error).message}`);
            return;
          }
        }
      });
      try {
        await until('a load before the rotation', () => material.size >= 20);
        const fileKeyId = bodyKeyIds()[0];
        assert.match(fileKeyId ?? '', /^[0-9a-f]{16}$/);

        const toToken = await rotate('--to-pkcs11');
        assert.equal(toToken.status, 0, toToken.stdout + toToken.stderr);
        const lines = readFileSync(keyFile, 'utf8')
          .split('\n')
          .filter((l) => l !== '' && !l.startsWith('#'));
        assert.match(
          lines[0] ?? '',
          /^pkcs11:token=kmip-rotate;object=kmip-master\?module-path=\/usr\/lib\/softhsm\/libsofthsm2\.so$/,
        );
        assert.equal(lines.length, 2, 'the file key stays after the token key');
        await until('every object key wrapped on the token', () => {
          const ids = bodyKeyIds();
          return ids.length === 1 && /^p11-[0-9a-f]{16}$/.test(ids[0] ?? '');
        });
        const tokenKeyId = bodyKeyIds()[0];
        const before = ops;
        await until('the load going on after the move to the token', () => ops > before + 30);

        const back = await rotate();
        assert.equal(back.status, 0, back.stdout + back.stderr);
        const newFileKeyId = /master key ([0-9a-f]{16}) now seals/.exec(back.stdout)?.[1];
        assert.ok(newFileKeyId !== undefined && newFileKeyId !== fileKeyId, back.stdout);
        await until(
          'every object key back under the new file key',
          () => bodyKeyIds().join() === newFileKeyId,
        );
        // Retiring waits until no worker still seals under the token key.
        let retired = await rotate('--retire-old-keys');
        for (let i = 0; i < 20 && retired.status !== 0; i++) {
          await sleep(500);
          retired = await rotate('--retire-old-keys');
        }
        assert.equal(retired.status, 0, retired.stdout + retired.stderr);
        const left = readFileSync(keyFile, 'utf8')
          .split('\n')
          .filter((l) => l !== '' && !l.startsWith('#'));
        assert.equal(left.length, 1);
        assert.match(left[0] ?? '', /^[0-9a-f]{64}$/);
        assert.notEqual(tokenKeyId, newFileKeyId);
        await sleep(500);
      } finally {
        running = false;
        await Promise.all(loops);
        for (const c of conns) c.close();
      }
      assert.deepEqual(failures, [], 'no request failed during the rotations');
      assert.ok(ops > 90, `only ${ops} requests ran`);

      server.proc.kill('SIGTERM');
      await server.exited;
      server = await startServerProcess(dir, ['-f', withoutToken, '--workers', '1'], {});
      const c = await RawKmipClient.connect(server.port, ca, client);
      try {
        for (const [uid, key] of material) {
          const got = await c.op('Get', uidPayload(uid));
          assert.equal(got.status, 'Success', got.xml);
          assert.ok(Buffer.from(keyMaterialOf(got) ?? []).equals(key), `the key bytes of ${uid} changed`);
        }
      } finally {
        c.close();
      }
    },
  );
});
