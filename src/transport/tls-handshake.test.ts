// Real TLS handshakes on 127.0.0.1 with the demo and test certificates: the options from
// buildTlsServerOptions, the identity from clientIdentity, as the listener wires them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { ConnectionOptions, Server, TLSSocket } from 'node:tls';
import { ensureDemoCertificates, makeTestPki } from './demo-certs.js';
import type { CertKeyPaths, DemoCertificates, TestPki } from './demo-certs.js';
import { IdentityRefusal, clientIdentity } from './identity.js';
import type { ClientIdentityResult } from './identity.js';
import { buildTlsServerOptions } from './tls-options.js';
import type { TlsServerSettings } from './tls-options.js';

interface Accepted {
  readonly identity: ClientIdentityResult;
  readonly protocol: string | null;
  readonly cipher: string;
  readonly reused: boolean;
}
interface Refused {
  readonly error: string;
  /** Why certificate verification failed, when it did (node keeps it on the socket). */
  readonly authorizationError: string | undefined;
}
interface TestServer {
  readonly port: number;
  readonly accepted: Accepted[];
  readonly refused: Refused[];
  readonly server: Server;
}
interface ClientResult {
  readonly data: string;
  readonly error: string | undefined;
  readonly session: Buffer | undefined;
}

let root: string;
let demo: DemoCertificates;
let pki: TestPki;
const servers: Server[] = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kmip-handshake-'));
  demo = await ensureDemoCertificates(join(root, 'demo'));
  pki = await makeTestPki(join(root, 'pki'), { issuer: demo });
});
after(() => {
  for (const s of servers) s.close();
  rmSync(root, { recursive: true, force: true });
});

async function startServer(
  overrides: Partial<TlsServerSettings> = {},
  enableTlsClientAuth = true,
): Promise<TestServer> {
  const settings: TlsServerSettings = {
    certificatePath: demo.server.cert,
    keyPath: demo.server.key,
    caPath: demo.ca.cert,
    authSuite: 'TLS1.2',
    tlsCipherSuites: [],
    ...overrides,
  };
  const accepted: Accepted[] = [];
  const refused: Refused[] = [];
  const server = createServer(buildTlsServerOptions(settings).options, (socket: TLSSocket) => {
    const identity = clientIdentity(socket.getPeerCertificate(), enableTlsClientAuth);
    accepted.push({
      identity,
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      reused: socket.isSessionReused(),
    });
    socket.end(JSON.stringify(identity));
  });
  server.on('tlsClientError', (err, socket) => {
    refused.push({ error: err.message, authorizationError: socket.authorizationError?.toString() });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, accepted, refused, server };
}

function dial(
  port: number,
  client: CertKeyPaths | undefined,
  extra: ConnectionOptions = {},
): Promise<ClientResult> {
  return new Promise((resolve) => {
    let data = '';
    let error: string | undefined;
    let session: Buffer | undefined;
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: readFileSync(demo.ca.cert),
      ...(client === undefined ? {} : { cert: readFileSync(client.cert), key: readFileSync(client.key) }),
      ...extra,
    });
    socket.on('session', (s: Buffer) => {
      session = s;
    });
    socket.on('data', (d: Buffer) => {
      data += d.toString();
    });
    socket.on('error', (e) => {
      error = e.message;
    });
    socket.on('close', () => resolve({ data, error, session }));
  });
}

/** The server's tlsClientError may come a moment after the client saw the connection close. */
async function refusal(server: TestServer, count = 1): Promise<Refused> {
  for (let i = 0; i < 100 && server.refused.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  const r = server.refused[count - 1];
  assert.ok(r, 'the server refused the handshake');
  return r;
}

describe('TLS handshake with the demo certificates', () => {
  it('accepts the demo client over 127.0.0.1 (IP SAN) and sees its identity', async () => {
    const s = await startServer();
    const r = await dial(s.port, demo.client);
    assert.equal(r.error, undefined);
    assert.deepEqual(JSON.parse(r.data), { ok: true, identity: 'demo-client' });
    assert.equal(s.accepted[0]?.protocol, 'TLSv1.3');
  });

  it('accepts the second demo client by the name localhost (DNS SAN), over TLS 1.2 too', async () => {
    const s = await startServer();
    const r = await dial(s.port, demo.client2, {
      host: 'localhost',
      servername: 'localhost',
      maxVersion: 'TLSv1.2',
    });
    assert.deepEqual(JSON.parse(r.data), { ok: true, identity: 'demo-client-2' });
    assert.equal(s.accepted[0]?.protocol, 'TLSv1.2');
  });

  it('refuses a client certificate from another CA in the handshake', async () => {
    const s = await startServer();
    const r = await dial(s.port, pki.otherCaClient);
    assert.equal(r.data, '');
    assert.equal(s.accepted.length, 0);
    assert.equal((await refusal(s)).authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('refuses a client without a certificate, and an expired one', async () => {
    const s = await startServer();
    assert.equal((await dial(s.port, undefined)).data, '');
    await refusal(s, 1);
    assert.equal((await dial(s.port, pki.expired)).data, '');
    assert.equal((await refusal(s, 2)).authorizationError, 'CERT_HAS_EXPIRED');
    assert.equal(s.accepted.length, 0);
  });

  it('lets a certificate without extended key usage through the handshake; the identity rule refuses it', async () => {
    const strict = await startServer();
    const r = await dial(strict.port, pki.noEku);
    assert.deepEqual(JSON.parse(r.data), { ok: false, reason: IdentityRefusal.EkuMissing });

    const lax = await startServer({}, false);
    assert.deepEqual(JSON.parse((await dial(lax.port, pki.noEku)).data), { ok: true, identity: 'no-eku' });
  });

  it('refuses a serverAuth-only certificate in the handshake (OpenSSL purpose check), whatever the setting', async () => {
    for (const enable of [true, false]) {
      const s = await startServer({}, enable);
      assert.equal((await dial(s.port, pki.serverAuthOnly)).data, '');
      assert.equal((await refusal(s)).authorizationError, 'INVALID_PURPOSE');
      assert.equal(s.accepted.length, 0);
    }
  });

  it('refuses TLS 1.1 under auth_suite TLS1.2', async () => {
    const s = await startServer();
    const r = await dial(s.port, demo.client, {
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    assert.equal(r.data, '');
    assert.ok(r.error !== undefined);
  });

  it('serves TLS 1.2 and 1.3 under auth_suite Basic; TLS 1.0 is still refused by OpenSSL 3', async () => {
    const s = await startServer({ authSuite: 'Basic' });
    const old = await dial(s.port, demo.client, {
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    assert.equal(old.data, '');
    assert.match((await refusal(s)).error, /no suitable signature algorithm/);
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const r = await dial(s.port, demo.client, { maxVersion });
      assert.deepEqual(JSON.parse(r.data), { ok: true, identity: 'demo-client' });
    }
    assert.deepEqual(
      s.accepted.map((a) => a.protocol),
      ['TLSv1.2', 'TLSv1.3'],
    );
  });

  it('negotiates only the configured TLS 1.2 suites, and keeps TLS 1.3', async () => {
    const s = await startServer({ tlsCipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] });
    await dial(s.port, demo.client, { maxVersion: 'TLSv1.2' });
    assert.equal(s.accepted[0]?.cipher, 'ECDHE-RSA-AES128-GCM-SHA256');
    const other = await dial(s.port, demo.client, {
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES256-GCM-SHA384',
    });
    assert.equal(other.data, '');
    assert.match(other.error ?? '', /handshake failure/);
    const tls13 = await dial(s.port, demo.client);
    assert.deepEqual(JSON.parse(tls13.data), { ok: true, identity: 'demo-client' });
    assert.equal(s.accepted[1]?.protocol, 'TLSv1.3');
  });

  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`resumes a ${maxVersion} session and still knows the client`, async () => {
      const s = await startServer();
      const first = await dial(s.port, demo.client, { maxVersion });
      assert.ok(first.session, 'the client got a session to resume');
      const second = await dial(s.port, demo.client, { maxVersion, session: first.session });
      assert.deepEqual(JSON.parse(second.data), { ok: true, identity: 'demo-client' });
      assert.deepEqual(
        s.accepted.map((a) => a.reused),
        [false, true],
      );
    });
  }

  it('resumes a session on another server of the same process (shared ticket key)', async () => {
    const a = await startServer();
    const b = await startServer();
    const first = await dial(a.port, demo.client);
    const second = await dial(b.port, demo.client, { session: first.session });
    assert.deepEqual(JSON.parse(second.data), { ok: true, identity: 'demo-client' });
    assert.equal(b.accepted[0]?.reused, true);
  });
});
