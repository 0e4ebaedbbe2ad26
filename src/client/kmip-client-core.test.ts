import assert from 'node:assert/strict';
import type { ConnectionOptions } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { KmipClient, ops } from './kmip-client.js';
import { clientTlsOptions } from './tls.js';
import { KmipClientError, KmipResultError } from './errors.js';
import type { KmipClientOptions } from './kmip-client-core.js';
import { Operation, ResultReason } from '../spec/generated/enums.js';
import { protocolVersionItem } from '../messages/response.js';
import { responseBatchItem, responseMessage } from '../messages/response.js';
import {
  failureReply,
  startFakeServer,
  successReply,
  testCertificates,
  uidPayload,
  type FakeHandler,
  type FakeServer,
} from '../../test/helpers/fake-kmip-server.js';

const v = (major: number, minor: number) => ({ major, minor });

describe('KmipClient over a scripted server', { timeout: 20_000 }, () => {
  let tls: ConnectionOptions = {};
  const servers: FakeServer[] = [];
  const clients: KmipClient[] = [];
  async function client(
    handler: FakeHandler,
    extra: Partial<KmipClientOptions> = {},
  ): Promise<[KmipClient, FakeServer]> {
    const s = await startFakeServer(handler);
    servers.push(s);
    const c = new KmipClient({ hosts: [{ host: '127.0.0.1', port: s.port }], tls, ...extra });
    clients.push(c);
    return [c, s];
  }

  before(async () => {
    const certs = await testCertificates();
    tls = clientTlsOptions({ certFile: certs.client.cert, keyFile: certs.client.key, caFile: certs.ca.cert });
  });
  after(async () => {
    for (const c of clients) c.connection.destroy();
    await Promise.all(servers.map((s) => s.close()));
  });

  test('negotiation: Discover Versions at 1.1 offers 2.1..1.0 and adopts the first common version', async () => {
    const [c, s] = await client(async (req) =>
      successReply(req, () => [protocolVersionItem(v(2, 0)), protocolVersionItem(v(1, 4))]),
    );
    assert.deepEqual(await c.protocolVersion(), v(2, 0));
    const first = s.received[0];
    assert.deepEqual(first?.header.protocolVersion, v(1, 1));
    assert.equal(first?.items[0]?.operation, Operation.DiscoverVersions);
    assert.equal(first?.items[0]?.payload.value.length, 7, 'every supported version is offered');
    await c.query();
    assert.deepEqual(
      s.received[1]?.header.protocolVersion,
      v(2, 0),
      'later requests use the negotiated version',
    );
  });

  test('negotiation: a server refusing 1.1 is asked again in 2.1', async () => {
    const [c, s] = await client(async (req) =>
      req.header.protocolVersion.major === 1
        ? failureReply(req, ResultReason.InvalidMessage, 'no 1.x here')
        : successReply(req, () => [protocolVersionItem(v(2, 1))]),
    );
    assert.deepEqual(await c.protocolVersion(), v(2, 1));
    assert.deepEqual(
      s.received.map((r) => r.header.protocolVersion),
      [v(1, 1), v(2, 1)],
    );
  });

  test('negotiation: a server without Discover Versions is spoken to in 1.0', async () => {
    const [c] = await client(async (req) => failureReply(req, ResultReason.OperationNotSupported, 'what?'));
    assert.deepEqual(await c.protocolVersion(), v(1, 0));
  });

  test('negotiation: no common version is an error', async () => {
    const [c] = await client(async (req) => successReply(req, () => []));
    await assert.rejects(
      c.protocolVersion(),
      (err: unknown) => err instanceof KmipClientError && err.code === 'unsupported',
    );
  });

  test('a given version skips negotiation; credential and Maximum Response Size go in every header', async () => {
    const [c, s] = await client(async (req) => successReply(req, () => uidPayload('u1')), {
      version: '1.2',
      credential: { username: 'alice', password: 'pw' },
      maximumResponseSize: 4096,
    });
    assert.deepEqual(await c.activate('u1'), { uid: 'u1' });
    const h = s.received[0]?.header;
    assert.deepEqual(h?.protocolVersion, v(1, 2));
    assert.deepEqual(h?.credentials, [{ kind: 'username-password', username: 'alice', password: 'pw' }]);
    assert.equal(h?.maximumResponseSize, 4096);
  });

  test('a failed item becomes a KmipResultError with status, reason (number and name) and message', async () => {
    const [c] = await client(async (req) => failureReply(req, ResultReason.PermissionDenied, 'not yours'), {
      version: '1.4',
    });
    await assert.rejects(c.destroy('k'), (err: unknown) => {
      assert.ok(err instanceof KmipResultError);
      assert.equal(err.operation, Operation.Destroy);
      assert.equal(err.operationName, 'Destroy');
      assert.deepEqual([err.resultStatus, err.resultStatusName], [1, 'OperationFailed']);
      assert.deepEqual(
        [err.resultReason, err.resultReasonName],
        [ResultReason.PermissionDenied, 'PermissionDenied'],
      );
      assert.equal(err.resultMessage, 'not yours');
      assert.equal(err.message, 'Destroy failed: OperationFailed / PermissionDenied: not yours');
      assert.equal(err.operationNotSupported, false);
      return true;
    });
  });

  test('a reply for another operation is a protocol error', async () => {
    const [c] = await client(
      async () =>
        responseMessage({ protocolVersion: v(1, 4), timeStamp: 0n }, [
          responseBatchItem({ operation: Operation.Get, resultStatus: 0, payload: uidPayload('x') }),
        ]),
      { version: '1.4' },
    );
    await assert.rejects(
      c.activate('x'),
      (err: unknown) => err instanceof KmipClientError && err.code === 'protocol',
    );
  });

  test('batch: one message, IDs on every item, results settled per item (done, failed, not executed)', async () => {
    const [c, s] = await client(
      async (req) =>
        responseMessage(
          { protocolVersion: req.header.protocolVersion, timeStamp: 0n },
          req.items.slice(0, 2).map((item, i) =>
            responseBatchItem({
              operation: item.operation,
              ...(item.uniqueBatchItemId !== undefined ? { uniqueBatchItemId: item.uniqueBatchItemId } : {}),
              resultStatus: i === 0 ? 0 : 1,
              ...(i === 0 ? { payload: uidPayload('made') } : { resultReason: ResultReason.ItemNotFound }),
            }),
          ),
        ),
      { version: '2.1' },
    );
    const [a, b, d] = await c.batch([ops.activate('made'), ops.get('gone'), ops.destroy('made')], {
      onError: 'stop',
    });
    assert.deepEqual(a, { ok: true, value: { uid: 'made' } });
    assert.ok(!b.ok && b.error instanceof KmipResultError && b.error.resultReasonName === 'ItemNotFound');
    assert.ok(!d.ok && d.error instanceof KmipClientError && d.error.code === 'skipped');
    const sent = s.received[0];
    assert.equal(sent?.items.length, 3);
    assert.equal(
      new Set(sent?.items.map((i) => Buffer.from(i.uniqueBatchItemId ?? []).toString('hex'))).size,
      3,
    );
    assert.equal(sent?.header.batchErrorContinuationOption, 2 /* Stop */);
  });

  test('batch: a whole-message failure fails every item', async () => {
    const [c] = await client(
      async () =>
        responseMessage({ protocolVersion: v(1, 4), timeStamp: 0n }, [
          responseBatchItem({
            resultStatus: 1,
            resultReason: ResultReason.InvalidMessage,
            resultMessage: 'bad',
          }),
        ]),
      { version: '1.4' },
    );
    const results = await c.batch([ops.query(), ops.query()]);
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.error.message)),
      [
        'Query failed: OperationFailed / InvalidMessage: bad',
        'Query failed: OperationFailed / InvalidMessage: bad',
      ],
    );
  });

  test('set attribute at 1.x is refused by the client before anything is sent', async () => {
    const [c, s] = await client(async (req) => successReply(req), { version: '1.4' });
    await assert.rejects(
      c.setAttribute('k', 'Sensitive', true),
      (err: unknown) => err instanceof KmipClientError && err.code === 'unsupported',
    );
    assert.equal(s.received.length, 0);
  });
});
