import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { payloadText, type Harness, withHarness, payloadBytes } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

const DATA = Buffer.from('a data key of thirty-two bytes!!');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

async function activeKey(h: Harness, version: string, extra = ''): Promise<{ uid: string; key: Buffer }> {
  const uid = await createKey(h, { version, extra });
  const a = await h.op('Activate', uidXml(uid), { version });
  assert.equal(a.status, 'Success', a.xml);
  const obj = await h.store.get(uid);
  const kb = obj?.body?.type === 'Structure' ? obj.body.value.find((c) => c.tag === Tag.KeyBlock) : undefined;
  const kv = kb?.type === 'Structure' ? kb.value.find((c) => c.tag === Tag.KeyValue) : undefined;
  const km = kv?.type === 'Structure' ? kv.value.find((c) => c.tag === Tag.KeyMaterial) : undefined;
  assert.equal(km?.type, 'ByteString');
  return { uid, key: Buffer.from((km as { value: Uint8Array }).value) };
}

const CBC =
  '<CryptographicParameters><BlockCipherMode type="Enumeration" value="CBC"/><PaddingMethod type="Enumeration" value="PKCS5"/></CryptographicParameters>';
const data = (b: Uint8Array): string => `<Data type="ByteString" value="${hex(b)}"/>`;
const iv = (b: Uint8Array): string => `<IVCounterNonce type="ByteString" value="${hex(b)}"/>`;

test('Zenko: AES-256-CBC PKCS5 with an explicit all-zero IV (1.4) answers the given UID, Data and no IV', async () => {
  await withHarness(async (h) => {
    const { uid, key } = await activeKey(h, '1.4');
    const zero = Buffer.alloc(16);
    const e = await h.op('Encrypt', uidXml(uid) + CBC + data(DATA) + iv(zero));
    assert.equal(e.status, 'Success', e.xml);
    assert.equal(payloadText(e, Tag.UniqueIdentifier), uid);
    const c = createCipheriv('aes-256-cbc', key, zero);
    assert.equal(hex(payloadBytes(e, Tag.Data)!), hex(Buffer.concat([c.update(DATA), c.final()])));
    assert.equal(payloadBytes(e, Tag.IVCounterNonce), undefined);
    const d = await h.op('Decrypt', uidXml(uid) + CBC + data(payloadBytes(e, Tag.Data)!) + iv(zero));
    assert.equal(d.status, 'Success', d.xml);
    assert.equal(payloadText(d, Tag.UniqueIdentifier), uid);
    assert.deepEqual(payloadBytes(d, Tag.Data), DATA);
  });
});

test('MongoDB: Encrypt with Random IV (1.2) returns the IV it chose, and Decrypt with it recovers the data', async () => {
  await withHarness(async (h) => {
    const { uid, key } = await activeKey(h, '1.2');
    const params =
      '<CryptographicParameters><CryptographicAlgorithm type="Enumeration" value="AES"/><BlockCipherMode type="Enumeration" value="CBC"/><PaddingMethod type="Enumeration" value="PKCS5"/><RandomIV type="Boolean" value="true"/></CryptographicParameters>';
    const e = await h.op('Encrypt', uidXml(uid) + params + data(DATA), { version: '1.2' });
    assert.equal(e.status, 'Success', e.xml);
    const generated = payloadBytes(e, Tag.IVCounterNonce)!;
    assert.equal(generated.length, 16);
    const d = createDecipheriv('aes-256-cbc', key, generated);
    assert.deepEqual(Buffer.concat([d.update(payloadBytes(e, Tag.Data)!), d.final()]), DATA);
    const back = await h.op('Decrypt', uidXml(uid) + CBC + data(payloadBytes(e, Tag.Data)!) + iv(generated), {
      version: '1.2',
    });
    assert.deepEqual(payloadBytes(back, Tag.Data), DATA);
  });
});

test('a Pre-Active key is refused: Permission Denied at 1.2 (as pykmip-server), Wrong Key Lifecycle State at 2.1', async () => {
  await withHarness(async (h) => {
    const old = await createKey(h, { version: '1.2' });
    assert.equal(
      (await h.op('Encrypt', uidXml(old) + CBC + data(DATA), { version: '1.2' })).reason,
      'PermissionDenied',
    );
    const recent = await createKey(h, { version: '2.1' });
    assert.equal(
      (await h.op('Encrypt', uidXml(recent) + CBC + data(DATA), { version: '2.1' })).reason,
      'WrongKeyLifecycleState',
    );
  });
});

test('a key without the Encrypt bit: Permission Denied at 1.4, Incompatible Cryptographic Usage Mask at 2.1', async () => {
  await withHarness(async (h) => {
    const template = `<ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', '128')}${attr1x('Cryptographic Usage Mask', 'Integer', 'Decrypt')}</TemplateAttribute>`;
    const uid = payloadText(await h.op('Create', template), Tag.UniqueIdentifier)!;
    await h.op('Activate', uidXml(uid));
    assert.equal((await h.op('Encrypt', uidXml(uid) + CBC + data(DATA))).reason, 'PermissionDenied');
    assert.equal(
      (await h.op('Encrypt', uidXml(uid) + CBC + data(DATA), { version: '2.1' })).reason,
      'IncompatibleCryptographicUsageMask',
    );
  });
});

test("the key's Cryptographic Parameters fill in what the request leaves out; no mode at all is Invalid Field", async () => {
  await withHarness(async (h) => {
    const attr =
      '<CryptographicParameters><BlockCipherMode type="Enumeration" value="ECB"/><PaddingMethod type="Enumeration" value="PKCS5"/></CryptographicParameters>';
    const { uid, key } = await activeKey(h, '2.1', attr);
    const e = await h.op('Encrypt', uidXml(uid) + data(DATA), { version: '2.1' });
    const c = createCipheriv('aes-256-ecb', key, null);
    assert.equal(hex(payloadBytes(e, Tag.Data)!), hex(Buffer.concat([c.update(DATA), c.final()])));
    const bare = await activeKey(h, '2.1');
    assert.equal(
      (await h.op('Encrypt', uidXml(bare.uid) + data(DATA), { version: '2.1' })).reason,
      'InvalidField',
    );
  });
});

test('multi-part AES-GCM: Init returns a Correlation Value, the final part the tag; the result equals one-shot', async () => {
  await withHarness(async (h) => {
    const { uid } = await activeKey(h, '2.1');
    const gcm =
      '<CryptographicParameters><BlockCipherMode type="Enumeration" value="GCM"/><TagLength type="Integer" value="16"/></CryptographicParameters>';
    const nonce = iv(Buffer.alloc(12, 9));
    const whole = await h.op('Encrypt', uidXml(uid) + gcm + data(DATA) + nonce, { version: '2.1' });
    const first = await h.op(
      'Encrypt',
      uidXml(uid) + gcm + data(DATA.subarray(0, 10)) + nonce + '<InitIndicator type="Boolean" value="true"/>',
      { version: '2.1' },
    );
    assert.equal(first.status, 'Success', first.xml);
    const cv = payloadBytes(first, Tag.CorrelationValue)!;
    assert.equal(payloadBytes(first, Tag.AuthenticatedEncryptionTag), undefined);
    const mid = await h.op(
      'Encrypt',
      uidXml(uid) + data(DATA.subarray(10, 20)) + `<CorrelationValue type="ByteString" value="${hex(cv)}"/>`,
      { version: '2.1' },
    );
    const last = await h.op(
      'Encrypt',
      uidXml(uid) +
        data(DATA.subarray(20)) +
        `<CorrelationValue type="ByteString" value="${hex(cv)}"/><FinalIndicator type="Boolean" value="true"/>`,
      { version: '2.1' },
    );
    assert.equal(last.status, 'Success', last.xml);
    const streamed = Buffer.concat([
      payloadBytes(first, Tag.Data)!,
      payloadBytes(mid, Tag.Data)!,
      payloadBytes(last, Tag.Data)!,
    ]);
    assert.deepEqual(streamed, payloadBytes(whole, Tag.Data));
    assert.deepEqual(
      payloadBytes(last, Tag.AuthenticatedEncryptionTag),
      payloadBytes(whole, Tag.AuthenticatedEncryptionTag),
    );
    const again = await h.op(
      'Encrypt',
      uidXml(uid) + data(DATA) + `<CorrelationValue type="ByteString" value="${hex(cv)}"/>`,
      { version: '2.1' },
    );
    assert.equal(again.reason, 'InvalidCorrelationValue');
  });
});

test('Usage Limits of 16 bytes allow one 16-byte encryption and refuse the next with Permission Denied', async () => {
  await withHarness(async (h) => {
    const limits =
      '<UsageLimits><UsageLimitsTotal type="LongInteger" value="16"/><UsageLimitsUnit type="Enumeration" value="Byte"/></UsageLimits>';
    const { uid } = await activeKey(h, '2.1', limits);
    const ecb =
      '<CryptographicParameters><BlockCipherMode type="Enumeration" value="ECB"/></CryptographicParameters>';
    assert.equal(
      (await h.op('Encrypt', uidXml(uid) + ecb + data(DATA.subarray(0, 16)), { version: '2.1' })).status,
      'Success',
    );
    assert.equal(
      (await h.op('Encrypt', uidXml(uid) + ecb + data(DATA.subarray(0, 16)), { version: '2.1' })).reason,
      'PermissionDenied',
    );
  });
});

test('RSA: OAEP (SHA-256, MGF1 SHA-1) and PKCS#1 v1.5 round-trip through the pair; bad PKCS#1 padding gives no error', async () => {
  await withHarness(async (h) => {
    const r = await h.op(
      'CreateKeyPair',
      `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="RSA"/><CryptographicLength type="Integer" value="1024"/></CommonAttributes>
       <PrivateKeyAttributes><CryptographicUsageMask type="Integer" value="Decrypt"/></PrivateKeyAttributes>
       <PublicKeyAttributes><CryptographicUsageMask type="Integer" value="Encrypt"/></PublicKeyAttributes>`,
      { version: '2.1' },
    );
    const priv = payloadText(r, Tag.PrivateKeyUniqueIdentifier)!;
    const pub = payloadText(r, Tag.PublicKeyUniqueIdentifier)!;
    await h.op('Activate', uidXml(priv), { version: '2.1' });
    await h.op('Activate', uidXml(pub), { version: '2.1' });
    const oaep =
      '<CryptographicParameters><PaddingMethod type="Enumeration" value="OAEP"/><HashingAlgorithm type="Enumeration" value="SHA_256"/><MaskGeneratorHashingAlgorithm type="Enumeration" value="SHA_1"/></CryptographicParameters>';
    const pkcs1 =
      '<CryptographicParameters><PaddingMethod type="Enumeration" value="PKCS1V1_5"/></CryptographicParameters>';
    for (const params of [oaep, pkcs1]) {
      const e = await h.op('Encrypt', uidXml(pub) + params + data(DATA), { version: '2.1' });
      assert.equal(e.status, 'Success', e.xml);
      assert.equal(payloadBytes(e, Tag.Data)?.length, 128);
      const d = await h.op('Decrypt', uidXml(priv) + params + data(payloadBytes(e, Tag.Data)!), {
        version: '2.1',
      });
      assert.deepEqual(payloadBytes(d, Tag.Data), DATA, params);
    }
    const junk = Buffer.alloc(128, 0x42);
    const d1 = await h.op('Decrypt', uidXml(priv) + pkcs1 + data(junk), { version: '2.1' });
    const d2 = await h.op('Decrypt', uidXml(priv) + pkcs1 + data(junk), { version: '2.1' });
    assert.equal(d1.status, 'Success', d1.xml);
    assert.deepEqual(payloadBytes(d1, Tag.Data), payloadBytes(d2, Tag.Data));
    assert.equal(
      (await h.op('Decrypt', uidXml(priv) + oaep + data(junk), { version: '2.1' })).reason,
      'CryptographicFailure',
    );
    assert.equal(
      (await h.op('Encrypt', uidXml(priv) + oaep + data(DATA), { version: '2.1' })).reason,
      'InvalidObjectType',
    );
  });
});
