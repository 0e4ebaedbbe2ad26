// PyKMIP 0.10's own integration suite (kmip/tests/integration: KMIPProxy and ProxyKmipClient, 35
// tests) against this project's server, run in place exactly as PyKMIP runs it: pytest from the
// suite's folder, `-m "not ignore" --config client`, the client configured by
// $HOME/.pykmip/pykmip.conf, the server holding the suite's policy.json in its policy_path. All 35
// must pass, none skipped. The suite lives outside the repository (Apache-2.0, unchanged): env
// KMIP_PYKMIP_SUITE, default <repo>/../shared/pykmip-integration. When the suite, Debian's
// python3-pykmip or pytest is missing the test is skipped locally and fails in CI
// (KMIP_REQUIRE_PYKMIP_SUITE=1, set by .ci/run, or CI=true).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { startTestServer } from '../helpers/kmip-test-server.js';
import { SYSTEM_PYTHON } from './run-driver.js';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SUITE = process.env['KMIP_PYKMIP_SUITE'] ?? join(REPO, '..', 'shared', 'pykmip-integration');
const SUITE_TESTS = join('kmip', 'tests', 'integration');
const EXPECTED_PASSED = 35;
const RUN_TIMEOUT_MS = 600_000;

const required = process.env['KMIP_REQUIRE_PYKMIP_SUITE'] === '1' || process.env['CI'] === 'true';

/** Why the suite cannot run here, or undefined when it can. */
function unavailableReason(): string | undefined {
  if (!existsSync(join(SUITE, SUITE_TESTS, 'conftest.py')) || !existsSync(join(SUITE, 'policy.json'))) {
    return `PyKMIP's integration suite is not at ${SUITE} (set KMIP_PYKMIP_SUITE to its folder)`;
  }
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import kmip.pie.client, pytest, testtools, mock'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error) return `${SYSTEM_PYTHON} cannot run: ${probe.error.message}`;
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').pop() ?? '';
    return `${SYSTEM_PYTHON} lacks a module (apt-get install python3-pykmip python3-pytest python3-testtools python3-mock): ${last}`;
  }
  return undefined;
}

interface PytestOutcome {
  readonly counts: Readonly<Record<string, number>>;
  readonly output: string;
  readonly exitCode: number | null;
}

/** pytest's last summary line, e.g. "2 failed, 33 passed, 1 skipped, 3 deselected in 9.1s". */
function parsePytestSummary(output: string): Record<string, number> {
  const lines = output.trim().split('\n');
  const summary = [...lines].reverse().find((line) => /\d+ \w+.* in [\d.]+s/.test(line)) ?? '';
  const counts: Record<string, number> = {};
  for (const match of summary.matchAll(/(\d+) (passed|failed|skipped|errors?|deselected|xfailed|xpassed)/g)) {
    const word = match[2] === 'error' ? 'errors' : (match[2] ?? '');
    counts[word] = Number(match[1]);
  }
  return counts;
}

function runPytest(home: string): Promise<PytestOutcome> {
  return new Promise((resolvePromise, reject) => {
    const args = ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-m', 'not ignore', SUITE_TESTS];
    const child = spawn(SYSTEM_PYTHON, [...args, '--config', 'client'], {
      cwd: SUITE,
      env: { ...process.env, HOME: home, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({ counts: parsePytestSummary(output), output, exitCode });
    });
  });
}

const unavailable = unavailableReason();
const skip = unavailable !== undefined && !required ? unavailable : false;

describe("PyKMIP 0.10's integration suite against kmip-ts", { skip }, () => {
  test(
    `${EXPECTED_PASSED} passed, none failed or skipped`,
    { timeout: RUN_TIMEOUT_MS + 60_000 },
    async () => {
      assert.equal(unavailable, undefined, `required in CI: ${unavailable ?? ''}`);
      const scratch = mkdtempSync(join(tmpdir(), 'kmip-pykmip-suite-'));
      try {
        const policies = join(scratch, 'policies');
        mkdirSync(policies);
        copyFileSync(join(SUITE, 'policy.json'), join(policies, 'policy.json'));
        const server = await startTestServer({ server: { policyPath: policies } });
        try {
          const home = join(scratch, 'home');
          mkdirSync(join(home, '.pykmip'), { recursive: true });
          writeFileSync(
            join(home, '.pykmip', 'pykmip.conf'),
            [
              '[client]',
              `host=${server.host}`,
              `port=${server.port}`,
              `certfile=${server.certs.client.cert}`,
              `keyfile=${server.certs.client.key}`,
              `ca_certs=${server.certs.ca.cert}`,
              'cert_reqs=CERT_REQUIRED',
              'ssl_version=PROTOCOL_TLSv1_2',
              'do_handshake_on_connect=True',
              'suppress_ragged_eofs=True',
              '',
            ].join('\n'),
          );
          const outcome = await runPytest(home);
          const report = `pytest exited with ${outcome.exitCode}:\n${outcome.output.slice(-20_000)}`;
          assert.deepEqual(
            {
              passed: outcome.counts['passed'] ?? 0,
              failed: outcome.counts['failed'] ?? 0,
              skipped: outcome.counts['skipped'] ?? 0,
              errors: outcome.counts['errors'] ?? 0,
            },
            { passed: EXPECTED_PASSED, failed: 0, skipped: 0, errors: 0 },
            report,
          );
          assert.equal(outcome.exitCode, 0, report);
        } finally {
          await server.stop();
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});
