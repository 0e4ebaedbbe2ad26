// What the HTTPS listener does with bad input: each refusal has its HTTP status and a KMIP
// Response Message (Invalid Message, or Authentication Not Successful) in the request's encoding
// (else the one Accept names, else TTLV), no stack trace anywhere, and the listener serves the
// next request. Covered: wrong method, unknown path, unknown or missing Content-Type, a body over
// max_message_size (declared, and chunked without a length), a slow body, a body that is not a
// message in its encoding, a client certificate the identity rules refuse, oversized headers.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'node:tls';
import { makeTestPki, type TestPki } from '../../src/transport/demo-certs.js';
import {
  MEDIA_TYPE,
  MessageEncoding,
  decodeMessage,
  encodeMessage,
  encodingOfMediaType,
} from '../../src/notation/message-encodings.js';
import type { StructureItem } from '../../src/ttlv/item.js';
import { xmlToTtlv } from '../../src/notation/xml.js';
import { startTestServer, type TestServer } from '../helpers/kmip-test-server.js';
import { httpsRequestTo, type HttpReply } from '../helpers/https-request.js';
import { batchResult, requestXml, type BatchResult } from '../helpers/engine-harness.js';
import { CapturingLogger, demoCertificates, type LogLine } from '../hardening/server-fixture.js';
import { RawKmipClient } from '../hardening/raw-client.js';

const MAX = 8192;
const TIMEOUT_MS = 1_500;
let t: TestServer;
let port: number;
let pki: TestPki;
let pkiDir: string;
const log = new CapturingLogger();

before(async () => {
  const certs = await demoCertificates();
  pkiDir = mkdtempSync(join(tmpdir(), 'kmip-https-pki-'));
  pki = await makeTestPki(pkiDir, { issuer: certs });
  t = await startTestServer({
    certs,
    server: { httpsPort: 0, maxMessageSize: MAX, requestTimeoutMs: TIMEOUT_MS, log },
  });
  port = t.server.httpsAddress?.port ?? 0;
});
after(async () => {
  await t.stop();
  rmSync(pkiDir, { recursive: true, force: true });
});

const QUERY = xmlToTtlv(
  requestXml('Query', '<QueryFunction type="Enumeration" value="QueryOperations"/>', '2.1'),
);

/** The KMIP answer in a reply, checked to be in `encoding` and free of stack traces. */
function kmipAnswer(r: HttpReply, encoding: MessageEncoding): BatchResult {
  assert.equal(
    encodingOfMediaType(r.headers['content-type']),
    encoding,
    `answered as ${r.headers['content-type']}`,
  );
  assert.doesNotMatch(r.body.toString('latin1'), /\n\s+at |\.ts:\d+/, 'no stack trace in the answer');
  return batchResult(decodeMessage(encoding, r.body) as StructureItem);
}

async function stillServes(): Promise<void> {
  const r = await httpsRequestTo(port, t.certs, {
    headers: { 'Content-Type': MEDIA_TYPE.ttlv },
    body: encodeMessage(MessageEncoding.Ttlv, QUERY),
  });
  assert.equal(r.status, 200);
  assert.equal(kmipAnswer(r, MessageEncoding.Ttlv).status, 'Success');
}

describe('refusals over HTTPS', { timeout: 60_000 }, () => {
  test('a method other than POST: 405, Allow: POST, and Invalid Message', async () => {
    const r = await httpsRequestTo(port, t.certs, { method: 'GET' });
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'POST');
    const a = kmipAnswer(r, MessageEncoding.Ttlv);
    assert.deepEqual([a.status, a.reason], ['OperationFailed', 'InvalidMessage']);
    assert.match(a.message ?? '', /POST \/kmip/);
  });

  test('another path: 404 with a KMIP error naming /kmip', async () => {
    const r = await httpsRequestTo(port, t.certs, {
      path: '/',
      headers: { 'Content-Type': MEDIA_TYPE.json },
      body: encodeMessage(MessageEncoding.Json, QUERY),
    });
    assert.equal(r.status, 404);
    assert.match(kmipAnswer(r, MessageEncoding.Json).message ?? '', /POST \/kmip/);
  });

  test('an unknown or missing Content-Type: 415, answered as Accept asks, else TTLV', async () => {
    for (const [headers, encoding] of [
      [{ 'Content-Type': 'text/plain' }, MessageEncoding.Ttlv],
      [{ 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/xml' }, MessageEncoding.Xml],
      [{ Accept: 'application/json, */*' }, MessageEncoding.Json],
    ] as const) {
      const r = await httpsRequestTo(port, t.certs, {
        headers,
        body: encodeMessage(MessageEncoding.Ttlv, QUERY),
      });
      assert.equal(r.status, 415, JSON.stringify(headers));
      const a = kmipAnswer(r, encoding);
      assert.deepEqual([a.status, a.reason], ['OperationFailed', 'InvalidMessage']);
      assert.match(a.message ?? '', /application\/octet-stream.*application\/json.*text\/xml/);
    }
    await stillServes();
  });

  test('a body over max_message_size: 413 before reading it (declared) or once over (chunked)', async () => {
    const big = Buffer.alloc(MAX + 1, 0x42);
    for (const encoding of Object.values(MessageEncoding)) {
      const r = await httpsRequestTo(port, t.certs, {
        headers: { 'Content-Type': MEDIA_TYPE[encoding] },
        body: big,
      });
      assert.equal(r.status, 413, encoding);
      assert.match(kmipAnswer(r, encoding).message ?? '', new RegExp(`${MAX} bytes`));
    }
    const chunked = await new Promise<HttpReply>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          servername: 'localhost',
          method: 'POST',
          path: '/kmip',
          headers: { 'Content-Type': MEDIA_TYPE.json },
          ca: readFileSync(t.certs.ca.cert),
          cert: readFileSync(t.certs.client.cert),
          key: readFileSync(t.certs.client.key),
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.once('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.once('error', reject);
      for (let i = 0; i < 3; i++) req.write(Buffer.alloc(MAX / 2, 0x20));
      req.end();
    });
    assert.equal(chunked.headers['transfer-encoding'], undefined);
    assert.equal(chunked.status, 413);
    kmipAnswer(chunked, MessageEncoding.Json);
    await stillServes();
  });

  test('a body that does not arrive within request_timeout: 408 with a KMIP error', async () => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: readFileSync(t.certs.ca.cert),
      cert: readFileSync(t.certs.client.cert),
      key: readFileSync(t.certs.client.key),
    });
    const started = Date.now();
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      socket.once('secureConnect', () => {
        socket.write(
          'POST /kmip HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n<Request',
        );
      });
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.once('close', () => resolve(Buffer.concat(chunks)));
      socket.once('error', reject);
    });
    assert.ok(Date.now() - started >= TIMEOUT_MS - 100, 'not before the timeout');
    const split = raw.indexOf('\r\n\r\n');
    const head = raw.subarray(0, split).toString('latin1');
    assert.match(head, /^HTTP\/1\.1 408 /);
    assert.match(head, /content-type: text\/xml/i);
    const a = kmipAnswer(
      { status: 408, headers: { 'content-type': 'text/xml' }, body: raw.subarray(split + 4) },
      MessageEncoding.Xml,
    );
    assert.match(a.message ?? '', new RegExp(`within ${TIMEOUT_MS} ms`));
    await stillServes();
  });

  test('a body that is not a message in its encoding: 400 and Invalid Message in that encoding', async () => {
    for (const [encoding, body] of [
      [MessageEncoding.Json, '{"tag": "RequestMessage", "value": ['],
      [MessageEncoding.Json, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
      [MessageEncoding.Xml, '<!DOCTYPE x [<!ENTITY a "aaaa">]><RequestMessage>&a;</RequestMessage>'],
      [MessageEncoding.Ttlv, Buffer.from('42007801000000', 'hex')],
    ] as const) {
      const r = await httpsRequestTo(port, t.certs, {
        headers: { 'Content-Type': MEDIA_TYPE[encoding] },
        body,
      });
      assert.equal(r.status, 400, `${encoding}: ${String(body)}`);
      const a = kmipAnswer(r, encoding);
      assert.deepEqual([a.status, a.reason], ['OperationFailed', 'InvalidMessage']);
      assert.match(a.message ?? '', new RegExp(`not a KMIP ${encoding.toUpperCase()} message`));
    }
    await stillServes();
  });

  test('a client certificate without the clientAuth extended key usage: 403, not a session', async () => {
    const r = await httpsRequestTo(port, t.certs, {
      client: pki.noEku,
      headers: { 'Content-Type': MEDIA_TYPE.ttlv },
      body: encodeMessage(MessageEncoding.Ttlv, QUERY),
    });
    assert.equal(r.status, 403);
    const a = kmipAnswer(r, MessageEncoding.Ttlv);
    assert.deepEqual([a.status, a.reason], ['OperationFailed', 'AuthenticationNotSuccessful']);
    assert.match(a.message ?? '', /extended key usage/);
    assert.ok(log.matching(/client certificate refused: .*extended key usage/).length > 0);
  });

  test('a client certificate from another CA: the handshake is refused, logged and counted', async () => {
    await assert.rejects(
      httpsRequestTo(port, t.certs, {
        client: pki.otherCaClient,
        headers: { 'Content-Type': MEDIA_TYPE.ttlv },
        body: encodeMessage(MessageEncoding.Ttlv, QUERY),
      }),
    );
    for (let i = 0; i < 50 && log.matching(/TLS handshake refused: .*not signed by a CA/).length === 0; i++)
      await sleep(20);
    assert.ok(log.matching(/TLS handshake refused: .*not signed by a CA.*"listener":"https"/).length > 0);
    const text = await t.server.metrics.registry.metrics();
    const refused = text
      .split('\n')
      .filter((l) => l.startsWith('kmip_connections_refused_total{listener="https"'));
    assert.ok(refused.length > 0, text);
    await stillServes();
  });

  test('connections opened and closed are logged at DEBUG, on both listeners, with the reason', async () => {
    await stillServes();
    const c = await RawKmipClient.connect(t.port, t.certs.ca.cert, t.certs.client);
    assert.equal(
      (await c.op('Query', '<QueryFunction type="Enumeration" value="QueryOperations"/>')).status,
      'Success',
    );
    c.close();
    const closedLine = (): LogLine | undefined =>
      log.lines.find(
        (l) =>
          l.msg === 'connection closed' &&
          /client closed it|connection error/.test(String(l.fields?.['reason'])),
      );
    for (let i = 0; i < 50 && closedLine() === undefined; i++) await sleep(20);
    assert.equal(closedLine()?.level, 'debug');
    assert.equal(closedLine()?.fields?.['requests'], 1);
    for (const listener of ['ttlv', 'https']) {
      assert.ok(
        log.lines.some(
          (l) => l.level === 'debug' && l.msg === 'connection opened' && l.fields?.['listener'] === listener,
        ),
        listener,
      );
    }
  });

  test('headers over the limit: 431 from the HTTP parser, and the listener goes on', async () => {
    const r = await httpsRequestTo(port, t.certs, {
      headers: { 'Content-Type': MEDIA_TYPE.ttlv, 'X-Padding': 'x'.repeat(20_000) },
      body: encodeMessage(MessageEncoding.Ttlv, QUERY),
    });
    assert.equal(r.status, 431);
    await stillServes();
  });
});

describe('idle keep-alive connections', { timeout: 30_000 }, () => {
  let idle: TestServer;
  before(async () => {
    idle = await startTestServer({
      certs: await demoCertificates(),
      server: { httpsPort: 0, idleTimeoutMs: 300 },
    });
  });
  after(async () => {
    await idle.stop();
  });

  test('are closed by the server after idle_timeout, as on the TTLV port', async () => {
    const socket = connect({
      host: '127.0.0.1',
      port: idle.server.httpsAddress?.port ?? 0,
      servername: 'localhost',
      ca: readFileSync(idle.certs.ca.cert),
      cert: readFileSync(idle.certs.client.cert),
      key: readFileSync(idle.certs.client.key),
    });
    const body = encodeMessage(MessageEncoding.Ttlv, QUERY);
    let answered = '';
    const closedAfter = await new Promise<number>((resolve, reject) => {
      let lastData = 0;
      socket.once('secureConnect', () => {
        socket.write(
          `POST /kmip HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${MEDIA_TYPE.ttlv}\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        socket.write(body);
      });
      socket.on('data', (c: Buffer) => {
        answered += c.toString('latin1');
        lastData = Date.now();
      });
      socket.once('close', () => resolve(Date.now() - lastData));
      socket.once('error', reject);
      setTimeout(() => reject(new Error('the idle connection stayed open')), 10_000).unref();
    });
    assert.match(answered, /^HTTP\/1\.1 200 /);
    assert.match(answered, /keep-alive/i, 'the connection was kept open after the response');
    assert.ok(closedAfter >= 250, `closed ${closedAfter} ms after the response, not before idle_timeout`);
  });
});
