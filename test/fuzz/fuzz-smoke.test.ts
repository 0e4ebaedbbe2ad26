// A short fuzz run for CI (npm run fuzz runs the long one): 2,000 inputs mutated from the OASIS
// cases through the decoder, the framer and the engine, with no finding. Also checks that the
// mutator is deterministic (a finding can be reproduced from its seed) and does mutate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from './fuzz-loop.js';
import { decoderSeeds, loadOasisCases } from './corpus.js';
import { makeSeed, mutate, Rng } from './mutate.js';

test('2,000 fuzz inputs: only wire errors from the decoder, a Response Message from the engine every time', async () => {
  const { stats, findings } = await fuzz({
    runs: 2000,
    seed: 7,
    timeLimitMs: 5000,
    maxHeapMb: 512,
    epoch: 2000,
  });
  assert.deepEqual(
    findings.map(
      (f) =>
        `${f.kind} at ${f.index}: ${f.detail.split('\n')[0]} (${Buffer.from(f.input).toString('hex').slice(0, 200)})`,
    ),
    [],
  );
  assert.equal(stats.runs, 2000);
  assert.equal(stats.engineResponses, 2000);
  // The mutations keep a fair share of inputs decodable, and some reach operations that succeed.
  assert.ok(stats.decoded > 200, `only ${stats.decoded} inputs decoded`);
  assert.ok(stats.engineSuccessItems > 10, `only ${stats.engineSuccessItems} batch items succeeded`);
});

test('the mutator is deterministic for a seed and changes its input', () => {
  const seeds = decoderSeeds(loadOasisCases()).slice(0, 50).map(makeSeed);
  const run = (s: number): string[] => {
    const rng = new Rng(s);
    return Array.from({ length: 200 }, () =>
      Buffer.from(mutate(rng, rng.pick(seeds), seeds)).toString('hex'),
    );
  };
  assert.deepEqual(run(3), run(3));
  const originals = new Set(seeds.map((s) => Buffer.from(s.bytes).toString('hex')));
  const changed = run(3).filter((h) => !originals.has(h)).length;
  assert.ok(changed > 180, `only ${changed} of 200 inputs differ from their seed`);
});
