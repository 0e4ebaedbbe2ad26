import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Histogram } from './histogram.js';

test('quantiles are within 1% of the exact values', () => {
  const h = new Histogram();
  const values: number[] = [];
  for (let i = 1; i <= 10_000; i++) {
    const v = (i * 7919) % 100_000;
    values.push(Math.max(1, v));
    h.record(v);
  }
  values.sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99]) {
    const exact = values[Math.ceil(q * values.length) - 1]!;
    const got = h.quantile(q);
    assert.ok(Math.abs(got - exact) / exact <= 0.011, `q${q}: ${got} vs ${exact}`);
  }
  assert.equal(h.count, 10_000);
  assert.equal(h.max, values[values.length - 1]);
});

test('merging two histograms counts both', () => {
  const a = new Histogram();
  const b = new Histogram();
  a.record(10);
  b.record(1000);
  a.merge(b);
  assert.equal(a.count, 2);
  assert.equal(a.max, 1000);
});
