import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { Operation, ResultReason, ResultStatus } from '../spec/generated/enums.js';
import { summarizeMetrics } from './metrics-summary.js';

test('the server page numbers come from the metrics: connections, totals, errors by operation and reason', async () => {
  const m = new ServerMetrics();
  const answered = (operation: number, resultStatus: number, resultReason?: number) =>
    m.requestAnswered({
      time: new Date(),
      identity: 'a',
      requests: [{ operation }],
      results: [{ operation, resultStatus, ...(resultReason === undefined ? {} : { resultReason }) }],
      session: { identity: 'a' },
      durationMs: 1,
    });
  for (let i = 0; i < 5; i++) answered(Operation.Get, ResultStatus.Success);
  for (let i = 0; i < 3; i++)
    answered(Operation.Get, ResultStatus.OperationFailed, ResultReason.ItemNotFound);
  answered(Operation.Destroy, ResultStatus.OperationFailed, ResultReason.PermissionDenied);
  m.connectionOpened('ttlv');
  m.connectionOpened('ttlv');
  m.connectionOpened('https');
  m.connectionClosed('ttlv');
  const s = summarizeMetrics(await m.registry.getMetricsAsJSON());
  assert.deepEqual(s.connections, { ttlv: 1, https: 1 });
  assert.equal(s.connectionsAccepted, 3);
  assert.equal(s.requestsTotal, 9);
  assert.equal(s.errorsTotal, 4);
  assert.deepEqual(s.errors, [
    { operation: 'Get', reason: 'ItemNotFound', count: 3 },
    { operation: 'Destroy', reason: 'PermissionDenied', count: 1 },
  ]);
});
