// The opt-in SLUGS cache: only users SLUGS knew are kept, for the configured time; refusals and
// outages are asked again on the next request; concurrent lookups of a user share one exchange.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { SlugsAnswerCache } from './slugs-cache.js';
import { SlugsFailure, type SlugsResult } from './slugs.js';

const known = (user: string, groups: string[] = ['g']): SlugsResult => ({ ok: true, userId: user, groups });
const refused = (failure: SlugsFailure): SlugsResult => ({ ok: false, failure, detail: failure });

/** An ask() that answers from `answers` in turn and counts its calls. */
function asker(...answers: SlugsResult[]): { ask: () => Promise<SlugsResult>; calls: () => number } {
  let calls = 0;
  return {
    ask: () => {
      const next = answers[Math.min(calls, answers.length - 1)];
      calls++;
      return next === undefined ? Promise.reject(new Error('no answer')) : Promise.resolve(next);
    },
    calls: () => calls,
  };
}

test('a known user is served from the cache until its time is up, counted from when it was asked', async () => {
  let now = 0;
  const cache = new SlugsAnswerCache({ ttlMs: 10_000, now: () => now });
  const a = asker(known('alice', ['A']), known('alice', ['B']));
  assert.deepEqual(await cache.lookup('alice', a.ask), known('alice', ['A']));
  now = 9_999;
  assert.deepEqual(await cache.lookup('alice', a.ask), known('alice', ['A']));
  assert.equal(a.calls(), 1);
  now = 10_000;
  assert.deepEqual(await cache.lookup('alice', a.ask), known('alice', ['B']));
  assert.equal(a.calls(), 2);
});

for (const failure of Object.values(SlugsFailure)) {
  test(`a ${failure} answer is never served from the cache: the next lookup asks again`, async () => {
    const cache = new SlugsAnswerCache({ ttlMs: 60_000 });
    const a = asker(refused(failure), known('bob'));
    assert.equal((await cache.lookup('bob', a.ask)).ok, false);
    assert.deepEqual(await cache.lookup('bob', a.ask), known('bob'));
    assert.equal(a.calls(), 2);
  });
}

test('an ask that throws is not kept either', async () => {
  const cache = new SlugsAnswerCache({ ttlMs: 60_000 });
  await assert.rejects(
    cache.lookup('bob', () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.deepEqual(await cache.lookup('bob', () => Promise.resolve(known('bob'))), known('bob'));
});

test('concurrent lookups of one user share one exchange, refused or not', async () => {
  const cache = new SlugsAnswerCache({ ttlMs: 60_000 });
  const a = asker(refused(SlugsFailure.UnknownUser));
  const answers = await Promise.all([cache.lookup('eve', a.ask), cache.lookup('eve', a.ask)]);
  assert.equal(a.calls(), 1);
  assert.deepEqual(answers[0], answers[1]);
  await cache.lookup('eve', a.ask);
  assert.equal(a.calls(), 2, 'once settled, the refusal is not reused');
});

test('keeps at most `max` users, dropping the oldest; clear() forgets all', async () => {
  const cache = new SlugsAnswerCache({ ttlMs: 60_000, max: 2 });
  const counts = new Map<string, number>();
  const ask = (user: string) => () => {
    counts.set(user, (counts.get(user) ?? 0) + 1);
    return Promise.resolve(known(user));
  };
  for (const user of ['alice', 'bob', 'carol', 'carol', 'bob', 'alice']) await cache.lookup(user, ask(user));
  assert.deepEqual(Object.fromEntries(counts), { alice: 2, bob: 1, carol: 1 });
  cache.clear();
  await cache.lookup('bob', ask('bob'));
  assert.equal(counts.get('bob'), 2);
});

test('a cache needs a lifetime above 0', () => {
  assert.throws(() => new SlugsAnswerCache({ ttlMs: 0 }), RangeError);
});
