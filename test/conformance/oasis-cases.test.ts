// Replays every OASIS KMIP 1.4 and 2.1 profile test case in test/vectors/oasis against the engine
// (a fresh in-memory server per case; TL and SASED cases share one per profile, as they build on
// each other) and compares each response with the case's expected one (src/conformance).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHarness } from '../helpers/engine-harness.js';
import { formatTable } from '../../src/conformance/report.js';
import { profileOf } from '../../src/conformance/case-names.js';
import { listCaseFiles, runSuite } from '../../src/conformance/suite.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { KNOWN_FAILURES } from '../../src/conformance/known-failures.js';

const REQUIRED_PROFILES = new Set(['BL', 'SKLC', 'AKLC', 'AX', 'QS', 'OMOS']);

test('the OASIS profile cases pass, but for the listed known failures', async () => {
  const files = listCaseFiles('test/vectors/oasis');
  assert.equal(files.length, 252, 'all 252 vendored cases are found (84 v1.0, 84 v1.4, 84 v2.1)');
  const results = await runSuite(files, async () => {
    const h = await createHarness();
    return {
      send: async (req) => decodeTtlv(await h.engine.handleMessage(req, { identity: 'conformance' })),
      close: () => h.close(),
    };
  });
  const table = formatTable(results, KNOWN_FAILURES);
  const unexpected = results.filter((r) => !r.passed && KNOWN_FAILURES[r.name] === undefined);
  const healed = results.filter((r) => r.passed && KNOWN_FAILURES[r.name] !== undefined).map((r) => r.name);
  assert.deepEqual(
    unexpected.map((r) => `${r.name} step ${r.step}: ${r.difference}`),
    [],
    `cases that fail and are not known failures:\n${table}`,
  );
  assert.deepEqual(healed, [], 'known failures that now pass: remove them from known-failures.ts');
  const requiredFailing = results.filter((r) => !r.passed && REQUIRED_PROFILES.has(profileOf(r.name)));
  for (const r of requiredFailing) {
    assert.ok(
      KNOWN_FAILURES[r.name],
      `${r.name} is in a required profile and fails without a recorded reason`,
    );
  }
});
