import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPublicKey, verify } from 'node:crypto';
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

async function pair(
  h: Harness,
  version: string,
  alg: string,
  length: number,
  activate = true,
): Promise<{ priv: string; pub: string }> {
  const r = await h.op(
    'CreateKeyPair',
    `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="${alg}"/><CryptographicLength type="Integer" value="${length}"/></CommonAttributes>
     <PrivateKeyAttributes><CryptographicUsageMask type="Integer" value="Sign"/></PrivateKeyAttributes>
     <PublicKeyAttributes><CryptographicUsageMask type="Integer" value="Verify"/></PublicKeyAttributes>`,
    { version: '2.1' },
  );
  assert.equal(r.status, 'Success', r.xml);
  const priv = payloadText(r, Tag.PrivateKeyUniqueIdentifier)!;
  const pub = payloadText(r, Tag.PublicKeyUniqueIdentifier)!;
  if (activate) {
    for (const uid of [priv, pub])
      assert.equal((await h.op('Activate', uidXml(uid), { version })).status, 'Success');
  }
  return { priv, pub };
}

const params = (inner: string): string => `<CryptographicParameters>${inner}</CryptographicParameters>`;
const data = (b: Uint8Array): string => `<Data type="ByteString" value="${hex(b)}"/>`;
const sig = (b: Uint8Array): string => `<SignatureData type="ByteString" value="${hex(b)}"/>`;

test('PyKMIP-style Sign (1.2, RSA PSS and PKCS#1 v1.5 with SHA-256) verifies locally and through SignatureVerify', async () => {
  await withHarness(async (h) => {
    const { priv, pub } = await pair(h, '1.2', 'RSA', 2048);
    const got = await h.op('Get', uidXml(pub) + '<KeyFormatType type="Enumeration" value="X_509"/>', {
      version: '1.2',
    });
    assert.equal(got.status, 'Success', got.xml);
    const spki = Buffer.from(
      /KeyMaterial type="ByteString" value="([0-9a-f]+)"/.exec(got.xml)?.[1] ?? '',
      'hex',
    );
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    for (const [padding, nodePadding] of [
      ['PSS', constants.RSA_PKCS1_PSS_PADDING],
      ['PKCS1V1_5', constants.RSA_PKCS1_PADDING],
    ] as const) {
      const p = params(
        `<PaddingMethod type="Enumeration" value="${padding}"/><HashingAlgorithm type="Enumeration" value="SHA_256"/><CryptographicAlgorithm type="Enumeration" value="RSA"/>`,
      );
      const s = await h.op('Sign', uidXml(priv) + p + data(DATA), { version: '1.2' });
      assert.equal(s.status, 'Success', s.xml);
      assert.equal(payloadText(s, Tag.UniqueIdentifier), priv);
      const signature = payloadBytes(s, Tag.SignatureData)!;
      assert.equal(
        verify(
          'sha256',
          DATA,
          { key, padding: nodePadding, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
          signature,
        ),
        true,
      );
      const ok = await h.op('SignatureVerify', uidXml(pub) + p + data(DATA) + sig(signature), {
        version: '1.2',
      });
      assert.match(ok.xml, /ValidityIndicator type="Enumeration" value="Valid"/);
      const bad = await h.op(
        'SignatureVerify',
        uidXml(pub) + p + data(Buffer.concat([DATA, Buffer.from('!')])) + sig(signature),
        { version: '1.2' },
      );
      assert.equal(bad.status, 'Success', bad.xml);
      assert.match(bad.xml, /ValidityIndicator type="Enumeration" value="Invalid"/);
    }
  });
});

test('ECDSA P-256 and Ed25519 pairs sign and verify (2.1)', async () => {
  await withHarness(async (h) => {
    for (const [alg, length, p] of [
      ['ECDSA', 256, params('<DigitalSignatureAlgorithm type="Enumeration" value="ECDSAWithSHA256"/>')],
      ['Ed25519', 256, ''],
    ] as const) {
      const { priv, pub } = await pair(h, '2.1', alg, length);
      const s = await h.op('Sign', uidXml(priv) + p + data(DATA), { version: '2.1' });
      assert.equal(s.status, 'Success', s.xml);
      const v = await h.op(
        'SignatureVerify',
        uidXml(pub) + p + data(DATA) + sig(payloadBytes(s, Tag.SignatureData)!),
        { version: '2.1' },
      );
      assert.match(v.xml, /ValidityIndicator type="Enumeration" value="Valid"/, alg);
    }
  });
});

test('Sign refuses a Pre-Active key (1.2: Permission Denied), the public key (Invalid Object Type) and missing parameters', async () => {
  await withHarness(async (h) => {
    const pre = await pair(h, '2.1', 'RSA', 1024, false);
    const p = params(
      '<PaddingMethod type="Enumeration" value="PSS"/><HashingAlgorithm type="Enumeration" value="SHA_256"/>',
    );
    assert.equal(
      (await h.op('Sign', uidXml(pre.priv) + p + data(DATA), { version: '1.2' })).reason,
      'PermissionDenied',
    );
    const { priv, pub } = await pair(h, '2.1', 'RSA', 1024);
    assert.equal(
      (await h.op('Sign', uidXml(pub) + p + data(DATA), { version: '2.1' })).reason,
      'InvalidObjectType',
    );
    assert.equal((await h.op('Sign', uidXml(priv) + data(DATA), { version: '2.1' })).reason, 'InvalidField');
    assert.equal((await h.op('Sign', uidXml(priv) + p, { version: '2.1' })).reason, 'InvalidField');
    assert.equal(
      (await h.op('SignatureVerify', uidXml(pub) + p + data(DATA), { version: '2.1' })).reason,
      'InvalidField',
    );
  });
});

test('multi-part Sign and Signature Verify: the parts are signed as one message; the signature may come with the final part', async () => {
  await withHarness(async (h) => {
    const v = { version: '2.1' };
    const { priv, pub } = await pair(h, '2.1', 'RSA', 1024);
    const p = params(
      '<PaddingMethod type="Enumeration" value="PKCS1V1_5"/><HashingAlgorithm type="Enumeration" value="SHA_256"/>',
    );
    const cvOf = (r: BatchResult): string => hex(payloadBytes(r, Tag.CorrelationValue)!);
    const s1 = await h.op(
      'Sign',
      uidXml(priv) + p + data(DATA.subarray(0, 20)) + '<InitIndicator type="Boolean" value="true"/>',
      v,
    );
    assert.equal(payloadText(s1, Tag.UniqueIdentifier), priv);
    const s2 = await h.op(
      'Sign',
      data(DATA.subarray(20)) +
        `<CorrelationValue type="ByteString" value="${cvOf(s1)}"/><FinalIndicator type="Boolean" value="true"/>`,
      v,
    );
    assert.equal(s2.status, 'Success', s2.xml);
    const whole = await h.op('Sign', uidXml(priv) + p + data(DATA), v);
    assert.deepEqual(payloadBytes(s2, Tag.SignatureData), payloadBytes(whole, Tag.SignatureData));
    const v1 = await h.op(
      'SignatureVerify',
      uidXml(pub) + p + data(DATA.subarray(0, 5)) + '<InitIndicator type="Boolean" value="true"/>',
      v,
    );
    assert.doesNotMatch(v1.xml, /ValidityIndicator/);
    const v2 = await h.op(
      'SignatureVerify',
      data(DATA.subarray(5)) +
        sig(payloadBytes(s2, Tag.SignatureData)!) +
        `<CorrelationValue type="ByteString" value="${cvOf(v1)}"/><FinalIndicator type="Boolean" value="true"/>`,
      v,
    );
    assert.match(v2.xml, /ValidityIndicator type="Enumeration" value="Valid"/);
  });
});
