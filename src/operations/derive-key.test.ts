import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, pbkdf2Sync } from 'node:crypto';
import {
  payloadText,
  type BatchResult,
  type Harness,
  withHarness,
} from '../../test/helpers/engine-harness.js';
import { attr1x, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

function material(r: BatchResult): Buffer {
  const m = /KeyMaterial type="ByteString" value="([0-9a-f]*)"/.exec(r.xml);
  assert.ok(m, r.xml);
  return Buffer.from(m[1] ?? '', 'hex');
}

/** An AES-256 base key with the Derive Key bit (Pre-Active, as the PyKMIP interop scenario leaves it). */
async function base(h: Harness, version: string, mask = 'DeriveKey'): Promise<{ uid: string; key: Buffer }> {
  const tpl = `<ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', '256')}${attr1x('Cryptographic Usage Mask', 'Integer', mask)}</TemplateAttribute>`;
  const attrs = `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/><CryptographicUsageMask type="Integer" value="${mask}"/></Attributes>`;
  const r = await h.op('Create', version.startsWith('2.') ? attrs : tpl, { version });
  assert.equal(r.status, 'Success', r.xml);
  const uid = payloadText(r, Tag.UniqueIdentifier)!;
  return { uid, key: material(await h.op('Get', uidXml(uid), { version })) };
}

const hashing = (alg: string): string =>
  `<CryptographicParameters><HashingAlgorithm type="Enumeration" value="${alg}"/></CryptographicParameters>`;

test('PyKMIP-style PBKDF2 (1.2) from a Pre-Active base gives PBKDF2-HMAC-SHA256 of the base key, linked both ways', async () => {
  await withHarness(async (h) => {
    const b = await base(h, '1.2');
    const r = await h.op(
      'DeriveKey',
      `<ObjectType type="Enumeration" value="SymmetricKey"/>${uidXml(b.uid)}<DerivationMethod type="Enumeration" value="PBKDF2"/>
       <DerivationParameters>${hashing('SHA_256')}<Salt type="ByteString" value="${Buffer.from('interop-salt').toString('hex')}"/><IterationCount type="Integer" value="1000"/></DerivationParameters>
       <TemplateAttribute>${attr1x('Cryptographic Length', 'Integer', '256')}${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}</TemplateAttribute>`,
      { version: '1.2' },
    );
    assert.equal(r.status, 'Success', r.xml);
    const uid = payloadText(r, Tag.UniqueIdentifier)!;
    const got = await h.op('Get', uidXml(uid), { version: '1.2' });
    assert.deepEqual(material(got), pbkdf2Sync(b.key, 'interop-salt', 1000, 32, 'sha256'));
    assert.match(got.xml, /CryptographicLength type="Integer" value="256"/);
    const links = await h.op(
      'GetAttributes',
      uidXml(uid) + '<AttributeName type="TextString" value="Link"/>',
      { version: '1.2' },
    );
    assert.match(links.xml, /DerivationBaseObjectLink/);
    const back = await h.op(
      'GetAttributes',
      uidXml(b.uid) + '<AttributeName type="TextString" value="Link"/>',
      { version: '1.2' },
    );
    assert.match(back.xml, new RegExp(`DerivedKeyLink.*${uid}`, 's'));
  });
});

test('HMAC derivation into Secret Data gives the asked number of bytes (pykmip-server: HKDF); ENCRYPT is AES of the data', async () => {
  await withHarness(async (h) => {
    const b = await base(h, '1.2');
    const r = await h.op(
      'DeriveKey',
      `<ObjectType type="Enumeration" value="SecretData"/>${uidXml(b.uid)}<DerivationMethod type="Enumeration" value="HMAC"/>
       <DerivationParameters>${hashing('SHA_256')}<DerivationData type="ByteString" value="01"/><Salt type="ByteString" value="02"/></DerivationParameters>
       <TemplateAttribute>${attr1x('Cryptographic Length', 'Integer', '128')}</TemplateAttribute>`,
      { version: '1.2' },
    );
    assert.equal(r.status, 'Success', r.xml);
    const got = await h.op('Get', uidXml(payloadText(r, Tag.UniqueIdentifier)!), { version: '1.2' });
    assert.match(got.xml, /SecretData/);
    assert.equal(material(got).length, 16);
    const data = Buffer.alloc(32, 7);
    const e = await h.op(
      'DeriveKey',
      `<ObjectType type="Enumeration" value="SymmetricKey"/>${uidXml(b.uid)}<DerivationMethod type="Enumeration" value="ENCRYPT"/>
       <DerivationParameters><CryptographicParameters><BlockCipherMode type="Enumeration" value="ECB"/></CryptographicParameters><DerivationData type="ByteString" value="${data.toString('hex')}"/></DerivationParameters>
       <TemplateAttribute>${attr1x('Cryptographic Length', 'Integer', '256')}${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}</TemplateAttribute>`,
      { version: '1.2' },
    );
    assert.equal(e.status, 'Success', e.xml);
    const c = createCipheriv('aes-256-ecb', b.key, null).setAutoPadding(false);
    assert.deepEqual(
      material(await h.op('Get', uidXml(payloadText(e, Tag.UniqueIdentifier)!))),
      Buffer.concat([c.update(data), c.final()]),
    );
  });
});

test('Derive Key refusals: no Derive Key bit, a Pre-Active base at 2.1, no length, a length beyond the method, an unknown method', async () => {
  await withHarness(async (h) => {
    const body = (uid: string, method: string, len: string, dp = hashing('SHA_256')): string =>
      `<ObjectType type="Enumeration" value="SecretData"/>${uidXml(uid)}<DerivationMethod type="Enumeration" value="${method}"/>
       <DerivationParameters>${dp}</DerivationParameters><Attributes>${len}</Attributes>`;
    const len = (n: number): string => `<CryptographicLength type="Integer" value="${n}"/>`;
    const noBit = await base(h, '2.1', 'Encrypt');
    await h.op('Activate', uidXml(noBit.uid), { version: '2.1' });
    assert.equal(
      (await h.op('DeriveKey', body(noBit.uid, 'HASH', len(256)), { version: '2.1' })).reason,
      'IncompatibleCryptographicUsageMask',
    );
    const pre = await base(h, '2.1');
    assert.equal(
      (await h.op('DeriveKey', body(pre.uid, 'HASH', len(256)), { version: '2.1' })).reason,
      'WrongKeyLifecycleState',
    );
    await h.op('Activate', uidXml(pre.uid), { version: '2.1' });
    assert.equal(
      (await h.op('DeriveKey', body(pre.uid, 'HASH', ''), { version: '2.1' })).reason,
      'InvalidField',
    );
    assert.equal(
      (await h.op('DeriveKey', body(pre.uid, 'HASH', len(512)), { version: '2.1' })).reason,
      'CryptographicFailure',
    );
    assert.equal(
      (await h.op('DeriveKey', body(pre.uid, 'AWSSignatureVersion4', len(256)), { version: '2.1' })).reason,
      'UnsupportedCryptographicParameters',
    );
    const ok = await h.op(
      'DeriveKey',
      body(
        pre.uid,
        'NIST800_108_C',
        len(384),
        hashing('SHA_256') + '<DerivationData type="ByteString" value="6c6162656c"/>',
      ),
      { version: '2.1' },
    );
    assert.equal(ok.status, 'Success', ok.xml);
  });
});

test('PBKDF2 derives the length asked for, not only the algorithm’s usual sizes: RFC 6070 HMAC-SHA1 → a 160-bit AES key', async () => {
  await withHarness(async (h) => {
    for (const version of ['1.2', '2.1']) {
      const v2 = version.startsWith('2.');
      const mask = v2
        ? '<Attributes><CryptographicUsageMask type="Integer" value="DeriveKey"/></Attributes>'
        : `<TemplateAttribute>${attr1x('Cryptographic Usage Mask', 'Integer', 'DeriveKey')}</TemplateAttribute>`;
      const password = await h.op(
        'Register',
        `<ObjectType type="Enumeration" value="SecretData"/>${mask}<SecretData><SecretDataType type="Enumeration" value="Password"/>
         <KeyBlock><KeyFormatType type="Enumeration" value="Opaque"/><KeyValue><KeyMaterial type="ByteString" value="${Buffer.from('password').toString('hex')}"/></KeyValue></KeyBlock></SecretData>`,
        { version },
      );
      assert.equal(password.status, 'Success', password.xml);
      const passwordUid = payloadText(password, Tag.UniqueIdentifier)!;
      assert.equal((await h.op('Activate', uidXml(passwordUid), { version })).status, 'Success');
      const wanted = v2
        ? '<Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="160"/><CryptographicUsageMask type="Integer" value="Encrypt"/></Attributes>'
        : `<TemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', '160')}${attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt')}</TemplateAttribute>`;
      const r = await h.op(
        'DeriveKey',
        `<ObjectType type="Enumeration" value="SymmetricKey"/>${uidXml(passwordUid)}
         <DerivationMethod type="Enumeration" value="PBKDF2"/><DerivationParameters>${hashing('SHA_1')}
         <Salt type="ByteString" value="${Buffer.from('salt').toString('hex')}"/><IterationCount type="Integer" value="4096"/></DerivationParameters>${wanted}`,
        { version },
      );
      assert.equal(r.status, 'Success', `${version}: ${r.xml}`);
      const uid = payloadText(r, Tag.UniqueIdentifier)!;
      const got = await h.op('Get', uidXml(uid), { version });
      assert.equal(material(got).toString('hex'), '4b007901b765489abead49d926f721d065a429c1');
      assert.match(got.xml, /CryptographicAlgorithm type="Enumeration" value="AES"/);
      assert.match(got.xml, /CryptographicLength type="Integer" value="160"/);
      // AES takes no 160-bit key: using it is refused with a KMIP error, not a crash.
      assert.equal((await h.op('Activate', uidXml(uid), { version })).status, 'Success');
      const encrypt = await h.op(
        'Encrypt',
        `${uidXml(uid)}<CryptographicParameters><BlockCipherMode type="Enumeration" value="ECB"/></CryptographicParameters><Data type="ByteString" value="00112233445566778899aabbccddeeff"/>`,
        { version },
      );
      assert.equal(encrypt.reason, 'InvalidField', encrypt.xml);
      assert.match(encrypt.message ?? '', /160-bit/);
    }
  });
});
