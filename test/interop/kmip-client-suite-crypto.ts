// The cryptographic part of the client suite: Encrypt/Decrypt (AES-CBC, PKCS5), Sign and
// Signature Verify (RSA PKCS#1 v1.5, SHA-256), MAC (HMAC-SHA256), Derive Key (PBKDF2) and Re-key,
// each answer checked against node:crypto. Skipped per test where the server lacks the operation.
import assert from 'node:assert/strict';
import {
  createDecipheriv,
  createHash,
  createHmac,
  createPublicKey,
  pbkdf2Sync,
  randomBytes,
  verify as verifySignature,
} from 'node:crypto';
import { test } from 'node:test';
import { HashingAlgorithm } from '../../src/spec/generated/enums.js';
import { whenSupported, type SuiteContext } from './kmip-client-suite-context.js';

const DATA = Buffer.from('The quick brown fox jumps over the lazy dog, client suite.');
const CBC = { CryptographicAlgorithm: 'AES', BlockCipherMode: 'CBC', PaddingMethod: 'PKCS5' } as const;

const hex = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('hex');

export function cryptoTests(ctx: SuiteContext, version: string): void {
  test('encrypt (server IV) and decrypt with AES-256-CBC', async (t) => {
    const c = ctx.client(version);
    const { uid } = await c.create({ algorithm: 'AES', length: 256, name: ctx.name('enc') });
    await c.activate(uid);
    const key = (await c.get(uid)).value ?? new Uint8Array();
    const sealed = await whenSupported(t, c, () =>
      c.encrypt(uid, DATA, { parameters: { ...CBC, RandomIV: true } }),
    );
    if (sealed !== undefined) {
      assert.equal(sealed.iv?.length, 16, 'the server returns the IV it chose');
      const local = createDecipheriv('aes-256-cbc', key, sealed.iv ?? new Uint8Array(16));
      assert.equal(Buffer.concat([local.update(sealed.data), local.final()]).toString(), DATA.toString());
      const opened = await c.decrypt(uid, sealed.data, {
        parameters: CBC,
        ...(sealed.iv ? { iv: sealed.iv } : {}),
      });
      assert.equal(Buffer.from(opened.data).toString(), DATA.toString());
    }
    await c.revoke(uid);
    await c.destroy(uid);
  });

  test('sign and verify with RSA PKCS#1 v1.5 SHA-256; a tampered message is Invalid', async (t) => {
    const c = ctx.client(version);
    const pair = await whenSupported(t, c, () =>
      c.createKeyPair({
        algorithm: 'RSA',
        length: 2048,
        privateName: ctx.name('sign'),
        publicName: ctx.name('verify'),
      }),
    );
    if (pair === undefined) return;
    await c.activate(pair.privateKeyUid);
    await c.activate(pair.publicKeyUid);
    const parameters = {
      CryptographicAlgorithm: 'RSA',
      HashingAlgorithm: 'SHA_256',
      PaddingMethod: 'PKCS1V1_5',
    };
    const signed = await whenSupported(t, c, () => c.sign(pair.privateKeyUid, DATA, { parameters }));
    if (signed !== undefined) {
      // Each server answers in the format it holds the key in (pykmip-server: PKCS#1 only).
      const got = await c.get(pair.publicKeyUid);
      const type = got.keyFormatType === 'PKCS_1' ? 'pkcs1' : 'spki';
      const pub = createPublicKey({ key: Buffer.from(got.value ?? []), format: 'der', type });
      assert.ok(verifySignature('sha256', DATA, pub, signed.signature), 'the signature verifies locally');
      const ok = await c.signatureVerify(pair.publicKeyUid, DATA, signed.signature, { parameters });
      assert.deepEqual([ok.valid, ok.validityIndicator], [true, 'Valid']);
      const bad = await c.signatureVerify(
        pair.publicKeyUid,
        Buffer.concat([DATA, Buffer.from('!')]),
        signed.signature,
        {
          parameters,
        },
      );
      assert.deepEqual([bad.valid, bad.validityIndicator], [false, 'Invalid']);
    }
    for (const uid of [pair.privateKeyUid, pair.publicKeyUid]) {
      await c.revoke(uid);
      await c.destroy(uid);
    }
  });

  test('MAC with a registered HMAC-SHA256 key', async (t) => {
    const c = ctx.client(version);
    const key = randomBytes(32);
    const { uid } = await c.register(
      { kind: 'symmetric-key', algorithm: 'HMAC_SHA256', key },
      { name: ctx.name('hmac'), usageMask: 'MACGenerate' },
    );
    await c.activate(uid);
    const mac = await whenSupported(t, c, () =>
      c.mac(uid, DATA, { parameters: { CryptographicAlgorithm: 'HMAC_SHA256' } }),
    );
    if (mac !== undefined) {
      assert.equal(mac.uid, uid);
      assert.equal(hex(mac.mac), createHmac('sha256', key).update(DATA).digest('hex'));
    }
    await c.revoke(uid);
    await c.destroy(uid);
  });

  test('derive key with PBKDF2-SHA256', async (t) => {
    const c = ctx.client(version);
    const base = await c.create({
      algorithm: 'AES',
      length: 256,
      name: ctx.name('derive-base'),
      usageMask: 'DeriveKey',
    });
    await c.activate(base.uid);
    const baseKey = (await c.get(base.uid)).value ?? new Uint8Array();
    const derived = await whenSupported(t, c, () =>
      c.deriveKey({
        baseUids: [base.uid],
        method: 'PBKDF2',
        parameters: {
          CryptographicParameters: { HashingAlgorithm: 'SHA_256' },
          Salt: Buffer.from('client-suite-salt'),
          IterationCount: 1000,
        },
        algorithm: 'AES',
        length: 256,
        name: ctx.name('derived'),
      }),
    );
    if (derived !== undefined) {
      const got = await c.get(derived.uid);
      assert.equal(
        hex(got.value),
        pbkdf2Sync(baseKey, 'client-suite-salt', 1000, 32, 'sha256').toString('hex'),
      );
      await c.destroy(derived.uid);
    }
    await c.revoke(base.uid);
    await c.destroy(base.uid);
  });

  test('re-key: a replacement key with new material', async (t) => {
    const c = ctx.client(version);
    const { uid } = await c.create({ algorithm: 'AES', length: 256, name: ctx.name('rekey') });
    await c.activate(uid);
    const replaced = await whenSupported(t, c, () => c.rekey(uid));
    if (replaced !== undefined) {
      assert.notEqual(replaced.uid, uid);
      const [a, b] = [await c.get(uid), await c.get(replaced.uid)];
      assert.notEqual(hex(a.value), hex(b.value));
      await c.revoke(replaced.uid);
      await c.destroy(replaced.uid);
    }
    await c.revoke(uid);
    await c.destroy(uid);
  });
  test('call(): any operation by its name and typed payload (Hash SHA-256, checked against node:crypto)', async (t) => {
    const c = ctx.client(version);
    const r = await whenSupported(t, c, () =>
      c.call('Hash', { cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, data: DATA }),
    );
    if (r !== undefined) assert.equal(hex(r.data), createHash('sha256').update(DATA).digest('hex'));
  });
}
