// Client certificates a KMIP server must refuse, against the real listener: one from another CA,
// an expired one, one whose extended key usage lacks clientAuth, one with no extended key usage
// (with enable_tls_client_auth), and none at all. Each gets no KMIP answer, its connection is
// closed, a log line says why, and the server serves a good client afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTestPki, type CertKeyPaths, type TestPki } from '../../src/transport/demo-certs.js';
import { IdentityRefusal } from '../../src/transport/identity.js';
import {
  demoCertificates,
  handshakeAttempt,
  querySucceeds,
  startTestServer,
  type TestServer,
} from './server-fixture.js';

let t: TestServer;
let pki: TestPki;
before(async () => {
  pki = await makeTestPki(mkdtempSync(join(tmpdir(), 'kmip-hardening-pki-')), {
    issuer: await demoCertificates(),
  });
  t = await startTestServer({ enableTlsClientAuth: true });
});
after(async () => {
  await t.close();
});

const attempt = (port: number, client: CertKeyPaths | undefined): ReturnType<typeof handshakeAttempt> =>
  handshakeAttempt(port, t.certs.ca.cert, client);

/** Waits (briefly) for a warning whose text matches. */
async function logged(pattern: RegExp): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const hit = t.log.matching(pattern).find((l) => l.level === 'warn');
    if (hit !== undefined) return `${hit.msg} ${JSON.stringify(hit.fields)}`;
    await sleep(20);
  }
  const seen = t.log.lines.map((l) => `${l.msg} ${JSON.stringify(l.fields)}`).join('\n');
  assert.fail(`no warning matching ${pattern}; the log has:\n${seen}`);
}

describe('refused client certificates', () => {
  test('the demo client (same CA, clientAuth) is served: the control case', async () => {
    const r = await querySucceeds(t);
    assert.equal(r.status, 'Success');
  });

  const cases: readonly { name: string; cert: () => CertKeyPaths | undefined; why: RegExp }[] = [
    {
      name: 'a certificate from another CA',
      cert: () => pki.otherCaClient,
      why: /TLS handshake refused: the client certificate is not signed by a CA this server trusts/,
    },
    {
      name: 'an expired certificate',
      cert: () => pki.expired,
      why: /TLS handshake refused: the client certificate has expired/,
    },
    {
      name: 'a certificate whose extended key usage lacks clientAuth',
      cert: () => pki.serverAuthOnly,
      why: /TLS handshake refused: .*lacks clientAuth/,
    },
    {
      name: 'a certificate without the extended key usage extension (enable_tls_client_auth)',
      cert: () => pki.noEku,
      why: new RegExp(`client certificate refused: ${IdentityRefusal.EkuMissing.replace(/\./g, '\\.')}`),
    },
    {
      name: 'no certificate at all',
      cert: () => undefined,
      why: /TLS handshake refused: the client sent no certificate/,
    },
  ];
  for (const c of cases) {
    test(`${c.name}: no answer, the connection is closed, the log says why`, async () => {
      const r = await attempt(t.port, c.cert());
      assert.equal(r.answered, 0, 'the server answered a refused client');
      const line = await logged(c.why);
      assert.ok(line.length > 0);
      const ok = await querySucceeds(t);
      assert.equal(ok.status, 'Success');
    });
  }
});

describe('with enable_tls_client_auth off', () => {
  test('a certificate without extended key usage is accepted; one from another CA still is not', async () => {
    const lax = await startTestServer({ enableTlsClientAuth: false });
    try {
      const noEku = await attempt(lax.port, pki.noEku);
      assert.ok(noEku.answered > 0, `refused: ${noEku.error}`);
      const other = await attempt(lax.port, pki.otherCaClient);
      assert.equal(other.answered, 0);
    } finally {
      await lax.close();
    }
  });
});
