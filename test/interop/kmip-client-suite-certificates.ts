// The client suite's certificate group: Certify, Validate and Export reached through client.call()
// with the server's own payload codecs (no client code per operation). Servers that do not offer
// them (pykmip-server) skip the group's tests.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { CryptographicUsageMask, ValidityIndicator } from '../../src/spec/generated/enums.js';
import { makeAttribute } from '../../src/objects/managed-object.js';
import { whenSupported, type SuiteContext } from './kmip-client-suite-context.js';

export function certificateTests(ctx: SuiteContext, version: string): void {
  test('call(): Certify self-signs a key pair, Validate finds the certificate Valid, Export returns it with its attributes', async (t) => {
    const c = ctx.client(version);
    const signing = CryptographicUsageMask.Sign | CryptographicUsageMask.CertificateSign;
    const pair = await c.createKeyPair({
      algorithm: 'RSA',
      length: 2048,
      privateUsageMask: signing,
      publicUsageMask: CryptographicUsageMask.Verify | CryptographicUsageMask.CertificateSign,
    });
    await c.activate(pair.privateKeyUid);
    const certified = await whenSupported(t, c, () =>
      c.call('Certify', {
        uniqueIdentifier: pair.publicKeyUid,
        attributes: [makeAttribute('Certificate Subject CN', ctx.name('client-suite CA'))],
      }),
    );
    if (certified?.uniqueIdentifier === undefined) return;
    const uid = certified.uniqueIdentifier;
    const got = await c.get(uid);
    assert.ok(got.value !== undefined, 'Get returns the certificate value');
    const x509 = new X509Certificate(got.value);
    assert.match(x509.subject, /CN=.*client-suite CA/);
    assert.equal(x509.ca, true);
    const validated = await c.call('Validate', { uniqueIdentifier: [uid] });
    assert.equal(validated.validityIndicator, ValidityIndicator.Valid);
    const exported = await whenSupported(t, c, () => c.call('Export', { uniqueIdentifier: uid }));
    if (exported !== undefined) {
      assert.equal(exported.uniqueIdentifier, uid);
      assert.ok((exported.attributes ?? []).some((a) => a.name === 'Certificate Type'));
    }
  });
}
