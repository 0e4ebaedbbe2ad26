// The object part of the client suite: Query, raw requests, Create/Locate/Get/Activate/Revoke/
// Destroy, Register of every object kind, pipelining, error mapping, batches, Create Key Pair.
import assert from 'node:assert/strict';
import { X509Certificate, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ops } from '../../src/client/kmip-client.js';
import { KmipResultError } from '../../src/client/errors.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { QueryFunction } from '../../src/spec/generated/enums.js';
import { whenSupported, type SuiteContext } from './kmip-client-suite-context.js';

const bytesEqual = (a: Uint8Array | undefined, b: Uint8Array): void =>
  assert.equal(Buffer.from(a ?? []).toString('hex'), Buffer.from(b).toString('hex'));

export function objectTests(ctx: SuiteContext, version: string): void {
  test('query lists operations and object types', async () => {
    const q = await ctx.client(version).query();
    for (const op of ['Create', 'Get', 'Locate', 'Destroy']) assert.ok(q.operations.includes(op), op);
    assert.ok((q.vendorIdentification ?? '') !== '', 'a Vendor Identification');
    // pykmip-server answers Query Objects with an empty list; what is listed must be named.
    for (const t of q.objectTypes) assert.doesNotMatch(t, /^0x/);
  });

  test('raw request: Query by name with a payload of my own', async () => {
    const payload = await ctx
      .client(version)
      .request('Query', [
        { tag: Tag.QueryFunction, type: 'Enumeration', value: QueryFunction.QueryOperations },
      ]);
    assert.ok(
      payload.value.some((c) => c.tag === Tag.Operation),
      'no Operation in the reply',
    );
  });

  test('create, locate by name, get raw bytes, activate, revoke, destroy', async () => {
    const c = ctx.client(version);
    const name = ctx.name('aes');
    const made = await c.create({ algorithm: 'AES', length: 256, name });
    assert.equal(made.objectType, 'SymmetricKey');
    assert.deepEqual((await c.locate({ name })).uids, [made.uid]);
    const got = await c.get(made.uid, { format: 'Raw' });
    assert.equal(got.uid, made.uid);
    assert.equal(got.objectType, 'SymmetricKey');
    assert.equal(got.keyFormatType, 'Raw');
    assert.equal(got.algorithm, 'AES');
    assert.equal(got.value?.length, 32);
    await c.activate(made.uid);
    const state = await c.getAttributes(made.uid, ['State']);
    assert.deepEqual(
      state.attributes.map((a) => [a.name, a.value]),
      [['State', 'Active']],
    );
    await c.revoke(made.uid, { reason: 'CessationOfOperation' });
    assert.deepEqual((await c.destroy(made.uid)).uid, made.uid);
  });

  test('locate by object type and attributes, with Maximum Items', async () => {
    const c = ctx.client(version);
    const name = ctx.name('locate');
    const a = await c.create({ algorithm: 'AES', length: 128, name });
    const found = await c.locate({ objectType: 'SymmetricKey', attributes: { 'Cryptographic Length': 128 } });
    assert.ok(found.uids.includes(a.uid));
    const one = await c.locate({ objectType: 'SymmetricKey', maximumItems: 1 });
    assert.equal(one.uids.length, 1);
    await c.destroy(a.uid);
  });

  test('register: symmetric key, secret data, opaque object, certificate, public and private key', async (t) => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const cert = new X509Certificate(readFileSync(ctx.certs().ca.cert)).raw;
    const objects = [
      { kind: 'symmetric-key', algorithm: 'AES', key: randomBytes(32) },
      { kind: 'secret-data', data: Buffer.from('s3cret password') },
      { kind: 'opaque', data: randomBytes(20) },
      { kind: 'certificate', der: cert },
      { kind: 'public-key', der: spki },
      { kind: 'private-key', der: pkcs8 },
    ] as const;
    for (const object of objects) {
      await t.test(object.kind, async (tt) => {
        const c = ctx.client(version);
        const reg = await whenSupported(tt, c, () => c.register(object, { name: ctx.name(object.kind) }));
        if (reg === undefined) return;
        const got = await c.get(reg.uid);
        const sent = 'key' in object ? object.key : 'data' in object ? object.data : object.der;
        bytesEqual(got.value, sent);
        await c.destroy(reg.uid);
      });
    }
  });

  test('pipelining depth 8: eight Gets in flight, each reply matched to its request', async () => {
    const setup = ctx.client(version);
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        setup.create({ algorithm: 'AES', length: 128, name: ctx.name(`pipe${i}`) }),
      ),
    );
    const c = ctx.client(version, { pipelineDepth: 8 });
    await c.query(); // connect first, so the eight go out together
    const got = await Promise.all(made.map((m) => c.get(m.uid)));
    assert.deepEqual(
      got.map((g) => g.uid),
      made.map((m) => m.uid),
    );
    assert.equal(c.connection.peakInFlight, 8);
    for (const m of made) await setup.destroy(m.uid);
  });

  test('errors: Get of an unknown object is a KmipResultError with status, reason and message', async () => {
    const c = ctx.client(version);
    await assert.rejects(c.get('no-such-object-' + randomUUID()), (err: unknown) => {
      assert.ok(err instanceof KmipResultError, String(err));
      assert.equal(err.resultStatusName, 'OperationFailed');
      assert.equal(err.operationName, 'Get');
      assert.ok(
        ['ItemNotFound', 'ObjectNotFound'].includes(err.resultReasonName ?? ''),
        err.resultReasonName,
      );
      assert.ok(typeof err.resultReason === 'number');
      assert.match(err.message, /^Get failed: OperationFailed \/ (Item|Object)NotFound/);
      return true;
    });
  });

  test('batch: Create then Get Attributes through the ID Placeholder; a failing item settles alone', async () => {
    const c = ctx.client(version);
    // pykmip-server cannot parse an Activate without a Unique Identifier; Get Attributes it can.
    const [made, state] = await c.batch([
      ops.create({ algorithm: 'AES', length: 128, name: ctx.name('batch') }),
      ops.getAttributes(undefined, ['State']),
    ]);
    assert.ok(made.ok && state.ok, JSON.stringify([made, state]));
    assert.equal(state.value.uid, made.value.uid);
    assert.deepEqual(
      state.value.attributes.map((a) => a.value),
      ['PreActive'],
    );
    const [bad, skipped] = await c.batch([ops.get('missing-' + randomUUID()), ops.query()]);
    assert.ok(!bad.ok && bad.error instanceof KmipResultError);
    assert.ok(!skipped.ok || skipped.value.operations.length > 0);
    await c.destroy(made.value.uid);
  });

  test('create key pair: two linked keys', async (t) => {
    const c = ctx.client(version);
    const pair = await whenSupported(t, c, () =>
      c.createKeyPair({
        algorithm: 'RSA',
        length: 2048,
        privateName: ctx.name('rsa-private'),
        publicName: ctx.name('rsa-public'),
      }),
    );
    if (pair === undefined) return;
    const pub = await c.get(pair.publicKeyUid);
    assert.equal(pub.objectType, 'PublicKey');
    const priv = await c.get(pair.privateKeyUid);
    assert.equal(priv.objectType, 'PrivateKey');
    await c.destroy(pair.publicKeyUid);
    await c.destroy(pair.privateKeyUid);
  });
}
