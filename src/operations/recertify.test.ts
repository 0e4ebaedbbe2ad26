// Re-certify (KMIP 2.1 §6.1.45, 1.4 §4.8): a renewed certificate for the same key, by the same CA,
// the two linked as Replaced/Replacement, the Names and the public key's link moved over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import { type Harness, payloadText, withHarness } from '../../test/helpers/engine-harness.js';
import { stored, uidXml } from '../../test/helpers/object-fixtures.js';
import {
  caLink,
  certificateOf,
  certify,
  csr,
  keyPair,
  makeCa,
} from '../../test/helpers/certificate-fixtures.js';

const nameXml = (name: string): string =>
  `<Name><NameValue type="TextString" value="${name}"/><NameType type="Enumeration" value="UninterpretedTextString"/></Name>`;

/** A leaf certificate by a fresh CA: its identifier, its public key's, its CA's. */
async function leafCertificate(h: Harness, extra = ''): Promise<{ cert: string; pub: string; ca: string }> {
  const ca = await makeCa(h);
  const leaf = await keyPair(h, 'Sign', 'Verify');
  const r = await certify(
    h,
    `${uidXml(leaf.pub)}<Attributes>${caLink(ca.cert)}<CertificateSubjectCN type="TextString" value="renewed.example"/>${nameXml('web-cert')}${extra}</Attributes>`,
  );
  assert.equal(r.status, 'Success', r.xml);
  return { cert: payloadText(r, Tag.UniqueIdentifier) ?? '', pub: leaf.pub, ca: ca.cert };
}

function links(attrs: readonly { value: unknown }[]): string {
  return JSON.stringify(attrs.map((a) => a.value));
}

test('Re-certify renews a certificate for the same key by the same CA; links, Names and the key move as Table 299 says', async () => {
  await withHarness(async (h) => {
    const { cert, pub, ca } = await leafCertificate(h);
    let current = cert;
    for (const version of ['2.1', '1.4']) {
      const r = await h.op('ReCertify', uidXml(current), { version });
      assert.equal(r.status, 'Success', r.xml);
      const renewed = payloadText(r, Tag.UniqueIdentifier) ?? '';
      const before = await certificateOf(h, current);
      const after = await certificateOf(h, renewed);
      assert.equal(after.subject, before.subject);
      assert.equal(after.issuer, before.issuer);
      assert.notEqual(after.serialNumber, before.serialNumber);
      assert.equal(after.publicKey.equals(before.publicKey), true);
      assert.equal(after.verify((await certificateOf(h, ca)).publicKey), true);
      assert.match(links(await stored(h, current, 'Link')), new RegExp(`${renewed}`));
      assert.match(links(await stored(h, renewed, 'Link')), new RegExp(current));
      assert.equal((await stored(h, current, 'Name')).length, 0, 'the Names leave the old certificate');
      assert.equal((await stored(h, renewed, 'Name')).length, 1);
      const keyLinks = links(await stored(h, pub, 'Link'));
      assert.match(keyLinks, new RegExp(renewed));
      assert.doesNotMatch(keyLinks, new RegExp(`"${current}"`));
      current = renewed;
    }
  });
});

test('Re-certify with an Offset starts the new certificate Offset seconds from now; an Offset with dates is Invalid Message', async () => {
  await withHarness(async (h) => {
    const { cert } = await leafCertificate(h);
    const r = await h.op('ReCertify', `${uidXml(cert)}<Offset type="Interval" value="3600"/>`, {
      version: '2.1',
    });
    assert.equal(r.status, 'Success', r.xml);
    const renewed = payloadText(r, Tag.UniqueIdentifier) ?? '';
    const [activation] = await stored(h, renewed, 'Activation Date');
    const seconds = activation?.value.type === 'DateTime' ? Number(activation.value.value) : 0;
    assert.ok(Math.abs(seconds - (Date.now() / 1000 + 3600)) < 120, `Activation Date ${seconds}`);
    const both = await h.op(
      'ReCertify',
      `${uidXml(renewed)}<Offset type="Interval" value="60"/><Attributes><ActivationDate type="DateTime" value="2030-01-01T00:00:00+00:00"/></Attributes>`,
      { version: '2.1' },
    );
    assert.equal(both.reason, 'InvalidMessage', both.xml);
  });
});

test('Re-certify with a request for a new key certifies that key; the old public key keeps its own link', async () => {
  await withHarness(async (h) => {
    const { cert, pub } = await leafCertificate(h);
    const request = csr('rekeyed.example');
    const r = await h.op(
      'ReCertify',
      `${uidXml(cert)}<CertificateRequestType type="Enumeration" value="PKCS_10"/><CertificateRequestValue type="ByteString" value="${request.der.toString('hex')}"/>`,
      { version: '2.1' },
    );
    assert.equal(r.status, 'Success', r.xml);
    const renewed = payloadText(r, Tag.UniqueIdentifier) ?? '';
    assert.match((await certificateOf(h, renewed)).subject, /CN=rekeyed.example/);
    assert.doesNotMatch(links(await stored(h, pub, 'Link')), new RegExp(renewed));
  });
});

test('Re-certify of anything but a certificate is Invalid Object Type (1.x Invalid Field); of a missing one Not Found', async () => {
  await withHarness(async (h) => {
    const { pub } = await leafCertificate(h);
    assert.equal((await h.op('ReCertify', uidXml(pub), { version: '2.1' })).reason, 'InvalidObjectType');
    assert.equal((await h.op('ReCertify', uidXml(pub), { version: '1.4' })).reason, 'InvalidField');
    assert.equal((await h.op('ReCertify', uidXml('missing'), { version: '1.4' })).reason, 'ItemNotFound');
    assert.equal(
      (await h.op('ReCertify', uidXml(pub), { version: '2.1', identity: 'bob' })).reason,
      'PermissionDenied',
    );
  });
});
