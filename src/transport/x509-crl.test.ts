// Revocation lists for crl_path: PEM (one or several) and DER read the same, each CRL summarized
// for the log (with the serials it revokes), and out-of-date CRLs warned about.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, readPair, type TestPki } from './demo-certs.js';
import { DAY_MS, issueCrl } from './x509-build.js';
import { certificateSubject, crlWarnings, readCrlFile } from './x509-crl.js';
import { X509ParseError } from './x509-fields.js';

let root: string;
let pki: TestPki;
const now = Date.now();
const current = { thisUpdate: new Date(now - 3_600_000), nextUpdate: new Date(now + DAY_MS) };
const serialOf = (path: string): string => new X509Certificate(readFileSync(path)).serialNumber;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kmip-crl-'));
  pki = await makeTestPki(root);
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
