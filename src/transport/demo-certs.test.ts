import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoCertificates, makeTestPki, resolveServerCertificates } from './demo-certs.js';
import type { DemoCertificates } from './demo-certs.js';
import { OID_CLIENT_AUTH, OID_SERVER_AUTH } from './x509-fields.js';

const YEAR_MS = 365 * 86_400_000;
let root: string;
let demo: DemoCertificates;
let firstRunMs: number;
let firstRunCpuMs: number;

const x509 = (path: string): X509Certificate => new X509Certificate(readFileSync(path));
const snapshot = (files: string[]): string[] =>
  files.map((f) => `${f} ${statSync(f).mtimeMs} ${readFileSync(f, 'utf8')}`);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kmip-certs-'));
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  demo = await ensureDemoCertificates(join(root, 'demo'));
  const cpu = process.cpuUsage(cpu0);
  firstRunMs = Date.now() - t0;
  firstRunCpuMs = (cpu.user + cpu.system) / 1000;
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('ensureDemoCertificates', () => {
  it('creates the CA, server and two clients on first run, in under 2 s', () => {
    assert.equal(demo.created.length, 8);
    // CPU time (all threads of this process), so other test processes' load does not count; the
    // four RSA keys are made in parallel, so wall time is usually about half of it.
    assert.ok(firstRunCpuMs < 2000, `took ${firstRunCpuMs} ms of CPU, ${firstRunMs} ms wall`);
  });

  it('writes the keys with mode 0600', () => {
    for (const p of [demo.ca, demo.server, demo.client, demo.client2]) {
      assert.equal(statSync(p.key).mode & 0o777, 0o600, p.key);
      assert.ok(createPrivateKey(readFileSync(p.key)).asymmetricKeyDetails?.modulusLength === 2048);
    }
  });

  it('reuses every file untouched on a later run', async () => {
    const files = [demo.ca, demo.server, demo.client, demo.client2].flatMap((p) => [p.cert, p.key]);
    const before = snapshot(files);
    const again = await ensureDemoCertificates(demo.dir);
    assert.deepEqual(again.created, []);
    assert.deepEqual(snapshot(files), before);
  });

  it('makes a self-signed CA with CA:TRUE', () => {
    const ca = x509(demo.ca.cert);
    assert.equal(ca.ca, true);
    assert.ok(ca.verify(ca.publicKey));
    assert.match(ca.subject, /CN=kmip-ts demo CA/);
  });

  it('makes a server certificate for 127.0.0.1, ::1 and localhost, for serverAuth, signed by the CA', () => {
    const server = x509(demo.server.cert);
    const ca = x509(demo.ca.cert);
    assert.equal(server.subjectAltName, 'IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost');
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(server.checkIP('::1'), '::1');
    assert.equal(server.checkHost('localhost'), 'localhost');
    assert.deepEqual(server.keyUsage, [OID_SERVER_AUTH]); // node names the EKU list keyUsage
    assert.equal(server.ca, false);
    assert.ok(server.checkIssued(ca));
    assert.ok(server.verify(ca.publicKey));
    assert.ok(server.checkPrivateKey(createPrivateKey(readFileSync(demo.server.key))));
  });

  it('makes clients demo-client and demo-client-2 for clientAuth, signed by the CA', () => {
    const ca = x509(demo.ca.cert);
    for (const [paths, cn] of [
      [demo.client, 'demo-client'],
      [demo.client2, 'demo-client-2'],
    ] as const) {
      const cert = x509(paths.cert);
      assert.match(cert.subject, new RegExp(`^CN=${cn}$`, 'm'));
      assert.deepEqual(cert.keyUsage, [OID_CLIENT_AUTH]);
      assert.ok(cert.verify(ca.publicKey));
      assert.ok(cert.checkPrivateKey(createPrivateKey(readFileSync(paths.key))));
    }
  });

  it('signs with SHA-256 and is valid for ten years', () => {
    const cert = x509(demo.client.cert);
    const span = Date.parse(cert.validTo) - Date.parse(cert.validFrom);
    assert.ok(Math.abs(span - 10 * YEAR_MS) < 2 * 86_400_000, `${span}`);
    assert.ok(Date.parse(cert.validFrom) <= Date.now());
    assert.match(cert.toLegacyObject().fingerprint256, /^[0-9A-F:]+$/);
    // sha256WithRSAEncryption is 1.2.840.113549.1.1.11: look for its DER in the signature algorithm.
    assert.ok(cert.raw.includes(Buffer.from('2a864886f70d01010b', 'hex')));
  });

  it('remakes only a missing leaf, signed by the existing CA', async () => {
    const dir = join(root, 'partial');
    cpSync(demo.dir, dir, { recursive: true, preserveTimestamps: true });
    const first = await ensureDemoCertificates(dir);
    const kept = snapshot([first.ca.cert, first.server.cert, first.client.cert]);
    unlinkSync(first.client2.key);
    const again = await ensureDemoCertificates(dir);
    assert.deepEqual(again.created, [first.client2.cert, first.client2.key]);
    assert.deepEqual(snapshot([first.ca.cert, first.server.cert, first.client.cert]), kept);
    assert.ok(x509(first.client2.cert).verify(x509(first.ca.cert).publicKey));
  });

  it('refuses to make a new CA while certificates of the old one remain', async () => {
    const dir = join(root, 'orphans');
    cpSync(demo.dir, dir, { recursive: true });
    const first = await ensureDemoCertificates(dir);
    assert.deepEqual(first.created, []);
    unlinkSync(first.ca.key);
    await assert.rejects(ensureDemoCertificates(dir), /demo CA \(ca\.crt, ca\.key\) is missing/);
  });
});

describe('resolveServerCertificates', () => {
  it('uses configured files when all three are given', async () => {
    const r = await resolveServerCertificates(
      { certificatePath: 'a', keyPath: 'b', caPath: 'c' },
      join(root, 'unused'),
    );
    assert.deepEqual(r, { certificatePath: 'a', keyPath: 'b', caPath: 'c', demo: undefined });
  });

  it('falls back to the demo certificates when none is given, and refuses a partial set', async () => {
    const none = { certificatePath: undefined, keyPath: undefined, caPath: undefined };
    const r = await resolveServerCertificates(none, demo.dir);
    assert.deepEqual(
      [r.certificatePath, r.keyPath, r.caPath],
      [demo.server.cert, demo.server.key, demo.ca.cert],
    );
    await assert.rejects(resolveServerCertificates({ ...none, keyPath: 'k' }, demo.dir), /go together/);
  });
});

describe('makeTestPki', () => {
  it('makes the odd certificates tests need, signed by the demo CA when asked', async () => {
    const pki = await makeTestPki(join(root, 'pki'), {
      issuer: demo,
      extra: [{ name: 'two-cns', commonNames: ['a', 'b'] }],
    });
    const ca = x509(demo.ca.cert);
    assert.equal(pki.ca, demo.ca);
    assert.equal(x509(pki.noEku.cert).keyUsage, undefined);
    assert.deepEqual(x509(pki.serverAuthOnly.cert).keyUsage, [OID_SERVER_AUTH]);
    assert.ok(Date.parse(x509(pki.expired.cert).validTo) < Date.now());
    for (const p of [pki.noEku, pki.serverAuthOnly, pki.expired, pki.extra['two-cns']!]) {
      assert.ok(x509(p.cert).verify(ca.publicKey), p.cert);
    }
    const other = x509(pki.otherCaClient.cert);
    assert.equal(other.verify(ca.publicKey), false);
    assert.ok(other.verify(x509(pki.otherCa.cert).publicKey));
    assert.match(x509(pki.extra['two-cns']!.cert).subject, /CN=a\nCN=b/);
  });

  it('makes its own CA, server and client without an issuer', async () => {
    const pki = await makeTestPki(join(root, 'pki2'));
    const ca = x509(pki.ca.cert);
    assert.match(ca.subject, /CN=kmip-ts test CA/);
    assert.ok(x509(pki.server.cert).verify(ca.publicKey));
    assert.deepEqual(x509(pki.client.cert).keyUsage, [OID_CLIENT_AUTH]);
  });
});
