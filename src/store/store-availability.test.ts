// The store's health: which errors mean the database is out (and how), how the wrapped store turns
// them into StoreUnavailableError while passing request errors through, one log line per outage
// and one when it ends, and the probe that finds the database back without traffic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.js';
import { ConcurrentUpdateError } from './store.js';
import {
  StoreAvailability,
  StoreUnavailableError,
  storeFault,
  withStoreAvailability,
} from './store-availability.js';

const err = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

test('storeFault: PostgreSQL and network errors are unreachable, full or read-only databases not writable', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '53300'])
    assert.equal(storeFault(err(code)), 'unreachable', code);
  assert.equal(storeFault(new Error('Connection terminated unexpectedly')), 'unreachable');
  assert.equal(storeFault(new Error('timeout exceeded when trying to connect')), 'unreachable');
  for (const code of [
    'SQLITE_FULL',
    'SQLITE_READONLY',
    'SQLITE_IOERR_WRITE',
    'SQLITE_BUSY',
    '53100',
    '25006',
  ])
    assert.equal(storeFault(err(code)), 'not-writable', code);
  for (const e of [
    err('23505'),
    err('SQLITE_CONSTRAINT_UNIQUE'),
    new ConcurrentUpdateError('c'),
    new TypeError('bug'),
  ])
    assert.equal(storeFault(e), undefined, e.message);
});

test('the wrapped store: faults become StoreUnavailableError and mark it down once; other errors pass', async () => {
  const log = recorder();
  const health = new StoreAvailability({
    log,
    probe: () => Promise.reject(new Error('still down')),
    probeEveryMs: 10_000,
  });
  let next: Error | undefined;
  const raw = {
    async get(): Promise<string> {
      if (next !== undefined) throw next;
      return 'value';
    },
    sync: () => 42,
  };
  const store = withStoreAvailability(raw, health);
  assert.equal(store.sync(), 42, 'non-promise results are returned as they are');
  next = err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
  await assert.rejects(store.get(), (e: unknown) => {
    assert.ok(e instanceof StoreUnavailableError);
    assert.equal(
      e.message,
      "the server's database is unavailable; retry later",
      'no address reaches the client',
    );
    return true;
  });
  await assert.rejects(store.get(), StoreUnavailableError);
  assert.equal(health.state.ready, false);
  assert.equal(health.state.fault, 'unreachable');
  assert.match(health.state.error ?? '', /ECONNREFUSED 127\.0\.0\.1:5432/);
  assert.deepEqual(
    log.lines.filter((l) => l.startsWith('error')).length,
    1,
    'one log line per outage, not one per request',
  );
  next = new ConcurrentUpdateError('raced');
  await assert.rejects(store.get(), ConcurrentUpdateError, 'a conflict is the request’s, not the database’s');
  assert.equal(health.state.ready, true, 'a conflict proves the database answers');
  assert.match(log.lines.at(-1) ?? '', /^info database available again after [\d.]+ s/);
  next = undefined;
  assert.equal(await store.get(), 'value');
  health.close();
});

test('while the database is out the probe asks again, and finds it back without traffic', async () => {
  let up = false;
  const health = new StoreAvailability({
    log: recorder(),
    probe: () => (up ? Promise.resolve() : Promise.reject(err('SQLITE_FULL'))),
    probeEveryMs: 20,
  });
  try {
    assert.ok(health.failed(err('SQLITE_FULL', 'database or disk is full')) instanceof StoreUnavailableError);
    assert.equal(health.state.fault, 'not-writable');
    await sleep(80);
    assert.equal(health.state.ready, false);
    up = true;
    for (let i = 0; i < 50 && !health.state.ready; i++) await sleep(20);
    assert.equal(health.state.ready, true);
  } finally {
    health.close();
  }
});

test('an answer to a call sent before the outage was noticed does not end it; a stale failure does not start one', async () => {
  const log = recorder();
  const availability = new StoreAvailability({
    log,
    probe: () => Promise.reject(new Error('down')),
    probeEveryMs: 10_000,
  });
  try {
    const before = Date.now() - 1_000;
    availability.failed(err('57P01', 'terminating connection due to administrator command'));
    availability.ok(before);
    assert.equal(availability.state.ready, false, 'a late answer to an earlier call');
    availability.ok();
    assert.equal(availability.state.ready, true);
    availability.failed(err('ECONNREFUSED'), before);
    assert.equal(availability.state.ready, true, 'a failure of a call sent before the recovery');
    assert.equal(log.lines.filter((l) => l.startsWith('error')).length, 1);
  } finally {
    availability.close();
  }
});

test('while the database refuses writes, a read that works does not end the fault; a write does', async () => {
  const availability = new StoreAvailability({
    log: recorder(),
    probe: () => Promise.reject(new Error('full')),
    probeEveryMs: 10_000,
  });
  let writes: Error | undefined = err('SQLITE_FULL', 'database or disk is full');
  const store = withStoreAvailability(
    {
      get: async (): Promise<string> => 'read',
      insert: async (): Promise<void> => {
        if (writes !== undefined) throw writes;
      },
    },
    availability,
  );
  try {
    await assert.rejects(store.insert(), StoreUnavailableError);
    assert.equal(await store.get(), 'read');
    assert.equal(availability.state.ready, false, 'reads work, writes do not');
    writes = undefined;
    await store.insert();
    assert.equal(availability.state.ready, true);
  } finally {
    availability.close();
  }
});
