// The metrics themselves: a request counted per batch item by operation, status and reason, its
// latency once per message ("Batch" for several items), connections opened, closed and refused,
// store calls timed and failures counted, objects counted from the store at most once per TTL
// (and a failing count leaves the other metrics served); several registries (a cluster's
// workers) sum, except the object counts, which every worker reads from the same database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServerMetrics } from './server-metrics.js';
import { instrumentStore } from './instrument-store.js';
import { aggregateMetrics } from '../cli/cluster-admin.js';
import type { AnsweredRequest } from '../engine/engine.js';
import { ObjectType, Operation, ResultReason, ResultStatus, State } from '../spec/generated/enums.js';
import { sampleValue } from '../../test/helpers/https-request.js';
import type { Store } from '../store/store.js';

function answered(results: AnsweredRequest['results'], durationMs = 2): AnsweredRequest {
  return {
    time: new Date(),
    identity: 'demo-client',
    requests: [],
    results,
    session: { identity: 'demo-client' },
    durationMs,
  };
}

const ok = (operation: number) => ({ operation, resultStatus: ResultStatus.Success });
const failed = (operation: number, reason: number) => ({
  operation,
  resultStatus: ResultStatus.OperationFailed,
  resultReason: reason,
});

test('requests: per item by operation/status/reason, latency per message, batch sizes', async () => {
  const m = new ServerMetrics();
  m.requestAnswered(answered([ok(Operation.Create)], 3));
  m.requestAnswered(answered([failed(Operation.Get, ResultReason.ItemNotFound)]));
  m.requestAnswered(answered([ok(Operation.Create), ok(Operation.Activate)]));
  const text = await m.registry.metrics();
  const requests = (operation: string, status: string, reason = ''): number | undefined =>
    sampleValue(text, 'kmip_requests_total', { operation, status, reason });
  assert.equal(requests('Create', 'Success'), 2);
  assert.equal(requests('Activate', 'Success'), 1);
  assert.equal(requests('Get', 'OperationFailed', 'ItemNotFound'), 1);
  assert.equal(sampleValue(text, 'kmip_request_duration_seconds_count', { operation: 'Create' }), 1);
  assert.equal(sampleValue(text, 'kmip_request_duration_seconds_sum', { operation: 'Create' }), 0.003);
  assert.equal(sampleValue(text, 'kmip_request_duration_seconds_count', { operation: 'Batch' }), 1);
  assert.equal(sampleValue(text, 'kmip_request_batch_items_bucket', { le: '1' }), 2);
  assert.equal(sampleValue(text, 'kmip_request_batch_items_bucket', { le: '2' }), 3);
});

test('connections: open now, accepted, refused by reason; HTTP statuses', async () => {
  const m = new ServerMetrics();
  m.connectionOpened('ttlv');
  m.connectionOpened('ttlv');
  m.connectionOpened('https');
  m.connectionClosed('ttlv');
  m.connectionRefused('ttlv', 'CERT_HAS_EXPIRED');
  m.connectionRefused('ttlv', 'CERT_HAS_EXPIRED');
  m.httpResponse('https', 415);
  const text = await m.registry.metrics();
  assert.equal(sampleValue(text, 'kmip_open_connections', { listener: 'ttlv' }), 1);
  assert.equal(sampleValue(text, 'kmip_connections_total', { listener: 'ttlv' }), 2);
  assert.equal(sampleValue(text, 'kmip_open_connections', { listener: 'https' }), 1);
  assert.equal(
    sampleValue(text, 'kmip_connections_refused_total', { listener: 'ttlv', reason: 'CERT_HAS_EXPIRED' }),
    2,
  );
  assert.equal(sampleValue(text, 'kmip_http_responses_total', { listener: 'https', status: '415' }), 1);
});

test('store calls are timed, and failed ones counted, through the instrumented store', async () => {
  const m = new ServerMetrics();
  const fake: Store = {
    insert: async () => undefined,
    get: async () => {
      throw new Error('database down');
    },
    update: async () => undefined,
    remove: async () => undefined,
    locate: async () => ({ uids: [] }),
    getSetting: async () => undefined,
    putSetting: async () => undefined,
    close: async () => undefined,
  };
  const store = instrumentStore(fake, (method, seconds, bad) => m.storeCall(method, seconds, bad));
  const everything = {
    visibility: { identity: 'a', own: 'all', anyOwner: [] },
    criteria: [],
    storage: 7,
    now: new Date(),
  } as const;
  await store.locate(everything);
  await store.locate(everything);
  await assert.rejects(store.get('x'), /database down/);
  await store.close();
  const text = await m.registry.metrics();
  assert.equal(sampleValue(text, 'kmip_store_operation_duration_seconds_count', { method: 'locate' }), 2);
  assert.equal(sampleValue(text, 'kmip_store_operation_duration_seconds_count', { method: 'get' }), 1);
  assert.equal(sampleValue(text, 'kmip_store_errors_total', { method: 'get' }), 1);
  assert.equal(sampleValue(text, 'kmip_store_errors_total', { method: 'locate' }), undefined);
  assert.equal(
    sampleValue(text, 'kmip_store_operation_duration_seconds_count', { method: 'close' }),
    undefined,
  );
});

test('objects by type and state, counted at most once per TTL; a failing count hides only them', async () => {
  const m = new ServerMetrics({ objectCountTtlMs: 60_000 });
  let calls = 0;
  m.setObjectCounter(async () => {
    calls++;
    return [
      { objectType: ObjectType.SymmetricKey, state: State.Active, count: 7 },
      { objectType: ObjectType.OpaqueObject, state: undefined, count: 1 },
    ];
  });
  const first = await m.registry.metrics();
  await m.registry.metrics();
  assert.equal(calls, 1, 'the second scrape reuses the count');
  assert.equal(sampleValue(first, 'kmip_objects', { object_type: 'SymmetricKey', state: 'Active' }), 7);
  assert.equal(sampleValue(first, 'kmip_objects', { object_type: 'OpaqueObject', state: 'none' }), 1);

  const broken = new ServerMetrics();
  broken.setObjectCounter(() => Promise.reject(new Error('database down')));
  broken.connectionOpened('ttlv');
  const text = await broken.registry.metrics();
  assert.equal(sampleValue(text, 'kmip_open_connections', { listener: 'ttlv' }), 1);
  assert.equal(
    sampleValue(text, 'kmip_objects', { object_type: 'SymmetricKey', state: 'Active' }),
    undefined,
  );
});

test('several registries aggregate: counters and histograms sum, object counts do not', async () => {
  const workers = [new ServerMetrics(), new ServerMetrics()];
  for (const [i, w] of workers.entries()) {
    for (let n = 0; n <= i; n++) w.requestAnswered(answered([ok(Operation.Get)]));
    w.connectionOpened('ttlv');
    w.setObjectCounter(async () => [{ objectType: ObjectType.SymmetricKey, state: State.Active, count: 5 }]);
  }
  const { body } = await aggregateMetrics(
    await Promise.all(workers.map((w) => w.registry.getMetricsAsJSON())),
  );
  assert.equal(
    sampleValue(body, 'kmip_requests_total', { operation: 'Get', status: 'Success', reason: '' }),
    3,
  );
  assert.equal(sampleValue(body, 'kmip_request_duration_seconds_count', { operation: 'Get' }), 3);
  assert.equal(sampleValue(body, 'kmip_open_connections', { listener: 'ttlv' }), 2);
  assert.equal(sampleValue(body, 'kmip_objects', { object_type: 'SymmetricKey', state: 'Active' }), 5);
});
