// The test suite's temp-directory check (scripts/run-tests.mjs + scripts/test-tmpdir.mjs): a test
// file that leaves anything in the temp directory fails, naming what it left, and the directory
// goes either way; a file that cleans up passes. Run on throwaway test files, as run-tests does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers/built-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

function runTestFile(body: string): { status: number | null; output: string; left: string[] } {
  const dir = tempDir('kmip-hygiene-');
  const tmp = join(dir, 'tmp');
  const cache = join(dir, 'tsx-cache');
  mkdirSync(tmp);
  mkdirSync(cache);
  const file = join(dir, 'fixture.test.mjs');
  writeFileSync(file, body);
  // A test runner of its own, not a child of this one.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(
    process.execPath,
    ['--import', join(REPO, 'scripts', 'test-tmpdir.mjs'), '--test', '--test-reporter=tap', file],
    { env: { ...env, TMPDIR: tmp, KMIP_TEST_TSX_CACHE: cache }, encoding: 'utf8' },
  );
  return { status: r.status, output: r.stdout + r.stderr, left: readdirSync(tmp) };
}

const HEAD = `import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
`;

test('a test file that leaves a directory in the temp directory fails and names it', () => {
  const r = runTestFile(`${HEAD}test('leaks', () => { mkdtempSync(join(tmpdir(), 'left-behind-')); });\n`);
  assert.equal(r.status, 1, r.output);
  assert.match(
    r.output,
    /fixture\.test\.mjs left 1 entry in the temp directory \(a test must remove what it makes, also when it fails\): left-behind-\w{6}/,
  );
  assert.deepEqual(r.left, [], "the file's own temp directory is removed anyway");
});

test('a test file that removes what it made passes; the tsx cache link is not a leak', () => {
  const r = runTestFile(
    `${HEAD}test('cleans', () => { const d = mkdtempSync(join(tmpdir(), 'tidy-')); rmSync(d, { recursive: true }); });\n`,
  );
  assert.equal(r.status, 0, r.output);
  assert.deepEqual(r.left, []);
});

test('fixtures removed by an exit handler (test/helpers/temp-dir.ts removeOnExit) count as removed', () => {
  const r = runTestFile(
    `${HEAD}process.on('exit', () => rmSync(dir, { recursive: true, force: true }));\nconst dir = mkdtempSync(join(tmpdir(), 'shared-'));\ntest('uses a shared fixture', () => {});\n`,
  );
  assert.equal(r.status, 0, r.output);
});
