import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SplitKeyMethod as SKM } from '../spec/generated/enums.js';
import { gf16Inv, gf16Mul, gf8Inv, gf8Mul, joinSecret, splitSecret, type Share } from './split-key.js';

/** Every subset of `k` of the indexes 0 … n-1. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

function sharesOf(all: readonly Buffer[], pick: readonly number[]): Share[] {
  return pick.map((i) => ({ x: i + 1, y: all[i] ?? Buffer.alloc(0) }));
}

test('GF(2^8) is the field of 0x11D: x·0x80 wraps to 0x1D, 2 generates all 255 units, every unit has an inverse', () => {
  assert.equal(gf8Mul(2, 0x80), 0x1d);
  assert.equal(gf8Mul(0x53, 0xca), gf8Mul(0xca, 0x53));
  const seen = new Set<number>();
  let g = 1;
  for (let i = 0; i < 255; i++) {
    seen.add(g);
    g = gf8Mul(g, 2);
  }
  assert.equal(seen.size, 255);
  for (let a = 1; a < 256; a++) assert.equal(gf8Mul(a, gf8Inv(a)), 1, `inverse of ${a}`);
  // Distributive over XOR for a sample.
  for (const [a, b, c] of [
    [0x57, 0x83, 0x13],
    [0xff, 0x01, 0xfe],
  ] as const) {
    assert.equal(gf8Mul(a, b ^ c), gf8Mul(a, b) ^ gf8Mul(a, c));
  }
});

test('GF(2^16): y·y = y + m (m = 0x3A), the spec inverse formula inverts every unit, multiplication associates', () => {
  const y = 0x0100;
  assert.equal(gf16Mul(y, y), 0x0100 ^ 0x3a);
  for (let a = 1; a < 0x10000; a++) {
    if (gf16Mul(a, gf16Inv(a)) !== 1) assert.fail(`inverse of ${a.toString(16)}`);
  }
  for (const [a, b, c] of [
    [0x1234, 0xabcd, 0x0f0f],
    [0xffff, 0x0102, 0x8000],
  ] as const) {
    assert.equal(gf16Mul(gf16Mul(a, b), c), gf16Mul(a, gf16Mul(b, c)));
    assert.equal(gf16Mul(a, b ^ c), gf16Mul(a, b) ^ gf16Mul(a, c));
  }
});

test('XOR: all parts give the key back, all but one do not', () => {
  const key = randomBytes(32);
  const parts = splitSecret(key, { method: SKM.XOR, parts: 4, threshold: 4 });
  assert.equal(parts.length, 4);
  assert.deepEqual(joinSecret(sharesOf(parts, [0, 1, 2, 3]), SKM.XOR, 32), key);
  assert.notDeepEqual(joinSecret(sharesOf(parts, [0, 1, 2]), SKM.XOR, 32), key);
  assert.throws(() => splitSecret(key, { method: SKM.XOR, parts: 4, threshold: 2 }), RangeError);
});

for (const [name, method, length] of [
  ['GF(2^8)', SKM.PolynomialSharingGF28, 32],
  ['GF(2^16)', SKM.PolynomialSharingGF216, 32],
  ['GF(2^16), odd length', SKM.PolynomialSharingGF216, 21],
] as const) {
  test(`Shamir over ${name}: every 3 of 5 parts recover the key, no 2 do`, () => {
    const key = randomBytes(length);
    const parts = splitSecret(key, { method, parts: 5, threshold: 3 });
    for (const pick of subsets(5, 3))
      assert.deepEqual(joinSecret(sharesOf(parts, pick), method, length), key);
    for (const pick of subsets(5, 4))
      assert.deepEqual(joinSecret(sharesOf(parts, pick), method, length), key);
    for (const pick of subsets(5, 2))
      assert.notDeepEqual(joinSecret(sharesOf(parts, pick), method, length), key, `parts ${pick.join()}`);
  });
}

test('Shamir over GF(2^8): a share alone is not the key (threshold 2)', () => {
  const key = Buffer.alloc(16, 0x42);
  const parts = splitSecret(key, { method: SKM.PolynomialSharingGF28, parts: 2, threshold: 2 });
  assert.notDeepEqual(parts[0], key);
  assert.notDeepEqual(parts[1], key);
});

test('Shamir over the prime field 2^130 - 5: every 2 of 3 parts recover a 128-bit key, one does not', () => {
  const prime = (1n << 130n) - 5n;
  const key = randomBytes(16);
  const method = SKM.PolynomialSharingPrimeField;
  const parts = splitSecret(key, { method, parts: 3, threshold: 2, prime });
  for (const p of parts) assert.equal(p.length, 17, 'shares are as wide as the prime');
  for (const pick of subsets(3, 2))
    assert.deepEqual(joinSecret(sharesOf(parts, pick), method, 16, prime), key);
  for (const pick of subsets(3, 1)) {
    let joined: Buffer | undefined;
    try {
      joined = joinSecret(sharesOf(parts, pick), method, 16, prime);
    } catch (err) {
      assert.ok(err instanceof RangeError); // f(x) mod p is usually above 2^128
    }
    if (joined !== undefined) assert.notDeepEqual(joined, key);
  }
  assert.throws(() => splitSecret(key, { method, parts: 3, threshold: 2 }), RangeError);
});
