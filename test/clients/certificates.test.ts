// clients.md rule 8: Percona and Arsenal verify the server certificate's host name, so the demo
// server certificate (src/transport/demo-certs.ts) must name IP 127.0.0.1 and DNS localhost, and
// the demo client certificate must carry the clientAuth extended key usage. Then a host-verifying
// TLS client (Node's default checkServerIdentity, as Arsenal uses it) connects by either name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkServerIdentity } from 'node:tls';
import { Operation, ResultStatus } from '../../src/spec/generated/enums.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { OID_CLIENT_AUTH } from '../../src/transport/x509-fields.js';
import { startTestServer, type TestServer } from './tls-server.js';
import { encode, enumValue, onlyItem, request } from './wire.js';

describe('demo certificates and host-name checking clients', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  test('the server certificate names IP 127.0.0.1 and DNS localhost', () => {
    const cert = new X509Certificate(readFileSync(t.certs.server.cert));
    const sans = (cert.subjectAltName ?? '').split(', ');
    assert.ok(sans.includes('IP Address:127.0.0.1'), cert.subjectAltName);
    assert.ok(sans.includes('DNS:localhost'), cert.subjectAltName);
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkHost('kmip.example.com'), undefined);
  });

  test('the client certificates carry the clientAuth extended key usage', () => {
    for (const path of [t.certs.client.cert, t.certs.client2.cert]) {
      const cert = new X509Certificate(readFileSync(path));
      assert.ok(cert.keyUsage?.includes(OID_CLIENT_AUTH), `${path}: ${String(cert.keyUsage)}`);
    }
  });

  for (const host of ['127.0.0.1', 'localhost']) {
    test(`a client that verifies the host name connects to ${host} and is served`, async () => {
      const client = await t.connect({ host, rejectUnauthorized: true, checkServerIdentity });
      assert.equal(client.socket.authorized, true, String(client.socket.authorizationError));
      const peer = client.socket.getPeerCertificate();
      assert.equal(checkServerIdentity(host, peer), undefined);
      const r = await client.roundTrip(
        encode(request({ version: [1, 4], operation: Operation.Query, payload: [] })),
      );
      assert.equal(enumValue(onlyItem(r), Tag.ResultStatus), ResultStatus.Success);
      client.close();
    });
  }

  test('the check is real: a name the certificate lacks is refused', async () => {
    await assert.rejects(
      t.connect({ rejectUnauthorized: true, checkServerIdentity, servername: 'kmip.example.com' }),
      (err: NodeJS.ErrnoException) => err.code === 'ERR_TLS_CERT_ALTNAME_INVALID',
    );
  });
});
