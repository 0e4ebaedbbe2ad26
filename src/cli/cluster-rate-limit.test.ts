// max_requests_per_second across workers: two workers leasing from one primary's buckets admit the
// rate once between them (a per-worker limit would admit it twice), a partial lease refuses, and a
// worker whose primary does not answer falls back to its share of the rate.
import assert from 'node:assert/strict';
import type { Worker } from 'node:cluster';
import { test } from 'node:test';
import { RequestRateLimiter } from '../engine/request-rate.js';
import { answerLease, LeasedAdmission } from './cluster-rate-limit.js';

/** Workers connected to a primary through an in-memory channel (answers on a later tick, as IPC). */
function cluster(limiter: RequestRateLimiter, workers: number): LeasedAdmission[] {
  return Array.from({ length: workers }, () => {
    const listeners: ((m: unknown) => void)[] = [];
    const worker = {
      isConnected: () => true,
      send: (m: unknown) => setImmediate(() => listeners.forEach((l) => l(m))),
    } as unknown as Worker;
    return new LeasedAdmission({
      perSecond: limiter.perSecond,
      workers,
      send: (m) => {
        setImmediate(() => answerLease(limiter, worker, m));
        return true;
      },
      onMessage: (l) => void listeners.push(l),
    });
  });
}

async function admitted(workers: readonly LeasedAdmission[], identity: string, n: number): Promise<number> {
  const outcomes = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const worker = workers[i % workers.length];
      if (worker === undefined) throw new Error('no workers');
      return worker.admit(identity);
    }),
  );
  return outcomes.filter((o) => o === undefined).length;
}

test('two workers admit the rate once between them, then refuse until the bucket refills', async () => {
  let now = 0;
  const limiter = new RequestRateLimiter(50, () => now);
  const workers = cluster(limiter, 2);
  assert.equal(await admitted(workers, 'alice', 200), 50);
  assert.equal(await admitted(workers, 'bob', 30), 30, 'another identity has its own rate');
  const refusal = await workers[0]?.admit('alice');
  assert.match(refusal ?? '', /alice sends more than max_requests_per_second \(50\)/);
  now += 1_000;
  assert.equal(await admitted(workers, 'alice', 200), 50);
});

test('a worker whose primary does not take the lease limits alone, to its share of the rate', async () => {
  const lonely = new LeasedAdmission({
    perSecond: 40,
    workers: 4,
    send: () => false,
    onMessage: () => undefined,
  });
  let ok = 0;
  for (let i = 0; i < 100; i++) if ((await lonely.admit('alice')) === undefined) ok++;
  assert.ok(ok >= 10 && ok < 20, `${ok} admitted: a quarter of 40 (plus what refilled meanwhile), not 40`);
});
