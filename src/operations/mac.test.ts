import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import {
  payloadText,
  type BatchResult,
  type Harness,
  withHarness,
  payloadBytes,
} from '../../test/helpers/engine-harness.js';
import { uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

const DATA = Buffer.from('The quick brown fox jumps over the lazy dog, interop.');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const data = (b: Uint8Array): string => `<Data type="ByteString" value="${hex(b)}"/>`;
const macData = (b: Uint8Array): string => `<MACData type="ByteString" value="${hex(b)}"/>`;

/** Registers an Active symmetric key (2.x attributes). */
async function register(
  h: Harness,
  version: string,
  alg: string,
  key: Buffer,
  mask: string,
): Promise<string> {
  const v2 = version.startsWith('2.');
  const attrs = v2
    ? `<Attributes><CryptographicUsageMask type="Integer" value="${mask}"/><ActivationDate type="DateTime" value="2020-01-01T00:00:00+00:00"/></Attributes>`
    : `<TemplateAttribute><Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/><AttributeValue type="Integer" value="${mask}"/></Attribute>
       <Attribute><AttributeName type="TextString" value="Activation Date"/><AttributeValue type="DateTime" value="2020-01-01T00:00:00+00:00"/></Attribute></TemplateAttribute>`;
  const r = await h.op(
    'Register',
    `<ObjectType type="Enumeration" value="SymmetricKey"/>${attrs}
     <SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/><KeyValue><KeyMaterial type="ByteString" value="${hex(key)}"/></KeyValue>
     <CryptographicAlgorithm type="Enumeration" value="${alg}"/><CryptographicLength type="Integer" value="${key.length * 8}"/></KeyBlock></SymmetricKey>`,
    { version },
  );
  assert.equal(r.status, 'Success', r.xml);
  return payloadText(r, Tag.UniqueIdentifier)!;
}

test('PyKMIP-style MAC (1.2): an HMAC-SHA256 key, the algorithm named in the request, the given UID answered', async () => {
  await withHarness(async (h) => {
    const key = randomBytes(32);
    const uid = await register(h, '1.2', 'HMAC_SHA256', key, 'MACGenerate');
    const p =
      '<CryptographicParameters><CryptographicAlgorithm type="Enumeration" value="HMAC_SHA256"/></CryptographicParameters>';
    const r = await h.op('MAC', uidXml(uid) + p + data(DATA), { version: '1.2' });
    assert.equal(r.status, 'Success', r.xml);
    assert.equal(payloadText(r, Tag.UniqueIdentifier), uid);
    assert.deepEqual(payloadBytes(r, Tag.MACData), createHmac('sha256', key).update(DATA).digest());
    const noBit = await h.op('MACVerify', uidXml(uid) + data(DATA) + macData(payloadBytes(r, Tag.MACData)!), {
      version: '2.1',
    });
    assert.equal(noBit.reason, 'IncompatibleCryptographicUsageMask');
  });
});

test('MAC Verify answers Valid for the MAC and Invalid for a changed one; an AES key gives CMAC', async () => {
  await withHarness(async (h) => {
    const aes = Buffer.from('2b7e151628aed2a6abf7158809cf4f3c', 'hex');
    const uid = await register(h, '2.1', 'AES', aes, 'MACGenerate MACVerify');
    const msg = Buffer.from('6bc1bee22e409f96e93d7e117393172a', 'hex');
    const r = await h.op('MAC', uidXml(uid) + data(msg), { version: '2.1' });
    assert.equal(hex(payloadBytes(r, Tag.MACData)!), '070a16b46b4d4144f79bdd9dd04a287c');
    const ok = await h.op('MACVerify', uidXml(uid) + data(msg) + macData(payloadBytes(r, Tag.MACData)!), {
      version: '2.1',
    });
    assert.match(ok.xml, /ValidityIndicator type="Enumeration" value="Valid"/);
    const tampered = Buffer.from(payloadBytes(r, Tag.MACData)!);
    tampered[0] = (tampered[0] ?? 0) ^ 0x80;
    const bad = await h.op('MACVerify', uidXml(uid) + data(msg) + macData(tampered), { version: '2.1' });
    assert.match(bad.xml, /ValidityIndicator type="Enumeration" value="Invalid"/);
  });
});

test('MAC needs Data and a key with MAC Generate; an RSA algorithm is Unsupported (1.x: Invalid Field)', async () => {
  await withHarness(async (h) => {
    const uid = await register(h, '2.1', 'AES', randomBytes(16), 'Encrypt');
    assert.equal(
      (await h.op('MAC', uidXml(uid) + data(DATA), { version: '2.1' })).reason,
      'IncompatibleCryptographicUsageMask',
    );
    assert.equal(
      (await h.op('MAC', uidXml(uid) + data(DATA), { version: '1.4' })).reason,
      'PermissionDenied',
    );
    const ok = await register(h, '2.1', 'AES', randomBytes(16), 'MACGenerate');
    assert.equal((await h.op('MAC', uidXml(ok), { version: '2.1' })).reason, 'InvalidField');
    const rsa =
      '<CryptographicParameters><CryptographicAlgorithm type="Enumeration" value="RSA"/></CryptographicParameters>';
    const blowfishKey = await register(h, '2.1', 'RC4', randomBytes(16), 'MACGenerate');
    assert.equal(
      (await h.op('MAC', uidXml(blowfishKey) + rsa + data(DATA), { version: '2.1' })).reason,
      'UnsupportedCryptographicParameters',
    );
    const old = await h.op('MAC', uidXml(blowfishKey) + rsa + data(DATA), { version: '1.4' });
    assert.equal(old.reason, 'InvalidField');
  });
});

test('multi-part MAC and MAC Verify give the same answer as one part', async () => {
  await withHarness(async (h) => {
    const key = randomBytes(32);
    const uid = await register(h, '2.1', 'HMAC_SHA512', key, 'MACGenerate MACVerify');
    const v = { version: '2.1' };
    const cv = (r: BatchResult): string =>
      `<CorrelationValue type="ByteString" value="${hex(payloadBytes(r, Tag.CorrelationValue)!)}"/>`;
    const init = '<InitIndicator type="Boolean" value="true"/>';
    const fin = '<FinalIndicator type="Boolean" value="true"/>';
    const m1 = await h.op('MAC', uidXml(uid) + data(DATA.subarray(0, 7)) + init, v);
    const m2 = await h.op('MAC', data(DATA.subarray(7)) + cv(m1) + fin, v);
    assert.deepEqual(payloadBytes(m2, Tag.MACData), createHmac('sha512', key).update(DATA).digest());
    const v1 = await h.op(
      'MACVerify',
      uidXml(uid) + data(DATA.subarray(0, 30)) + macData(payloadBytes(m2, Tag.MACData)!) + init,
      v,
    );
    const v2 = await h.op('MACVerify', data(DATA.subarray(30)) + cv(v1) + fin, v);
    assert.match(v2.xml, /ValidityIndicator type="Enumeration" value="Valid"/);
  });
});
