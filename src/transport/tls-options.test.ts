import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CIPHERS } from 'node:tls';
import { buildTlsServerOptions, cipherString, processTicketKeys } from './tls-options.js';
import { DAY_MS, issueCrl } from './x509-build.js';
import type { TlsServerSettings } from './tls-options.js';
import { makeTestPki, readPair } from './demo-certs.js';
import type { TestPki } from './demo-certs.js';

let root: string;
let pki: TestPki;
let settings: TlsServerSettings;
const now = Date.now();
const current = { thisUpdate: new Date(now - 3_600_000), nextUpdate: new Date(now + DAY_MS) };
const serialOf = (path: string): string => new X509Certificate(readFileSync(path)).serialNumber;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kmip-tlsopt-'));
  pki = await makeTestPki(root);
  settings = {
    certificatePath: pki.server.cert,
    keyPath: pki.server.key,
    caPath: pki.ca.cert,
    authSuite: 'TLS1.2',
    tlsCipherSuites: [],
  };
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('buildTlsServerOptions', () => {
  it('requires a client certificate from the CA, TLS 1.2 to 1.3, server cipher order', () => {
    const { options, warnings } = buildTlsServerOptions(settings);
    assert.deepEqual(options.cert, readFileSync(pki.server.cert));
    assert.deepEqual(options.key, readFileSync(pki.server.key));
    assert.deepEqual(options.ca, readFileSync(pki.ca.cert));
    assert.equal(options.requestCert, true);
    assert.equal(options.rejectUnauthorized, true);
    assert.equal(options.minVersion, 'TLSv1.2');
    assert.equal(options.maxVersion, 'TLSv1.3');
    assert.equal(options.honorCipherOrder, true);
    assert.equal(options.ciphers, undefined, "node's defaults when no suite is configured");
    assert.deepEqual(warnings, []);
  });

  it('allows TLS 1.0 as the minimum for auth_suite Basic, with a note that OpenSSL 3 refuses it anyway', () => {
    const { options, warnings } = buildTlsServerOptions({ ...settings, authSuite: 'Basic' });
    assert.equal(options.minVersion, 'TLSv1');
    assert.match(warnings.join('\n'), /auth_suite Basic: TLS 1\.0 and 1\.1 are allowed, but OpenSSL/);
  });

  it('turns session tickets on with one key per process and a session id context', () => {
    const a = buildTlsServerOptions(settings).options;
    const b = buildTlsServerOptions(settings).options;
    assert.equal(a.ticketKeys?.length, 48);
    assert.equal(a.ticketKeys, b.ticketKeys);
    assert.equal(a.ticketKeys, processTicketKeys());
    assert.match(String(a.sessionIdContext), /^[0-9a-f]{32}$/);
    assert.equal(a.sessionIdContext, b.sessionIdContext);
    const other = buildTlsServerOptions({ ...settings, caPath: pki.otherCa.cert }).options;
    assert.notEqual(other.sessionIdContext, a.sessionIdContext);
  });

  it('maps configured cipher suites into the ciphers option', () => {
    const { options } = buildTlsServerOptions({
      ...settings,
      tlsCipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_CBC_SHA256'],
    });
    assert.ok(String(options.ciphers).endsWith(':ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA256'));
  });

  it('names the file it cannot read and a key that does not match the certificate', () => {
    assert.throws(
      () => buildTlsServerOptions({ ...settings, keyPath: join(root, 'nope.key') }),
      /^Error: key_path: cannot read/,
    );
    assert.throws(
      () => buildTlsServerOptions({ ...settings, keyPath: pki.ca.key }),
      (e: unknown) =>
        e instanceof Error &&
        e.message.includes(`key_path ${pki.ca.key} is not the key of certificate_path ${pki.server.cert}`),
    );
  });

  it('warns when the server certificate has expired', () => {
    const { warnings } = buildTlsServerOptions({
      ...settings,
      certificatePath: pki.expired.cert,
      keyPath: pki.expired.key,
    });
    assert.match(warnings.join('\n'), /the server certificate expired on/);
  });
});

describe('cipherString', () => {
  const defaultTls13 = DEFAULT_CIPHERS.split(':').filter((c) => c.startsWith('TLS_'));
  const defaultTls12 = DEFAULT_CIPHERS.split(':').filter((c) => !c.startsWith('TLS_'));

  it("gives node's defaults for no configured suite", () => {
    assert.deepEqual(cipherString([]), { ciphers: undefined, warnings: [] });
  });

  it('keeps TLS 1.3 on (its default suites) when only TLS 1.2 suites are configured', () => {
    const r = cipherString(['TLS_RSA_WITH_AES_128_CBC_SHA256']);
    assert.equal(r.ciphers, [...defaultTls13, 'AES128-SHA256'].join(':'));
    assert.deepEqual(r.warnings, []);
  });

  it('uses configured TLS 1.3 suites, and TLS 1.2 defaults when no TLS 1.2 suite is left', () => {
    const r = cipherString(['TLS_AES_128_GCM_SHA256']);
    assert.equal(r.ciphers, ['TLS_AES_128_GCM_SHA256', ...defaultTls12].join(':'));
    assert.match(r.warnings.join('\n'), /no usable TLS 1\.2 cipher suite/);
  });

  it('skips, with a warning each, unknown names, PSK suites and suites this OpenSSL does not offer', () => {
    const r = cipherString([
      'TLS_NOPE',
      'TLS_PSK_WITH_AES_128_CBC_SHA',
      'TLS_DH_RSA_WITH_AES_128_CBC_SHA',
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    ]);
    assert.equal(r.ciphers, [...defaultTls13, 'ECDHE-RSA-AES256-GCM-SHA384'].join(':'));
    assert.equal(r.warnings.length, 3);
    assert.match(r.warnings[0] ?? '', /unknown cipher suite 'TLS_NOPE'/);
    assert.match(r.warnings[1] ?? '', /'TLS_PSK_WITH_AES_128_CBC_SHA' needs pre-shared keys/);
    assert.match(
      r.warnings[2] ?? '',
      /'TLS_DH_RSA_WITH_AES_128_CBC_SHA' \(DH-RSA-AES128-SHA\) is not offered by OpenSSL/,
    );
  });
});

describe('buildTlsServerOptions with crl_path', () => {
  it('passes the CRLs to TLS as PEM (DER converted) and says so in the summary', async () => {
    const crl = issueCrl(
      await readPair(pki.ca),
      [{ serialNumber: serialOf(pki.client.cert), revokedAt: new Date(now) }],
      current,
    );
    const der = join(root, 'ca.crl.der');
    writeFileSync(der, crl.der);
    const r = buildTlsServerOptions({ ...settings, crlPath: der });
    assert.equal(r.options.crl, crl.pem);
    assert.equal(r.summary.crls, 1);
    assert.equal(r.summary.revoked, 1);
    assert.deepEqual(r.warnings, []);
  });

  it('changes the session id context with the CRLs: a session from before a revocation is not resumed', async () => {
    const ca = await readPair(pki.ca);
    const none = join(root, 'none.crl');
    const one = join(root, 'one.crl');
    writeFileSync(none, issueCrl(ca, [], current).pem);
    writeFileSync(
      one,
      issueCrl(ca, [{ serialNumber: serialOf(pki.client.cert), revokedAt: new Date() }], current).pem,
    );
    const contexts = [undefined, none, one].map(
      (crlPath) => buildTlsServerOptions({ ...settings, crlPath }).options.sessionIdContext,
    );
    assert.equal(new Set(contexts).size, 3);
  });

  it('warns when a CA of ca_path has no CRL (node checks the whole chain) or a CRL is out of date', async () => {
    const bundle = join(root, 'bundle.crt');
    writeFileSync(bundle, Buffer.concat([readFileSync(pki.ca.cert), readFileSync(pki.otherCa.cert)]));
    const stale = join(root, 'stale.crl');
    writeFileSync(
      stale,
      issueCrl(await readPair(pki.ca), [], {
        thisUpdate: new Date(now - 2 * DAY_MS),
        nextUpdate: new Date(now - DAY_MS),
      }).pem,
    );
    const { warnings } = buildTlsServerOptions({ ...settings, caPath: bundle, crlPath: stale });
    assert.match(
      warnings.join('\n'),
      /has no CRL of O=kmip-ts demo, CN=kmip-ts other test CA \(in ca_path\)/,
    );
    assert.match(warnings.join('\n'), /the CRL of O=kmip-ts demo, CN=kmip-ts test CA was due for renewal/);
  });

  it('refuses an unreadable or malformed CRL file, naming crl_path', () => {
    assert.throws(
      () => buildTlsServerOptions({ ...settings, crlPath: join(root, 'missing.crl') }),
      /^Error: crl_path: cannot read .*missing\.crl/,
    );
    const junk = join(root, 'junk.crl');
    writeFileSync(junk, 'junk');
    assert.throws(
      () => buildTlsServerOptions({ ...settings, crlPath: junk }),
      /^Error: crl_path .*junk\.crl: /,
    );
  });
});
