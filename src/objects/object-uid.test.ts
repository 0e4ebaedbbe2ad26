import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newObjectUid } from './object-uid.js';

const FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a new identifier is a canonical UUID of version 7 and the RFC 9562 variant', () => {
  for (let i = 0; i < 1000; i++) assert.match(newObjectUid(), FORM);
});

test('the first 48 bits are the time in milliseconds (RFC 9562 test vector time 0x017F22E279B0)', () => {
  const uid = newObjectUid(0x017f22e279b0);
  assert.equal(uid.slice(0, 13), '017f22e2-79b0');
});

test('identifiers sort by creation time, so the store index appends them', () => {
  const earlier = newObjectUid(1_700_000_000_000);
  const later = newObjectUid(1_700_000_000_001);
  assert.ok(earlier < later);
  const sequence = Array.from({ length: 50 }, (_, i) => newObjectUid(1_700_000_000_000 + i * 7));
  assert.deepEqual([...sequence].sort(), sequence);
});

test('identifiers made in the same millisecond all differ', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 20000; i++) seen.add(newObjectUid(1_700_000_000_000));
  assert.equal(seen.size, 20000);
});
