// Bad input on the wire against a real server (TLS on 127.0.0.1, in this process): each case
// gets a KMIP error response or a clean close, and the server goes on serving other clients.
import assert from 'node:assert/strict';
import { connect as tcpConnect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TLSSocket } from 'node:tls';
import {
  closed,
  querySucceeds,
  readFrames,
  requestBytes,
  startTestServer,
  tlsClient,
  type TestServer,
} from './server-fixture.js';
import { batchResult } from '../helpers/engine-harness.js';

const LIMITS = Object.freeze({
  maxMessageSize: 64 * 1024,
  maxConnections: 64,
  idleTimeoutMs: 800,
  handshakeTimeoutMs: 400,
  requestTimeoutMs: 400,
});

let t: TestServer;
before(async () => {
  t = await startTestServer(LIMITS);
});
after(async () => {
  await t.close();
});

async function client(): Promise<TLSSocket> {
  return tlsClient(t.port, t.certs.ca.cert);
}

function tcp(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = tcpConnect({ host: '127.0.0.1', port: t.port }, () => resolve(s));
    s.once('error', reject);
  });
}

/** A header: Request Message tag 0x420078, type Structure, the given length. */
function header(length: number): Buffer {
  const b = Buffer.from([0x42, 0x00, 0x78, 0x01, 0, 0, 0, 0]);
  b.writeUInt32BE(length, 4);
  return b;
}

/** A Request Message of `depth` Structures nested inside one another. */
function nested(depth: number): Buffer {
  let inner = Buffer.alloc(0);
  for (let i = 0; i < depth; i++) {
    const tag = i === depth - 1 ? 0x420078 : 0x420079; // Request Message outermost
    const h = Buffer.alloc(8);
    h.writeUInt32BE((tag << 8) | 0x01, 0);
    h.writeUInt32BE(inner.length, 4);
    inner = Buffer.concat([h, inner]);
  }
  return inner;
}

async function stillServes(): Promise<void> {
  const r = await querySucceeds(t);
  assert.equal(r.status, 'Success', r.xml);
}

describe('oversize length headers', () => {
  test('a 2 GiB length is refused from the header alone: the connection closes, nothing is buffered', async () => {
    const s = await client();
    const before = process.memoryUsage().arrayBuffers;
    s.write(header(0x7ffffff8));
    const took = await closed(s, 3000);
    assert.ok(took < LIMITS.requestTimeoutMs, `closed after ${took} ms, not at once`);
    assert.ok(
      process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024,
      'no large buffer was allocated',
    );
    assert.ok(t.log.matching(/not KMIP.*exceeds 65536/).length > 0, 'the log says why');
    await stillServes();
  });

  test('a length one block over max_message_size is refused; one at the limit is read', async () => {
    const s = await client();
    s.write(header(LIMITS.maxMessageSize + 8));
    await closed(s, 3000);
    const ok = await client();
    const reply = readFrames(ok, 1);
    // A well-framed message of exactly the limit that is not a request: Invalid Message, not a close.
    const body = Buffer.alloc(LIMITS.maxMessageSize);
    body.writeUInt32BE((0x420094 << 8) | 0x08, 0); // Unique Identifier, Byte String
    body.writeUInt32BE(LIMITS.maxMessageSize - 8, 4);
    ok.write(Buffer.concat([header(LIMITS.maxMessageSize), body]));
    const [response] = await reply;
    assert.ok(response);
    assert.equal(batchResult(response).reason, 'InvalidMessage');
    ok.destroy();
    await stillServes();
  });

  test('a length that is not a multiple of eight closes the connection', async () => {
    const s = await client();
    s.write(header(13));
    await closed(s, 3000);
    await stillServes();
  });
});

describe('deep nesting', () => {
  test('a request nested 200 deep gets Invalid Message, and the connection goes on', async () => {
    const s = await client();
    const first = readFrames(s, 1);
    s.write(nested(200));
    const [response] = await first;
    assert.ok(response);
    const r = batchResult(response);
    assert.equal(r.status, 'OperationFailed');
    assert.equal(r.reason, 'InvalidMessage');
    assert.match(r.message ?? '', /nested deeper/);
    const second = readFrames(s, 1);
    s.write(requestBytes('DiscoverVersions'));
    const [next] = await second;
    assert.ok(next);
    assert.equal(batchResult(next).status, 'Success');
    s.destroy();
  });

  test('a request nested 64 deep (the limit) is decoded and answered as malformed, not too deep', async () => {
    const s = await client();
    const reply = readFrames(s, 1);
    s.write(nested(64));
    const [response] = await reply;
    assert.ok(response);
    const r = batchResult(response);
    assert.equal(r.reason, 'InvalidMessage');
    assert.doesNotMatch(r.message ?? '', /nested deeper/);
    s.destroy();
  });
});

describe('slow senders', () => {
  test('a request sent a byte at a time is cut off at the request timeout', async () => {
    const s = await client();
    const bytes = requestBytes('DiscoverVersions');
    let stop = false;
    const closing = closed(s, 5000);
    void (async () => {
      for (const b of bytes) {
        if (stop || s.destroyed) return;
        s.write(Buffer.from([b]));
        await sleep(50);
      }
    })();
    const took = await closing;
    stop = true;
    assert.ok(took < 2000, `closed after ${took} ms`);
    assert.ok(took >= LIMITS.requestTimeoutMs - 50, `closed after ${took} ms, before the timeout`);
    assert.ok(t.log.matching(/did not arrive in time/).length > 0);
    await stillServes();
  });

  test('a request split into a few chunks inside the timeout is answered', async () => {
    const s = await client();
    const bytes = requestBytes('DiscoverVersions');
    const reply = readFrames(s, 1);
    for (let i = 0; i < bytes.length; i += 16) {
      s.write(bytes.subarray(i, i + 16));
      await sleep(10);
    }
    const [response] = await reply;
    assert.ok(response);
    assert.equal(batchResult(response).status, 'Success');
    s.destroy();
  });
});

describe('half-open and silent connections', () => {
  test('a TCP connection that never starts TLS is closed at the handshake timeout', async () => {
    const s = await tcp();
    const took = await closed(s, 3000);
    assert.ok(took >= LIMITS.handshakeTimeoutMs - 50 && took < 2000, `closed after ${took} ms`);
    assert.ok(t.log.matching(/TLS handshake refused: the TLS handshake did not finish in time/).length > 0);
    await stillServes();
  });

  test('a TLS connection that sends nothing is closed at the idle timeout', async () => {
    const s = await client();
    const took = await closed(s, 4000);
    assert.ok(took >= LIMITS.idleTimeoutMs - 50 && took < 3000, `closed after ${took} ms`);
  });

  test('a client that sends a request and half-closes still gets its response', async () => {
    const s = await client();
    const reply = readFrames(s, 1);
    s.end(requestBytes('DiscoverVersions'));
    const [response] = await reply;
    assert.ok(response);
    assert.equal(batchResult(response).status, 'Success');
    await closed(s, 3000);
  });

  test('half a request and then a half-close: the server closes cleanly', async () => {
    const s = await client();
    const bytes = requestBytes('DiscoverVersions');
    s.end(bytes.subarray(0, 20));
    await closed(s, 3000);
    await stillServes();
  });

  test('a client that vanishes with requests in flight does not disturb the server', async () => {
    for (let i = 0; i < 20; i++) {
      const s = await client();
      s.write(requestBytes('DiscoverVersions'));
      s.write(requestBytes('Query', '<QueryFunction type="Enumeration" value="QueryOperations"/>'));
      s.destroy();
    }
    await stillServes();
  });
});

describe('many connections', () => {
  test('1,000 connections opened and dropped at once: the server stays up and serves', async () => {
    const sockets = await Promise.allSettled(Array.from({ length: 1000 }, () => tcp()));
    for (const r of sockets) if (r.status === 'fulfilled') r.value.destroy();
    const opened = sockets.filter((r) => r.status === 'fulfilled').length;
    assert.ok(opened > 900, `only ${opened} of 1000 connected`);
    // Some complete the handshake before they go.
    for (let i = 0; i < 20; i++) (await client()).destroy();
    await stillServes();
  });

  test('over max connections, extra clients are refused and later ones served again', async () => {
    const small = await startTestServer({ ...LIMITS, maxConnections: 3, idleTimeoutMs: 10_000 });
    try {
      const held = await Promise.all([1, 2, 3].map(() => tlsClient(small.port, small.certs.ca.cert)));
      await assert.rejects(tlsClient(small.port, small.certs.ca.cert));
      assert.ok(small.log.matching(/too many connections/).length > 0, 'the refusal is logged');
      const first = held.shift();
      first?.destroy();
      if (first) await closed(first);
      await sleep(50);
      const r = await querySucceeds(small);
      assert.equal(r.status, 'Success');
      for (const s of held) s.destroy();
    } finally {
      await small.close();
    }
  });
});

describe('not TLS at all', () => {
  test('plain TCP garbage is closed and the server serves others', async () => {
    const s = await tcp();
    s.on('error', () => undefined);
    s.write(Buffer.from('\x00\xff garbage \x16\x03\x01\x00\x01\x00'.repeat(100), 'latin1'));
    await closed(s, 3000);
    await stillServes();
  });

  test('an HTTP request to the TLS port is closed and the server serves others', async () => {
    const s = await tcp();
    s.on('error', () => undefined);
    s.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await closed(s, 3000);
    assert.ok(t.log.matching(/TLS handshake refused: the client did not speak TLS/).length > 0);
    await stillServes();
  });

  test('TTLV sent in the clear (no TLS) is closed', async () => {
    const s = await tcp();
    s.on('error', () => undefined);
    s.write(requestBytes('DiscoverVersions'));
    await closed(s, 3000);
    await stillServes();
  });
});
