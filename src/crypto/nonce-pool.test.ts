import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshNonce } from './nonce-pool.js';

test('each nonce is fresh: the asked length, never repeated across many block refills', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const n = freshNonce(12);
    assert.equal(n.length, 12);
    const hex = n.toString('hex');
    assert.ok(!seen.has(hex), 'a nonce was handed out twice');
    seen.add(hex);
  }
});

test('a nonce is the caller’s own copy: changing it changes no later nonce', () => {
  const a = freshNonce(16);
  a.fill(0xaa);
  const b = freshNonce(16);
  assert.notDeepEqual(b, Buffer.alloc(16, 0xaa));
});

test('sizes beyond the pooled range and zero are served', () => {
  assert.equal(freshNonce(0).length, 0);
  assert.equal(freshNonce(1000).length, 1000);
  assert.notDeepEqual(freshNonce(1000), Buffer.alloc(1000));
});

test('the bytes look random: every byte value appears over 64 KiB of nonces', () => {
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < 4096; i++) for (const b of freshNonce(16)) counts[b]!++;
  assert.ok(counts.every((c) => c > 0));
});
