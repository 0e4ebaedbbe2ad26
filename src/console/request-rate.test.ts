import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestRateHistory } from './request-rate.js';

test('each interval becomes requests and errors per second; a counter reset counts from zero; old samples go', async () => {
  let now = 0;
  const totals = [
    { requests: 0, errors: 0 },
    { requests: 100, errors: 10 },
    { requests: 400, errors: 10 },
    { requests: 50, errors: 5 },
    { requests: 150, errors: 5 },
  ];
  let i = 0;
  const h = new RequestRateHistory({
    read: async () => totals[i++] ?? { requests: 0, errors: 0 },
    keep: 3,
    now: () => now,
  });
  for (let k = 0; k < totals.length; k++) {
    await h.sample();
    now += 10_000;
  }
  assert.deepEqual(
    h.samples().map((s) => [s.requestsPerSecond, s.errorsPerSecond]),
    [
      [30, 0],
      [5, 0.5],
      [10, 0],
    ],
  );
  assert.equal(h.samples()[2]?.at, new Date(40_000).toISOString());
});

test('counters that cannot be read leave a gap, not a wrong rate', async () => {
  let now = 0;
  let fail = false;
  const h = new RequestRateHistory({
    read: async () => {
      if (fail) throw new Error('workers did not answer');
      return { requests: now / 100, errors: 0 };
    },
    now: () => now,
  });
  await h.sample();
  now = 10_000;
  fail = true;
  await h.sample();
  fail = false;
  now = 20_000;
  await h.sample();
  assert.deepEqual(
    h.samples().map((s) => s.requestsPerSecond),
    [10],
  );
});
