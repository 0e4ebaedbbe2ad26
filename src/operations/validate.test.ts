// Validate (KMIP 2.1 §6.1.57, 1.4 §4.24): one certificate chain, Valid / Invalid / Unknown by the
// server's policy (crypto/certificate-chain.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Harness, withHarness } from '../../test/helpers/engine-harness.js';
import { createKey, uidXml } from '../../test/helpers/object-fixtures.js';
import {
  certificateXml,
  makeCertificate,
  registerCertificate,
} from '../../test/helpers/certificate-fixtures.js';

async function indicator(h: Harness, payload: string, version = '2.1'): Promise<string> {
  const r = await h.op('Validate', payload, { version });
  assert.equal(r.status, 'Success', r.xml);
  const m = /<ValidityIndicator type="Enumeration" value="(\w+)"\/>/.exec(r.xml);
  return m?.[1] ?? '?';
}

test('a leaf issued by a CA the server holds is Valid, in any order and at 1.x; without that anchor it is Unknown', async () => {
  const ca = await makeCertificate('Validate CA', { isCa: true });
  const leaf = await makeCertificate('leaf.example', { issuer: ca });
  await withHarness(async (h) => {
    const caUid = await registerCertificate(h, ca.der);
    assert.equal(await indicator(h, certificateXml(leaf.der) + uidXml(caUid)), 'Valid');
    assert.equal(await indicator(h, certificateXml(leaf.der) + uidXml(caUid), '1.4'), 'Valid');
    const leafUid = await registerCertificate(h, leaf.der);
    assert.equal(await indicator(h, uidXml(caUid) + uidXml(leafUid)), 'Valid');
    // The root only given in the request: nothing the server holds vouches for it.
    assert.equal(await indicator(h, certificateXml(ca.der) + certificateXml(leaf.der)), 'Unknown');
    // The issuer missing altogether.
    assert.equal(await indicator(h, certificateXml(leaf.der)), 'Unknown');
  });
});

test('an expired certificate, a broken chain and a revoked CA make the chain Invalid', async () => {
  const ca = await makeCertificate('Validate CA', { isCa: true });
  const other = await makeCertificate('Other CA', { isCa: true });
  const leaf = await makeCertificate('leaf.example', { issuer: ca });
  const stranger = await makeCertificate('stranger.example', { issuer: other });
  const notCa = await makeCertificate('not-a-ca.example', { isCa: false });
  const underNotCa = await makeCertificate('under.example', { issuer: notCa });
  await withHarness(async (h) => {
    const caUid = await registerCertificate(h, ca.der);
    const later = '<ValidityDate type="DateTime" value="2099-01-01T00:00:00+00:00"/>';
    assert.equal(await indicator(h, certificateXml(leaf.der) + uidXml(caUid) + later), 'Invalid');
    assert.equal(await indicator(h, certificateXml(stranger.der) + uidXml(caUid)), 'Invalid');
    assert.equal(await indicator(h, certificateXml(underNotCa.der) + certificateXml(notCa.der)), 'Invalid');
    assert.equal(await indicator(h, certificateXml(leaf.der) + uidXml(caUid)), 'Valid');
    const revoked = await h.op(
      'Revoke',
      `${uidXml(caUid)}<RevocationReason><RevocationReasonCode type="Enumeration" value="CACompromise"/></RevocationReason>`,
      { version: '2.1' },
    );
    assert.equal(revoked.status, 'Success', revoked.xml);
    assert.equal(await indicator(h, certificateXml(leaf.der) + uidXml(caUid)), 'Invalid');
  });
});

test('Validate errors: no chain is Invalid Message, a key is Invalid Object Type (1.x Invalid Field), a bad value Invalid Field', async () => {
  await withHarness(async (h) => {
    assert.equal((await h.op('Validate', '', { version: '2.1' })).reason, 'InvalidMessage');
    const key = await createKey(h);
    assert.equal((await h.op('Validate', uidXml(key), { version: '2.1' })).reason, 'InvalidObjectType');
    assert.equal((await h.op('Validate', uidXml(key), { version: '1.4' })).reason, 'InvalidField');
    assert.equal((await h.op('Validate', uidXml('missing'), { version: '2.1' })).reason, 'ObjectNotFound');
    const garbage = await h.op('Validate', certificateXml(Buffer.from('not a certificate')), {
      version: '2.1',
    });
    assert.equal(garbage.reason, 'InvalidField', garbage.xml);
  });
});
