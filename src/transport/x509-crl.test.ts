// Revocation lists for crl_path: PEM (one or several) and DER read the same, each CRL summarized
// for the log, out-of-date CRLs and CAs without a CRL warned about, and the TLS options carry the
// CRLs and a session id context that changes with them (no resumed session skips a revocation).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, readPair, type TestPki } from './demo-certs.js';
import { DAY_MS, issueCrl } from './x509-build.js';
import { certificateSubject, crlWarnings, readCrlFile } from './x509-crl.js';
import { X509ParseError } from './x509-fields.js';
import { buildTlsServerOptions, type TlsServerSettings } from './tls-options.js';

let root: string;
let pki: TestPki;
let settings: TlsServerSettings;
const now = Date.now();
const current = { thisUpdate: new Date(now - 3_600_000), nextUpdate: new Date(now + DAY_MS) };
const serialOf = (path: string): string => new X509Certificate(readFileSync(path)).serialNumber;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kmip-crl-'));
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

describe('readCrlFile', () => {
  it('reads a PEM CRL and the same CRL as DER alike: issuer, dates, revoked count', async () => {
    const revoked = [pki.expired.cert, pki.noEku.cert].map((c) => ({
      serialNumber: serialOf(c),
      revokedAt: new Date(now - 60_000),
    }));
    const crl = issueCrl(await readPair(pki.ca), revoked, current);
    const fromPem = readCrlFile(Buffer.from(crl.pem));
    const fromDer = readCrlFile(crl.der);
    assert.deepEqual(fromDer, fromPem);
    assert.equal(fromPem.pem, crl.pem);
    const [summary] = fromPem.crls;
    assert.equal(summary?.issuer, 'O=kmip-ts demo, CN=kmip-ts test CA');
    assert.equal(summary?.issuer, certificateSubject(new X509Certificate(readFileSync(pki.ca.cert)).raw));
    assert.equal(summary?.revoked, 2);
    assert.deepEqual(
      summary?.serials,
      revoked.map((r) => r.serialNumber),
      'serials as X509Certificate shows them',
    );
    assert.equal(summary?.thisUpdate.getTime(), Math.floor(current.thisUpdate.getTime() / 1000) * 1000);
    assert.equal(summary?.nextUpdate?.getTime(), Math.floor(current.nextUpdate.getTime() / 1000) * 1000);
  });

  it('reads several PEM CRLs from one file, and an empty CRL as revoking none', async () => {
    const a = issueCrl(await readPair(pki.ca), [], current);
    const b = issueCrl(await readPair(pki.otherCa), [], current);
    const file = readCrlFile(Buffer.from(`# the two CAs\n${a.pem}\n${b.pem}`));
    assert.deepEqual(
      file.crls.map((c) => [c.issuer, c.revoked]),
      [
        ['O=kmip-ts demo, CN=kmip-ts test CA', 0],
        ['O=kmip-ts demo, CN=kmip-ts other test CA', 0],
      ],
    );
  });

  it('refuses what is not a CRL, naming which one', async () => {
    assert.throws(() => readCrlFile(Buffer.from('not a crl')), X509ParseError);
    assert.throws(() => readCrlFile(readFileSync(pki.ca.cert)), /PEM, but no X509 CRL block/);
    const good = issueCrl(await readPair(pki.ca), [], current).pem;
    const bad = '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n';
    assert.throws(() => readCrlFile(Buffer.from(good + bad)), /^X509ParseError: CRL 2: /);
  });

  it('warns about a CRL past its next update or not valid yet', () => {
    const issuer = 'CN=x';
    const past = {
      issuer,
      thisUpdate: new Date(now - 2 * DAY_MS),
      nextUpdate: new Date(now - DAY_MS),
      revoked: 0,
      serials: [],
    };
    const future = {
      issuer,
      thisUpdate: new Date(now + DAY_MS),
      nextUpdate: undefined,
      revoked: 0,
      serials: [],
    };
    const fresh = {
      issuer,
      thisUpdate: new Date(now - DAY_MS),
      nextUpdate: new Date(now + DAY_MS),
      revoked: 0,
      serials: [],
    };
    assert.match(crlWarnings('f.crl', [past]).join(), /was due for renewal on .*\(CRL_HAS_EXPIRED\)/);
    assert.match(crlWarnings('f.crl', [future]).join(), /is not valid before/);
    assert.deepEqual(crlWarnings('f.crl', [fresh]), []);
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
