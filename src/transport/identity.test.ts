import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { IdentityRefusal, clientIdentity, clientIdentityFromPem } from './identity.js';
import { makeTestPki } from './demo-certs.js';
import type { TestPki } from './demo-certs.js';
import {
  certificateCommonNames,
  certificateExtendedKeyUsage,
  OID_CLIENT_AUTH,
  OID_SERVER_AUTH,
} from './x509-fields.js';

let root: string;
let pki: TestPki;
const MAIN = ['client', 'noEku', 'serverAuthOnly'] as const;
const pem = (name: string): string => {
  const main = MAIN.find((m) => m === name);
  const paths = main === undefined ? pki.extra[name] : pki[main];
  assert.ok(paths, name);
  return readFileSync(paths.cert, 'utf8');
};

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kmip-identity-'));
  pki = await makeTestPki(root, {
    extra: [
      { name: 'two-cns', commonNames: ['alice', 'bob'] },
      { name: 'no-cn', commonNames: [] },
      { name: 'empty-cn', commonNames: [''] },
      { name: 'unicode', commonNames: ['Zoë 鍵'] },
      { name: 'both-ekus', extKeyUsage: ['serverAuth', 'clientAuth'] },
      { name: 'no-eku-two-cns', commonNames: ['x', 'y'], extKeyUsage: null },
    ],
  });
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('clientIdentity', () => {
  it('is the subject common name of a clientAuth certificate', () => {
    assert.deepEqual(clientIdentityFromPem(pem('client'), true), { ok: true, identity: 'test-client' });
  });

  it('takes an X509Certificate or a PeerCertificate alike', () => {
    const x = new X509Certificate(pem('client'));
    assert.deepEqual(clientIdentity(x, true), { ok: true, identity: 'test-client' });
    const peer = { raw: x.raw, subject: { CN: 'ignored' } } as unknown as PeerCertificate;
    assert.deepEqual(clientIdentity(peer, true), { ok: true, identity: 'test-client' });
  });

  it('refuses when there is no certificate (getPeerCertificate() gives {})', () => {
    assert.deepEqual(clientIdentity({} as PeerCertificate, true), {
      ok: false,
      reason: IdentityRefusal.NoCertificate,
    });
    assert.deepEqual(clientIdentity({} as PeerCertificate, false), {
      ok: false,
      reason: IdentityRefusal.NoCertificate,
    });
  });

  it('with enable_tls_client_auth, refuses a certificate without the extended key usage extension', () => {
    assert.deepEqual(clientIdentityFromPem(pem('noEku'), true), {
      ok: false,
      reason: IdentityRefusal.EkuMissing,
    });
  });

  it('with enable_tls_client_auth, refuses an extended key usage without clientAuth', () => {
    assert.deepEqual(clientIdentityFromPem(pem('serverAuthOnly'), true), {
      ok: false,
      reason: IdentityRefusal.EkuNotClientAuth,
    });
    assert.deepEqual(clientIdentityFromPem(pem('both-ekus'), true), { ok: true, identity: 'both-ekus' });
  });

  it('without enable_tls_client_auth, does not look at the extended key usage', () => {
    assert.deepEqual(clientIdentityFromPem(pem('noEku'), false), { ok: true, identity: 'no-eku' });
    assert.deepEqual(clientIdentityFromPem(pem('serverAuthOnly'), false), {
      ok: true,
      identity: 'server-auth-only',
    });
  });

  it('refuses several common names, none, or an empty one', () => {
    assert.deepEqual(clientIdentityFromPem(pem('two-cns'), true), {
      ok: false,
      reason: IdentityRefusal.MultipleCommonNames,
    });
    assert.deepEqual(clientIdentityFromPem(pem('no-cn'), true), {
      ok: false,
      reason: IdentityRefusal.NoCommonName,
    });
    assert.deepEqual(clientIdentityFromPem(pem('empty-cn'), true), {
      ok: false,
      reason: IdentityRefusal.EmptyCommonName,
    });
  });

  it('checks the extended key usage before the common names, as PyKMIP does', () => {
    assert.deepEqual(clientIdentityFromPem(pem('no-eku-two-cns'), true), {
      ok: false,
      reason: IdentityRefusal.EkuMissing,
    });
    assert.deepEqual(clientIdentityFromPem(pem('no-eku-two-cns'), false), {
      ok: false,
      reason: IdentityRefusal.MultipleCommonNames,
    });
  });

  it('decodes a UTF-8 common name', () => {
    assert.deepEqual(clientIdentityFromPem(pem('unicode'), true), { ok: true, identity: 'Zoë 鍵' });
  });

  it('refuses bytes that are not a certificate, with the reason', () => {
    const peer = { raw: Buffer.from([0x30, 0x82, 0x05]) } as unknown as PeerCertificate;
    const result = clientIdentity(peer, true);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /could not be parsed: .*DER/);
  });
});

describe('certificate fields from DER', () => {
  it('lists every common name in order and the extended key usages', () => {
    const der = new X509Certificate(pem('two-cns')).raw;
    assert.deepEqual(certificateCommonNames(der), ['alice', 'bob']);
    assert.deepEqual(certificateExtendedKeyUsage(der), [OID_CLIENT_AUTH]);
    const both = new X509Certificate(pem('both-ekus')).raw;
    assert.deepEqual(certificateExtendedKeyUsage(both), [OID_SERVER_AUTH, OID_CLIENT_AUTH]);
    assert.equal(certificateExtendedKeyUsage(new X509Certificate(pem('noEku')).raw), undefined);
  });

  it('reads an ECDSA certificate made by OpenSSL itself', () => {
    // `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj /O=Acme/CN=ops
    //  -addext extendedKeyUsage=clientAuth,emailProtection -nodes -days 1`
    const der = Buffer.from(OPENSSL_EC_CERT, 'base64');
    assert.deepEqual(certificateCommonNames(der), ['ops']);
    assert.deepEqual(certificateExtendedKeyUsage(der), [OID_CLIENT_AUTH, '1.3.6.1.5.5.7.3.4']);
    assert.deepEqual(clientIdentity(new X509Certificate(der), true), { ok: true, identity: 'ops' });
  });

  it('finds both common names of a multi-valued RDN (CN=a+CN=b), so the identity is refused', () => {
    // `openssl req -x509 -newkey ec ... -multivalue-rdn -subj "/O=Acme/CN=a+CN=b"` (no extensions)
    const der = Buffer.from(OPENSSL_EC_CERT_MULTI_RDN, 'base64');
    assert.deepEqual(certificateCommonNames(der), ['a', 'b']);
    assert.equal(certificateExtendedKeyUsage(der), undefined);
    assert.deepEqual(clientIdentity(new X509Certificate(der), false), {
      ok: false,
      reason: IdentityRefusal.MultipleCommonNames,
    });
  });
});

const OPENSSL_EC_CERT =
  'MIIBrzCCAVSgAwIBAgIUOs3hUfz7x6bkE79mouGZ3EdERaMwCgYIKoZIzj0EAwIwHTENMAsGA1UECgwEQWNtZTEMMAoGA1UEAwwDb3BzMB4XDTI2MTEyNTE0MzM1OVoXDTI2MTEyNjE0MzM1OVowHTENMAsGA1UECgwEQWNtZTEMMAoGA1UEAwwDb3BzMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAER7RcGbQxhAQq+OMCIGmipIqK++OqonoZD8QxkYM141ulQ5WajEGBE4z+Y8wNSfaMlNkvychNN/6EcLfZpP6IHKNyMHAwHQYDVR0OBBYEFEgLnsiXNp/aVfikiSAIInJn1xSWMB8GA1UdIwQYMBaAFEgLnsiXNp/aVfikiSAIInJn1xSWMA8GA1UdEwEB/wQFMAMBAf8wHQYDVR0lBBYwFAYIKwYBBQUHAwIGCCsGAQUFBwMEMAoGCCqGSM49BAMCA0kAMEYCIQCTebz8R13+coEQ5Y2vdvNVNeg9LrM8+OHjs7rk2pFOQwIhAOUqyP6R8fH5wwRcTUK38MPPII5871W9NPQjcCmUBgZP';
const OPENSSL_EC_CERT_MULTI_RDN =
  'MIIBnzCCAUWgAwIBAgIUZ3g7ftzaB5/wu4ceHUvlGwFowgYwCgYIKoZIzj0EAwIwJTENMAsGA1UECgwEQWNtZTEUMAgGA1UEAwwBYTAIBgNVBAMMAWIwHhcNMjYxMTI1MTQzNDAzWhcNMjYxMTI2MTQzNDAzWjAlMQ0wCwYDVQQKDARBY21lMRQwCAYDVQQDDAFhMAgGA1UEAwwBYjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABEP6A9MhNsURZufkK0bkaCB+nBm/zf2ZuPm1qqUFwvygRTkoHyWECDfMQO0Aqizoxu0CNffNeUtCriObKMGK98CjUzBRMB0GA1UdDgQWBBQGNW3m00lOJhYku+RjJjDw39/w0zAfBgNVHSMEGDAWgBQGNW3m00lOJhYku+RjJjDw39/w0zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCsCgZfeFvkwmHcoGIWZ0ZlhZuBFWau7R6BRAX8q56ITgIgCEwS9SrV4ZhhHBTRC5dAbL7pZ2mzF31L8/ZFoAVEGjg=';
