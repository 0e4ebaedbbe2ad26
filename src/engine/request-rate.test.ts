// The per-identity token bucket behind max_requests_per_second: a second's worth at once, then the
// configured rate; identities apart; partial grants for leases; idle full buckets dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localAdmission, RequestRateLimiter } from './request-rate.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

test('a burst of one second’s worth, then the rate; each identity on its own', () => {
  const c = clock();
  const r = new RequestRateLimiter(10, c.now);
  let taken = 0;
  for (let i = 0; i < 25; i++) taken += r.take('alice');
  assert.equal(taken, 10);
  assert.equal(r.take('bob', 10), 10, 'bob has his own bucket');
  c.advance(300);
  assert.equal(r.take('alice', 10), 3, '300 ms at 10/s refill 3');
  c.advance(5_000);
  assert.equal(r.take('alice', 100), 10, 'never more than a second’s worth');
});

test('a lease asking more than is left gets what is left', () => {
  const c = clock();
  const r = new RequestRateLimiter(5, c.now);
  assert.equal(r.take('alice', 4), 4);
  assert.equal(r.take('alice', 4), 1);
  assert.equal(r.take('alice', 4), 0);
});

test('buckets that have filled up again are dropped (memory stays bounded)', () => {
  const c = clock();
  const r = new RequestRateLimiter(100, c.now);
  for (let i = 0; i < 50; i++) r.take(`id-${i}`);
  assert.equal(r.size, 50);
  c.advance(10_001);
  r.take('again');
  assert.equal(r.size, 1);
});

test('localAdmission: undefined to go ahead, else the reason naming identity and rate', () => {
  const c = clock();
  const a = localAdmission(new RequestRateLimiter(1, c.now));
  assert.equal(a.admit('alice'), undefined);
  assert.equal(
    a.admit('alice'),
    'alice sends more than max_requests_per_second (1) requests a second; slow down and retry',
  );
});
