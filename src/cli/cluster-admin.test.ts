// A cluster node's readiness from its workers' reports: ready only when every worker asked has
// answered and every check passes in each; a failing check carries the failing worker's detail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineReadiness } from './cluster-admin.js';
import { readinessOf } from '../transport/admin-listener.js';

const good = readinessOf({ store: { ok: true }, ttlvListener: { ok: true } });
const storeDown = readinessOf({
  store: { ok: false, detail: 'the database does not answer' },
  ttlvListener: { ok: true },
});

test('every worker ready: the node is ready', () => {
  const r = combineReadiness([good, good], [], 2);
  assert.equal(r.ready, true);
  assert.equal(r.checks['workers']?.detail, '2 of 2 workers answered');
});

test('one worker with its store down: not ready, and the check says why', () => {
  const r = combineReadiness([good, storeDown], [], 2);
  assert.equal(r.ready, false);
  assert.deepEqual(r.checks['store'], { ok: false, detail: 'the database does not answer' });
  assert.equal(r.checks['ttlvListener']?.ok, true);
});

test('a worker that did not answer, or no worker at all: not ready', () => {
  const silent = combineReadiness([good], ['worker 2: no answer within 5000 ms'], 2);
  assert.equal(silent.ready, false);
  assert.match(silent.checks['workers']?.detail ?? '', /1 of 2 workers answered; worker 2: no answer/);
  assert.equal(combineReadiness([], [], 0).ready, false);
});
