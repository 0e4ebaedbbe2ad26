import assert from 'node:assert/strict';
import type { ConnectionOptions } from 'node:tls';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { KmipConnection, type KmipConnectionOptions } from './connection.js';
import { clientTlsOptions } from './tls.js';
import { buildRequestMessage, parseResponseMessage } from './messages.js';
import { KmipClientError } from './errors.js';
import { Operation } from '../spec/generated/enums.js';
import { Tag } from '../spec/generated/tags.js';
import type { StructureItem } from '../ttlv/item.js';
import {
  startFakeServer,
  successReply,
  testCertificates,
  uidPayload,
  type FakeHandler,
  type FakeServer,
} from '../../test/helpers/fake-kmip-server.js';

function getRequest(uid: string): StructureItem {
  return buildRequestMessage({ version: { major: 1, minor: 4 } }, [
    { operation: Operation.Get, payload: uidPayload(uid) },
  ]);
}

function requestedUid(server: FakeServer, i: number): string {
  const p = server.received[i]?.items[0]?.payload;
  const uid = p?.value.find((c) => c.tag === Tag.UniqueIdentifier);
  return uid?.type === 'TextString' ? uid.value : '?';
}

function answeredUid(reply: Parameters<typeof parseResponseMessage>[0]): string {
  const uid = parseResponseMessage(reply).items[0]?.payload.value[0];
  return uid?.type === 'TextString' ? uid.value : '?';
}

async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 1));
    });
  });
}

/** Echoes the requested UID back, after `delay(i)` ms for the i-th request. */
function echo(server: () => FakeServer, delay: (i: number) => number = () => 0): FakeHandler {
  return async (req) => {
    const i = server().received.length - 1;
    await sleep(delay(i));
    return successReply(req, () => uidPayload(requestedUid(server(), i)));
  };
}

describe('KmipConnection', { timeout: 20_000 }, () => {
  let tls: ConnectionOptions = {};
  const servers: FakeServer[] = [];
  const connections: KmipConnection[] = [];
  async function serve(handler: (s: () => FakeServer) => FakeHandler): Promise<FakeServer> {
    const holder: { s?: FakeServer } = {};
    const s = await startFakeServer(handler(() => holder.s as FakeServer));
    holder.s = s;
    servers.push(s);
    return s;
  }
  function connect(s: FakeServer, extra: Partial<KmipConnectionOptions> = {}): KmipConnection {
    const c = new KmipConnection({ hosts: [{ host: '127.0.0.1', port: s.port }], tls, ...extra });
    connections.push(c);
    return c;
  }

  before(async () => {
    const certs = await testCertificates();
    tls = clientTlsOptions({ certFile: certs.client.cert, keyFile: certs.client.key, caFile: certs.ca.cert });
  });
  after(async () => {
    for (const c of connections) c.destroy();
    await Promise.all(servers.map((s) => s.close()));
  });

  test('pipelines up to the depth and matches replies to requests in order', async () => {
    let firstReplyAt = -1;
    const s = await serve((srv) => async (req) => {
      const i = srv().received.length - 1;
      // Hold every reply until four requests are in: only a pipelining client gets past this.
      while (srv().received.length < Math.min(4 * (Math.floor(i / 4) + 1), 10)) await sleep(5);
      if (firstReplyAt < 0) firstReplyAt = srv().received.length;
      await sleep(Math.random() * 10);
      return successReply(req, () => uidPayload(requestedUid(srv(), i)));
    });
    const c = connect(s, { pipelineDepth: 4 });
    const uids = Array.from({ length: 10 }, (_, i) => `key-${i}`);
    const replies = await Promise.all(uids.map((u) => c.send(getRequest(u))));
    assert.deepEqual(replies.map(answeredUid), uids);
    assert.equal(firstReplyAt, 4, 'four requests were on the wire before the first reply');
    assert.equal(c.peakInFlight, 4);
    assert.equal(s.connections, 1);
  });

  test('depth 1 sends one request at a time', async () => {
    const s = await serve((srv) => echo(srv, () => 5));
    const c = connect(s);
    await Promise.all(['a', 'b', 'c'].map((u) => c.send(getRequest(u))));
    assert.equal(c.peakInFlight, 1);
  });

  test('a request without a reply times out, and the next request reconnects', async () => {
    const s = await serve(
      (srv) => async (req) =>
        srv().received.length === 1 ? null : successReply(req, () => uidPayload('after')),
    );
    const c = connect(s, { requestTimeoutMs: 150 });
    await assert.rejects(c.send(getRequest('lost')), (err: unknown) => {
      assert.ok(err instanceof KmipClientError);
      assert.equal(err.code, 'timeout');
      return true;
    });
    assert.equal(answeredUid(await c.send(getRequest('next'))), 'after');
    assert.equal(s.connections, 2);
  });

  test('the server closing the connection fails the request in flight', async () => {
    const s = await serve((srv) => async (req, _raw, socket) => {
      if (srv().received.length === 1) {
        socket.destroy();
        return null;
      }
      return successReply(req, () => uidPayload('again'));
    });
    const c = connect(s);
    await assert.rejects(
      c.send(getRequest('x')),
      (err: unknown) => err instanceof KmipClientError && err.code === 'closed',
    );
    assert.equal(answeredUid(await c.send(getRequest('y'))), 'again');
  });

  test('fails over from a dead host to the next one, and names every host when all are dead', async () => {
    const s = await serve((srv) => echo(srv));
    const dead = await deadPort();
    const c = new KmipConnection({
      hosts: [
        { host: '127.0.0.1', port: dead },
        { host: '127.0.0.1', port: s.port },
      ],
      tls,
    });
    connections.push(c);
    assert.equal(answeredUid(await c.send(getRequest('k'))), 'k');
    assert.deepEqual(c.host, { host: '127.0.0.1', port: s.port });
    const dead2 = await deadPort();
    const none = new KmipConnection({
      hosts: [
        { host: '127.0.0.1', port: dead },
        { host: '127.0.0.1', port: dead2 },
      ],
      tls,
    });
    connections.push(none);
    await assert.rejects(none.send(getRequest('k')), (err: unknown) => {
      assert.ok(err instanceof KmipClientError);
      assert.equal(err.code, 'connect');
      assert.ok(err.message.includes(`127.0.0.1:${dead} (`) && err.message.includes(`127.0.0.1:${dead2} (`));
      return true;
    });
  });

  test('a server certificate from another CA is refused', async () => {
    const s = await serve((srv) => echo(srv));
    const certs = await testCertificates();
    const c = connect(s, {
      // The client's own certificate is no CA for the server's.
      tls: clientTlsOptions({
        certFile: certs.client.cert,
        keyFile: certs.client.key,
        caFile: certs.client.cert,
      }),
    });
    await assert.rejects(
      c.send(getRequest('k')),
      (err: unknown) => err instanceof KmipClientError && err.code === 'connect',
    );
  });

  test('bytes that are not TTLV fail with a protocol error', async () => {
    const s = await serve(() => async (_req, _raw, socket) => {
      socket.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
      return null;
    });
    const c = connect(s);
    await assert.rejects(
      c.send(getRequest('k')),
      (err: unknown) => err instanceof KmipClientError && err.code === 'protocol',
    );
  });

  test('close() lets the request in flight finish, then refuses new ones', async () => {
    const s = await serve((srv) => echo(srv, () => 50));
    const c = connect(s);
    const pending = c.send(getRequest('last'));
    await sleep(10);
    const closing = c.close();
    assert.equal(answeredUid(await pending), 'last');
    await closing;
    await assert.rejects(
      c.send(getRequest('late')),
      (err: unknown) => err instanceof KmipClientError && err.code === 'closed',
    );
  });
});
