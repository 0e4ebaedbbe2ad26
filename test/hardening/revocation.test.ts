// crl_path against the real listener: a CA revokes one of its two clients. The revoked client is
// refused in the handshake exactly like an untrusted one (no KMIP answer, the connection closed, a
// log line with the reason) while the other client is served; the CRL is reread with the
// certificates (PEM or DER), the revoked client's open connections (TTLV and HTTPS ports) are
// ended, a session from before the revocation is not resumed, and a broken CRL file on reload
// leaves the revocations in force.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTestPki, readPair, type TestPki } from '../../src/transport/demo-certs.js';
import { DAY_MS, issueCrl } from '../../src/transport/x509-build.js';
import type { TLSSocket } from 'node:tls';
import {
  closed,
  demoCertificates,
  handshakeAttempt,
  readFrames,
  requestBytes,
  startTestServer,
  tlsClient,
  type HandshakeOutcome,
  type TestServer,
} from './server-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'kmip-revocation-'));
const crlPath = join(dir, 'ca.crl');
let t: TestServer;
let pki: TestPki;

/** Writes the demo CA's CRL revoking `revoked` (client certificate files), as PEM or DER. */
async function writeCrl(revoked: readonly string[], form: 'pem' | 'der' = 'pem'): Promise<void> {
  const ca = await readPair((await demoCertificates()).ca);
  const crl = issueCrl(
    ca,
    revoked.map((c) => ({
      serialNumber: new X509Certificate(readFileSync(c)).serialNumber,
      revokedAt: new Date(),
    })),
    { thisUpdate: new Date(Date.now() - 3_600_000), nextUpdate: new Date(Date.now() + 7 * DAY_MS) },
  );
  writeFileSync(crlPath, form === 'pem' ? crl.pem : crl.der);
}

const attempt = async (
  client: 'client' | 'client2' | 'other',
  session?: Buffer,
): Promise<HandshakeOutcome> => {
  const certs = await demoCertificates();
  const pair = client === 'other' ? pki.otherCaClient : certs[client];
  return handshakeAttempt(t.port, certs.ca.cert, pair, session);
};

async function refusalLogged(after: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const hit = t.log.lines.slice(after).find((l) => /TLS handshake refused: .*revoked/.test(l.msg));
    if (hit !== undefined) return `${hit.msg} ${JSON.stringify(hit.fields)}`;
    await sleep(20);
  }
  assert.fail(`no refusal logged; the log has:\n${t.log.lines.map((l) => l.msg).join('\n')}`);
}

before(async () => {
  pki = await makeTestPki(join(dir, 'pki'), { issuer: await demoCertificates() });
  await writeCrl([]);
  t = await startTestServer({ httpsPort: 0 }, undefined, crlPath);
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a CA revoking one of its two clients (crl_path)', () => {
  let sessionBefore: Buffer | undefined;
  /** Connections both clients hold open across the revocation. */
  let open1: TLSSocket;
  let open2: TLSSocket;
  /** client2's connection to the HTTPS port. */
  let https2: TLSSocket;

  test('with an empty CRL both clients are served', async () => {
    const one = await attempt('client');
    const two = await attempt('client2');
    assert.ok(one.answered > 0, one.error);
    assert.ok(two.answered > 0, two.error);
    sessionBefore = two.session;
    assert.ok(sessionBefore, 'the server granted client2 a session it could resume');
    const certs = await demoCertificates();
    open1 = await tlsClient(t.port, certs.ca.cert, certs.client);
    open2 = await tlsClient(t.port, certs.ca.cert, certs.client2);
    https2 = await tlsClient(t.server.httpsAddress?.port ?? 0, certs.ca.cert, certs.client2);
  });

  test('after the CRL revokes client2 and a reload: client2 is refused like an untrusted client', async () => {
    await writeCrl([(await demoCertificates()).client2.cert]);
    const mark = t.log.lines.length;
    assert.equal(await t.server.reload(), true);
    assert.ok(t.log.matching(/TLS certificates reloaded.*"crls":1,"revoked":1/).length > 0);

    const revoked = await attempt('client2');
    const untrusted = await attempt('other');
    assert.equal(revoked.answered, 0, 'the revoked client got a KMIP answer');
    assert.equal(untrusted.answered, 0);
    const seen = (o: HandshakeOutcome): object => ({ answered: o.answered, error: o.error });
    assert.deepEqual(seen(revoked), seen(untrusted), 'the client cannot tell a revocation from distrust');
    const line = await refusalLogged(mark);
    assert.match(line, /the client certificate has been revoked \(crl_path\).*"code":"CERT_REVOKED"/);

    const kept = await attempt('client');
    assert.ok(kept.answered > 0, `the other client of the same CA is still served: ${kept.error}`);
  });

  test('the connections client2 held open are ended, on both ports; client1’s goes on', async () => {
    for (const socket of [open2, https2]) {
      socket.resume(); // read, so that the end of the stream is seen
      if (!socket.closed) await closed(socket);
      assert.equal(socket.closed, true);
    }
    assert.deepEqual(
      t.log
        .matching(/closing connection: its client certificate is now revoked/)
        .map((l) => l.fields?.listener),
      ['ttlv', 'https'],
    );
    assert.ok(
      t.log.matching(/closing connection: its client certificate is now revoked \(crl_path\).*demo-client-2/)
        .length > 0,
    );
    const reply = readFrames(open1, 1);
    open1.write(requestBytes('DiscoverVersions'));
    assert.equal((await reply).length, 1);
    open1.destroy();
  });

  test('a session client2 held from before the revocation is not resumed', async () => {
    assert.ok(sessionBefore);
    const resumed = await attempt('client2', sessionBefore);
    assert.equal(resumed.answered, 0, 'a resumed session skipped the revocation check');
  });

  test('the same CRL as DER works the same', async () => {
    await writeCrl([(await demoCertificates()).client2.cert], 'der');
    assert.equal(await t.server.reload(), true);
    assert.equal((await attempt('client2')).answered, 0);
    assert.ok((await attempt('client')).answered > 0);
  });

  test('a broken CRL file on reload is refused with a log line; the revocations stay in force', async () => {
    writeFileSync(crlPath, '-----BEGIN X509 CRL-----\ntruncated');
    const mark = t.log.lines.length;
    assert.equal(await t.server.reload(), false);
    const error = t.log.lines.slice(mark).find((l) => l.level === 'error');
    assert.match(error?.msg ?? '', /TLS certificates not reloaded; the ones in force stay: crl_path /);
    assert.equal((await attempt('client2')).answered, 0);
    assert.ok((await attempt('client')).answered > 0);
  });

  test('a CRL that no longer lists client2 lets it back in', async () => {
    await writeCrl([]);
    assert.equal(await t.server.reload(), true);
    assert.ok((await attempt('client2')).answered > 0);
  });
});
