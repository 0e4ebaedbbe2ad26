import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  privateDecrypt,
} from 'node:crypto';
import {
  payloadText,
  type BatchResult,
  type Harness,
  withHarness,
} from '../../test/helpers/engine-harness.js';
import { uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';
import { decodeTtlv } from '../ttlv/decode.js';

const V = { version: '2.1' };

function hexOf(r: BatchResult, element: string): Buffer {
  const m = new RegExp(`<${element} type="ByteString" value="([0-9a-f]*)"`).exec(r.xml);
  assert.ok(m, `${element} missing in ${r.xml}`);
  return Buffer.from(m[1] ?? '', 'hex');
}

async function aes(h: Harness, mask: string, activate = true): Promise<{ uid: string; key: Buffer }> {
  const r = await h.op(
    'Create',
    `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/>
     <CryptographicLength type="Integer" value="256"/><CryptographicUsageMask type="Integer" value="${mask}"/></Attributes>`,
    V,
  );
  const uid = payloadText(r, Tag.UniqueIdentifier)!;
  const key = hexOf(await h.op('Get', uidXml(uid), V), 'KeyMaterial');
  if (activate) await h.op('Activate', uidXml(uid), V);
  return { uid, key };
}

const spec = (method: string, info: string, extra = ''): string =>
  `<KeyWrappingSpecification><WrappingMethod type="Enumeration" value="${method}"/>${info}${extra}</KeyWrappingSpecification>`;
const eki = (uid: string, params = ''): string =>
  `<EncryptionKeyInformation><UniqueIdentifier type="TextString" value="${uid}"/>${params}</EncryptionKeyInformation>`;
const kw =
  '<CryptographicParameters><BlockCipherMode type="Enumeration" value="NISTKeyWrap"/></CryptographicParameters>';

test('Get wraps with AES Key Wrap (AX-M-2 shape): the Key Value becomes the RFC 3394 wrap of its TTLV encoding', async () => {
  await withHarness(async (h) => {
    const kek = await aes(h, 'WrapKey');
    const target = await aes(h, 'Encrypt Decrypt');
    const r = await h.op('Get', uidXml(target.uid) + spec('Encrypt', eki(kek.uid, kw)), V);
    assert.equal(r.status, 'Success', r.xml);
    assert.match(r.xml, /<KeyValue type="ByteString"/);
    assert.match(
      r.xml,
      /<KeyWrappingData>\s*<WrappingMethod type="Enumeration" value="Encrypt"\/>\s*<EncryptionKeyInformation>/,
    );
    const d = createDecipheriv('id-aes256-wrap', kek.key, Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
    const kv = decodeTtlv(Buffer.concat([d.update(hexOf(r, 'KeyValue')), d.final()]));
    assert.equal(kv.tag, Tag.KeyValue);
    const m = kv.type === 'Structure' ? kv.value.find((c) => c.tag === Tag.KeyMaterial) : undefined;
    assert.deepEqual(m?.type === 'ByteString' ? Buffer.from(m.value) : undefined, target.key);
  });
});

test('No Encoding wraps the key bytes alone (what pykmip-server does)', async () => {
  await withHarness(async (h) => {
    const kek = await aes(h, 'WrapKey');
    const target = await aes(h, 'Encrypt');
    const r = await h.op(
      'Get',
      uidXml(target.uid) +
        spec('Encrypt', eki(kek.uid, kw), '<EncodingOption type="Enumeration" value="NoEncoding"/>'),
      V,
    );
    const c = createCipheriv('id-aes256-wrap', kek.key, Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
    assert.deepEqual(hexOf(r, 'KeyValue'), Buffer.concat([c.update(target.key), c.final()]));
    assert.match(r.xml, /EncodingOption type="Enumeration" value="NoEncoding"/);
  });
});

test('the wrapping key must be Active and have Wrap Key', async () => {
  await withHarness(async (h) => {
    const target = await aes(h, 'Encrypt');
    const noBit = await aes(h, 'Encrypt');
    const pre = await aes(h, 'WrapKey', false);
    assert.equal(
      (await h.op('Get', uidXml(target.uid) + spec('Encrypt', eki(noBit.uid)), V)).reason,
      'IncompatibleCryptographicUsageMask',
    );
    assert.equal(
      (await h.op('Get', uidXml(target.uid) + spec('Encrypt', eki(pre.uid)), V)).reason,
      'WrongKeyLifecycleState',
    );
    assert.equal(
      (await h.op('Get', uidXml(target.uid) + spec('Encrypt', eki(pre.uid)), { version: '1.4' })).reason,
      'PermissionDenied',
    );
    const missing = await h.op('Get', uidXml(target.uid) + spec('Encrypt', eki('no-such-key')), {
      version: '1.4',
    });
    assert.equal(missing.reason, 'ItemNotFound');
    assert.equal((await h.op('Get', uidXml(target.uid) + spec('Encrypt', ''), V)).reason, 'InvalidField');
  });
});

test('RSA-OAEP wrapping with a public key; HMAC MAC/sign wrapping leaves the value and adds its MAC', async () => {
  await withHarness(async (h) => {
    const r = await h.op(
      'CreateKeyPair',
      `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="RSA"/><CryptographicLength type="Integer" value="2048"/></CommonAttributes>
       <PrivateKeyAttributes><CryptographicUsageMask type="Integer" value="UnwrapKey"/></PrivateKeyAttributes>
       <PublicKeyAttributes><CryptographicUsageMask type="Integer" value="WrapKey"/></PublicKeyAttributes>`,
      V,
    );
    const pub = payloadText(r, Tag.PublicKeyUniqueIdentifier)!;
    const priv = payloadText(r, Tag.PrivateKeyUniqueIdentifier)!;
    await h.op('Activate', uidXml(pub), V);
    const target = await aes(h, 'Encrypt');
    const w = await h.op(
      'Get',
      uidXml(target.uid) +
        spec('Encrypt', eki(pub), '<EncodingOption type="Enumeration" value="NoEncoding"/>'),
      V,
    );
    assert.equal(w.status, 'Success', w.xml);
    const der = hexOf(await h.op('Get', uidXml(priv), V), 'KeyMaterial');
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
    assert.deepEqual(
      privateDecrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        hexOf(w, 'KeyValue'),
      ),
      target.key,
    );

    const macKey = await aes(h, 'WrapKey');
    const hmacParams =
      '<CryptographicParameters><CryptographicAlgorithm type="Enumeration" value="HMAC_SHA256"/></CryptographicParameters>';
    const mski = `<MACSignatureKeyInformation><UniqueIdentifier type="TextString" value="${macKey.uid}"/>${hmacParams}</MACSignatureKeyInformation>`;
    const m = await h.op(
      'Get',
      uidXml(target.uid) + spec('MACSign', mski, '<EncodingOption type="Enumeration" value="NoEncoding"/>'),
      V,
    );
    assert.equal(m.status, 'Success', m.xml);
    assert.deepEqual(hexOf(m, 'KeyMaterial'), target.key);
    assert.deepEqual(hexOf(m, 'MACSignature'), createHmac('sha256', macKey.key).update(target.key).digest());
  });
});

test('a key registered wrapped is returned as registered and unwrapped (Unwrap Key) when used to encrypt', async () => {
  await withHarness(async (h) => {
    const kek = await aes(h, 'WrapKey UnwrapKey');
    const target = await aes(h, 'Encrypt');
    const wrapped = await h.op('Get', uidXml(target.uid) + spec('Encrypt', eki(kek.uid, kw)), V);
    const block = /<SymmetricKey>[\s\S]*<\/SymmetricKey>/.exec(wrapped.xml)?.[0];
    assert.ok(block);
    const reg = await h.op(
      'Register',
      `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes><CryptographicUsageMask type="Integer" value="Encrypt"/>
       <ActivationDate type="DateTime" value="2020-01-01T00:00:00+00:00"/></Attributes>${block}`,
      V,
    );
    assert.equal(reg.status, 'Success', reg.xml);
    const uid = payloadText(reg, Tag.UniqueIdentifier)!;
    const again = await h.op('Get', uidXml(uid), V);
    assert.match(again.xml, /<KeyWrappingData>/);
    const ecb =
      '<CryptographicParameters><BlockCipherMode type="Enumeration" value="ECB"/></CryptographicParameters>';
    const e = await h.op(
      'Encrypt',
      uidXml(uid) + ecb + `<Data type="ByteString" value="${'00'.repeat(16)}"/>`,
      V,
    );
    assert.equal(e.status, 'Success', e.xml);
    const c = createCipheriv('aes-256-ecb', target.key, null).setAutoPadding(false);
    assert.deepEqual(hexOf(e, 'Data'), c.update(Buffer.alloc(16)));
  });
});

test('at 1.x with No Encoding the wrapped bytes sit in a Key Value structure (the form PyKMIP reads) and unwrap on use', async () => {
  await withHarness(async (h) => {
    const v12 = { version: '1.2' };
    const kek = await aes(h, 'WrapKey UnwrapKey');
    const target = await aes(h, 'Encrypt');
    const noEncoding = '<EncodingOption type="Enumeration" value="NoEncoding"/>';
    const r = await h.op('Get', uidXml(target.uid) + spec('Encrypt', eki(kek.uid, kw), noEncoding), v12);
    assert.equal(r.status, 'Success', r.xml);
    assert.match(r.xml, /<KeyValue>\s*<KeyMaterial type="ByteString"/);
    const c = createCipheriv('id-aes256-wrap', kek.key, Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
    assert.deepEqual(hexOf(r, 'KeyMaterial'), Buffer.concat([c.update(target.key), c.final()]));
    const block = /<SymmetricKey>[\s\S]*<\/SymmetricKey>/.exec(r.xml)?.[0] ?? '';
    const reg = await h.op(
      'Register',
      `<ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>
       <Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/><AttributeValue type="Integer" value="Encrypt"/></Attribute>
       <Attribute><AttributeName type="TextString" value="Activation Date"/><AttributeValue type="DateTime" value="2020-01-01T00:00:00+00:00"/></Attribute>
       </TemplateAttribute>${block}`,
      v12,
    );
    const uid = payloadText(reg, Tag.UniqueIdentifier)!;
    const ecb =
      '<CryptographicParameters><BlockCipherMode type="Enumeration" value="ECB"/></CryptographicParameters>';
    const e = await h.op(
      'Encrypt',
      uidXml(uid) + ecb + `<Data type="ByteString" value="${'00'.repeat(16)}"/>`,
      v12,
    );
    const local = createCipheriv('aes-256-ecb', target.key, null).setAutoPadding(false);
    assert.deepEqual(hexOf(e, 'Data'), local.update(Buffer.alloc(16)));
    const w21 = await h.op('Get', uidXml(target.uid) + spec('Encrypt', eki(kek.uid, kw), noEncoding), V);
    assert.match(w21.xml, /<KeyValue type="ByteString"/);
  });
});
