// X.509 issuing (x509-issue.ts) and its DER pieces (x509-der.ts), checked by OpenSSL through
// node:crypto's X509Certificate: every issuer key type signs a certificate that verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import { certificateParts, certificationRequestParts, distinguishedName, oid, x509Time } from './x509-der.js';
import { issueCertificate, keyIdentifier } from './x509-issue.js';

const DAY = 86_400_000;

function pair(
  type: 'rsa' | 'ec' | 'ed25519',
  curve?: string,
): { privateKey: KeyObject; publicKey: KeyObject } {
  if (type === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (type === 'ec') return generateKeyPairSync('ec', { namedCurve: curve ?? 'prime256v1' });
  return generateKeyPairSync('ed25519');
}

test('object identifiers and times encode as X.690 and RFC 5280 say', () => {
  assert.equal(oid('2.5.4.3').toString('hex'), '0603550403');
  assert.equal(oid('1.2.840.113549.1.1.11').toString('hex'), '06092a864886f70d01010b');
  assert.equal(x509Time(new Date('2049-12-31T23:59:59Z')).toString('latin1').slice(2), '491231235959Z');
  const later = x509Time(new Date('2050-01-01T00:00:00Z'));
  assert.equal(later[0], 0x18, 'GeneralizedTime from 2050');
  assert.equal(later.toString('latin1').slice(2), '20500101000000Z');
});

for (const [label, issuerType, curve] of [
  ['RSA', 'rsa', undefined],
  ['ECDSA P-256', 'ec', 'prime256v1'],
  ['ECDSA P-384', 'ec', 'secp384r1'],
  ['Ed25519', 'ed25519', undefined],
] as const) {
  test(`a ${label} CA issues a leaf that OpenSSL parses and verifies, with matching key identifiers`, () => {
    const ca = pair(issuerType, curve);
    const now = new Date();
    const caName = distinguishedName([
      ['O', 'kmip-ts'],
      ['CN', `${label} CA`],
    ]);
    const caDer = issueCertificate({
      subject: caName,
      subjectKey: ca.publicKey,
      issuer: caName,
      issuerKey: ca.privateKey,
      issuerKeyId: keyIdentifier(ca.publicKey),
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY),
      ca: true,
    });
    const caCert = new X509Certificate(caDer);
    assert.equal(caCert.ca, true);
    assert.equal(caCert.verify(ca.publicKey), true);
    const parts = certificateParts(caDer);
    assert.deepEqual(parts.subject, caName);
    assert.deepEqual(parts.subjectKeyId, keyIdentifier(ca.publicKey));
    const leaf = pair('ec');
    const leafDer = issueCertificate({
      subject: distinguishedName([
        ['CN', 'leaf.example'],
        ['Email', 'ops@example.org'],
        ['C', 'DE'],
      ]),
      subjectKey: leaf.publicKey,
      issuer: parts.subject,
      issuerKey: ca.privateKey,
      issuerKeyId: parts.subjectKeyId,
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY),
    });
    const leafCert = new X509Certificate(leafDer);
    assert.equal(leafCert.ca, false);
    assert.equal(leafCert.checkIssued(caCert), true);
    assert.equal(leafCert.verify(ca.publicKey), true);
    assert.match(leafCert.subject, /CN=leaf.example/);
    assert.match(leafCert.subject, /C=DE/);
    assert.equal(leafCert.publicKey.equals(leaf.publicKey), true);
  });
}

test('an issuer key that cannot sign certificates is Feature Not Supported; a request that is no DER is Invalid CSR', () => {
  const x = generateKeyPairSync('x25519');
  const name = distinguishedName([['CN', 'x']]);
  assert.throws(
    () =>
      issueCertificate({
        subject: name,
        subjectKey: x.publicKey,
        issuer: name,
        issuerKey: x.privateKey,
        notBefore: new Date(),
        notAfter: new Date(Date.now() + DAY),
      }),
    (e: unknown) => e instanceof KmipError && e.resultReason === ResultReason.FeatureNotSupported,
  );
  assert.throws(
    () => certificationRequestParts(Buffer.from('3003020100', 'hex')),
    (e: unknown) => e instanceof KmipError && e.resultReason === ResultReason.InvalidCSR,
  );
  assert.throws(() => distinguishedName([['Nickname', 'x']]), KmipError);
});
