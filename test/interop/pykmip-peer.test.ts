// Checks the interop harness against the real pykmip-server: every scenario of the PyKMIP driver
// runs with PyKMIP's own clients, and the outcome must match the recorded baseline (which steps
// PyKMIP fails, which Result Reasons it answers). Results are written to .tmp/interop/pykmip-server/.
// Skipped when Debian's python3-pykmip is not installed.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PYKMIP_FAILURES, PYKMIP_REASONS, STEP_COUNTS } from './pykmip-baseline.js';
import { PYKMIP_SERVER_BIN, startPykmipServer, type RunningPykmipServer } from './pykmip-server.js';
import {
  SCENARIOS,
  pykmipUnavailableReason,
  reasonOf,
  runScenario,
  type DriverKmipVersion,
  type Scenario,
  type StepResult,
} from './run-driver.js';

const RESULTS_DIR = join('.tmp', 'interop', 'pykmip-server');

const RUNS: readonly (readonly [Scenario, DriverKmipVersion])[] = [
  ...SCENARIOS.map((scenario) => [scenario, '1.2'] as const),
  ...(['lifecycle', 'register', 'attributes', 'locate'] as const).flatMap((scenario) =>
    (['1.0', '1.4'] as const).map((version) => [scenario, version] as const),
  ),
];

function skipReason(): string | undefined {
  const python = pykmipUnavailableReason();
  if (python !== undefined) return python;
  if (!existsSync(PYKMIP_SERVER_BIN))
    return `${PYKMIP_SERVER_BIN} is missing (apt-get install python3-pykmip)`;
  return undefined;
}

function record(scenario: Scenario, version: string, results: readonly StepResult[]): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${scenario}@${version}.json`), JSON.stringify(results, null, 2) + '\n');
}

const skip = skipReason();

describe('PyKMIP clients against pykmip-server (Debian python3-pykmip 0.10)', { skip: skip ?? false }, () => {
  let server: RunningPykmipServer | undefined;

  before(async () => {
    server = await startPykmipServer();
  });
  after(async () => {
    await server?.stop();
  });

  for (const [scenario, version] of RUNS) {
    test(`scenario ${scenario} at KMIP ${version} gives PyKMIP's recorded outcome`, async () => {
      assert.ok(server, 'pykmip-server did not start');
      const results = await runScenario({ ...server.target, scenario, version });
      record(scenario, version, results);

      assert.equal(results.length, STEP_COUNTS[scenario], 'number of steps the driver ran');
      const failed = results.filter((r) => !r.ok);
      assert.deepEqual(
        failed.map((r) => r.step).sort(),
        Object.keys(PYKMIP_FAILURES[scenario]).sort(),
        `steps failing on pykmip-server:\n${JSON.stringify(failed, null, 1)}`,
      );
      const reasons = Object.fromEntries(
        results.filter((r) => r.ok && reasonOf(r) !== undefined).map((r) => [r.step, reasonOf(r)]),
      );
      assert.deepEqual(reasons, PYKMIP_REASONS[scenario], 'Result Reasons of the expected failures');
    });
  }

  test('the isolation steps see PyKMIP refuse another identity with "Could not locate object"', async () => {
    assert.ok(server, 'pykmip-server did not start');
    const results = await runScenario({ ...server.target, scenario: 'isolation' });
    const refused = results.find((r) => r.step === 'b_get_fails');
    assert.equal(refused?.ok, true);
    assert.match(String((refused?.detail as { message?: unknown }).message), /^Could not locate object: /);
  });
});
