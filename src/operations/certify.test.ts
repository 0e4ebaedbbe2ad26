// Certify (KMIP 2.1 §6.1.6, 1.4 §4.7): certificates for public keys and certificate requests,
// self-signed or signed by a CA the server holds, linked to their keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import { payloadText, withHarness } from '../../test/helpers/engine-harness.js';
import { createKey, uidXml } from '../../test/helpers/object-fixtures.js';
import {
  caLink,
  certificateOf,
  certify,
  csr,
  keyPair,
  makeCa,
} from '../../test/helpers/certificate-fixtures.js';

test('Certify self-signs a CA key pair: subject from the attributes, a CA certificate, linked both ways', async () => {
  await withHarness(async (h) => {
    const { cert, keys } = await makeCa(h);
    const x = await certificateOf(h, cert);
    assert.match(x.subject, /CN=Test CA/);
    assert.equal(x.subject, x.issuer);
    assert.equal(x.ca, true);
    assert.equal(x.verify(x.publicKey), true);
    const pub = await h.store.get(keys.pub);
    const certObj = await h.store.get(cert);
    const links = (o: typeof pub): string => JSON.stringify(o?.attributes.filter((a) => a.name === 'Link'));
    assert.match(links(pub), new RegExp(cert));
    assert.match(links(certObj), new RegExp(keys.pub));
    // The ID Placeholder is the certificate: a Get in the same batch would fetch it.
    const attrs = await h.op('GetAttributes', uidXml(cert), { version: '2.1' });
    assert.match(attrs.xml, /<CertificateSubjectCN type="TextString" value="Test CA"\/>/);
  });
});

test('Certify signs a public key with the CA the Certificate Link names; Validate finds the chain Valid', async () => {
  await withHarness(async (h) => {
    const ca = await makeCa(h);
    const leaf = await keyPair(h, 'Sign', 'Verify');
    for (const version of ['2.1', '1.4']) {
      const attrs =
        version === '2.1'
          ? `<Attributes>${caLink(ca.cert)}<CertificateSubjectCN type="TextString" value="leaf.example"/></Attributes>`
          : `<TemplateAttribute><Attribute><AttributeName type="TextString" value="Link"/><AttributeValue>
             <LinkType type="Enumeration" value="CertificateLink"/><LinkedObjectIdentifier type="TextString" value="${ca.cert}"/>
             </AttributeValue></Attribute><Attribute><AttributeName type="TextString" value="Certificate Subject"/><AttributeValue>
             <CertificateSubjectDistinguishedName type="TextString" value="CN=leaf.example, O=kmip-ts"/></AttributeValue></Attribute></TemplateAttribute>`;
      const r = await certify(h, uidXml(leaf.pub) + attrs, version);
      assert.equal(r.status, 'Success', r.xml);
      const uid = payloadText(r, Tag.UniqueIdentifier) ?? '';
      const issued = await certificateOf(h, uid);
      const caCert = await certificateOf(h, ca.cert);
      assert.match(issued.subject, /CN=leaf.example/);
      assert.equal(issued.issuer, caCert.subject);
      assert.equal(issued.checkIssued(caCert), true);
      assert.equal(issued.verify(caCert.publicKey), true);
      assert.equal(issued.ca, false);
      const valid = await h.op('Validate', uidXml(uid) + uidXml(ca.cert), { version: '2.1' });
      assert.match(valid.xml, /<ValidityIndicator type="Enumeration" value="Valid"\/>/);
    }
  });
});

test('Certify of a PKCS#10 or PEM request takes its key and subject; a request whose signature fails is Invalid CSR', async () => {
  await withHarness(async (h) => {
    const ca = await makeCa(h);
    const request = csr('from-a-csr.example');
    const pkcs10 = `<CertificateRequestType type="Enumeration" value="PKCS_10"/><CertificateRequestValue type="ByteString" value="${request.der.toString('hex')}"/>`;
    const attrs = `<Attributes>${caLink(ca.cert)}<CertificateSubjectCN type="TextString" value="ignored"/></Attributes>`;
    const r = await certify(h, pkcs10 + attrs);
    assert.equal(r.status, 'Success', r.xml);
    const x = await certificateOf(h, payloadText(r, Tag.UniqueIdentifier) ?? '');
    assert.match(x.subject, /CN=from-a-csr.example/);
    assert.doesNotMatch(x.subject, /ignored/);
    const pem = `<CertificateRequestType type="Enumeration" value="PEM"/><CertificateRequestValue type="ByteString" value="${Buffer.from(request.pem).toString('hex')}"/>`;
    assert.equal((await certify(h, pem + attrs)).status, 'Success');
    const tampered = Buffer.from(request.der);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    const bad = `<CertificateRequestType type="Enumeration" value="PKCS_10"/><CertificateRequestValue type="ByteString" value="${tampered.toString('hex')}"/>`;
    assert.equal((await certify(h, bad + attrs)).reason, 'InvalidCSR');
    const bad14 = await certify(
      h,
      `${bad}<TemplateAttribute><Attribute><AttributeName type="TextString" value="Link"/><AttributeValue>
       <LinkType type="Enumeration" value="CertificateLink"/><LinkedObjectIdentifier type="TextString" value="${ca.cert}"/>
       </AttributeValue></Attribute></TemplateAttribute>`,
      '1.4',
    );
    assert.equal(bad14.reason, 'InvalidField', bad14.xml);
    // No CA named and no private key of the subject held: nothing can sign.
    assert.equal((await certify(h, pkcs10 + '<Attributes/>')).reason, 'InvalidField');
    assert.equal((await certify(h, pkcs10.replace('PKCS_10', 'CRMF') + attrs)).reason, 'FeatureNotSupported');
  });
});

test('Certify refuses what it cannot certify: a symmetric key, an inactive CA key, a CA of another owner', async () => {
  await withHarness(async (h) => {
    const key = await createKey(h, { version: '2.1' });
    assert.equal((await certify(h, `${uidXml(key)}<Attributes/>`)).reason, 'InvalidObjectType');
    assert.equal((await certify(h, `${uidXml('missing')}<Attributes/>`)).reason, 'ObjectNotFound');
    const idle = await keyPair(h, 'Sign CertificateSign', 'Verify CertificateSign');
    const named = `<Attributes><CertificateSubjectCN type="TextString" value="idle"/></Attributes>`;
    assert.equal((await certify(h, uidXml(idle.pub) + named)).reason, 'WrongKeyLifecycleState');
    const bobs = await makeCa(h, 'bob');
    const leaf = await keyPair(h, 'Sign', 'Verify');
    const viaBob = await certify(
      h,
      `${uidXml(leaf.pub)}<Attributes>${caLink(bobs.cert)}${named.slice(12, -13)}</Attributes>`,
    );
    assert.equal(viaBob.reason, 'PermissionDenied', viaBob.xml);
    assert.equal((await certify(h, uidXml(leaf.pub) + named, '2.1', 'bob')).reason, 'PermissionDenied');
  });
});
