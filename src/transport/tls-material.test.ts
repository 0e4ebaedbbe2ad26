// The shared TLS material: a reload swaps the certificate (and CA bundle) for new handshakes on
// every attached server, a connection made before it goes on unchanged, and a reload whose files
// are unusable changes nothing and says why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { makeTestPki, type CertKeyPaths, type TestPki } from './demo-certs.js';
import { TlsMaterial } from './tls-material.js';

let root: string;
let pki: TestPki;
let other: TestPki;
/** The files the material is read from; the tests copy other certificates over them. */
let live: { cert: string; key: string; ca: string };

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kmip-tls-material-'));
  [pki, other] = await Promise.all([makeTestPki(join(root, 'a')), makeTestPki(join(root, 'b'))]);
  live = { cert: join(root, 'server.crt'), key: join(root, 'server.key'), ca: join(root, 'ca.crt') };
});
after(() => rmSync(root, { recursive: true, force: true }));

function install(server: CertKeyPaths, ca: string): void {
  copyFileSync(server.cert, live.cert);
  copyFileSync(server.key, live.key);
  copyFileSync(ca, live.ca);
}

function material(): TlsMaterial {
  return TlsMaterial.fromFiles({
    certificatePath: live.cert,
    keyPath: live.key,
    caPath: live.ca,
    authSuite: 'TLS1.2',
    tlsCipherSuites: [],
  });
}

/** An echo server on the material, attached to it. */
async function echoServer(m: TlsMaterial): Promise<{ server: Server; port: number; detach: () => void }> {
  const server = createServer(m.options, (s) => s.pipe(s));
  const detach = m.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, detach };
}

/** A mutual-TLS connection; resolves once connected (rejects when refused). */
function open(port: number, client: CertKeyPaths, ca: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: readFileSync(ca),
      cert: readFileSync(client.cert),
      key: readFileSync(client.key),
    });
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
}

function echo(s: TLSSocket, text: string): Promise<string> {
  return new Promise((resolve) => {
    s.once('data', (d: Buffer) => resolve(d.toString()));
    s.write(text);
  });
}

const fingerprint = (s: TLSSocket): string => s.getPeerCertificate().fingerprint256;
const fingerprintOf = (path: string): string => new X509Certificate(readFileSync(path)).fingerprint256;

describe('TlsMaterial', () => {
  it('reload: new handshakes get the new certificate and CA, an established connection goes on', async () => {
    install(pki.server, pki.ca.cert);
    const m = material();
    const { server, port, detach } = await echoServer(m);
    try {
      const before = await open(port, pki.client, pki.ca.cert);
      assert.equal(fingerprint(before), fingerprintOf(pki.server.cert));
      await assert.rejects(open(port, other.client, other.ca.cert), 'the other CA is not trusted yet');

      install(other.server, other.ca.cert);
      const r = m.reload();
      assert.equal(r.ok, true);
      assert.equal(r.ok && r.summary.fingerprint, fingerprintOf(other.server.cert));

      const after = await open(port, other.client, other.ca.cert);
      assert.equal(
        fingerprint(after),
        fingerprintOf(other.server.cert),
        'a new connection sees the new certificate',
      );
      await assert.rejects(open(port, pki.client, pki.ca.cert), 'the old CA is no longer trusted');
      assert.equal(await echo(before, 'still here'), 'still here', 'the connection made before goes on');
      before.destroy();
      after.destroy();
    } finally {
      detach();
      server.close();
    }
  });

  it('a reload with unusable files changes nothing and says which file is at fault', async () => {
    install(pki.server, pki.ca.cert);
    const m = material();
    const { server, port, detach } = await echoServer(m);
    try {
      copyFileSync(other.server.cert, live.cert); // the new certificate, its key not copied yet
      const mismatch = m.reload();
      assert.equal(mismatch.ok, false);
      assert.match(mismatch.ok ? '' : mismatch.error, /key_path .* is not the key of certificate_path/);
      writeFileSync(live.ca, 'half a file');
      const broken = m.reload();
      assert.equal(broken.ok, false);
      const s = await open(port, pki.client, pki.ca.cert);
      assert.equal(fingerprint(s), fingerprintOf(pki.server.cert), 'the material in force stays');
      s.destroy();
    } finally {
      detach();
      server.close();
    }
  });

  it('fixed options: a reload keeps them; a detached server is no longer updated', async () => {
    install(pki.server, pki.ca.cert);
    const fixed = TlsMaterial.fixed(material().options);
    assert.deepEqual(fixed.reload(), { ok: true, warnings: [], summary: {} });
    const m = material();
    const { server, port, detach } = await echoServer(m);
    try {
      detach();
      install(other.server, other.ca.cert);
      assert.equal(m.reload().ok, true);
      const s = await open(port, pki.client, pki.ca.cert);
      assert.equal(fingerprint(s), fingerprintOf(pki.server.cert));
      s.destroy();
    } finally {
      server.close();
    }
  });
});
