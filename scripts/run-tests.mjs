#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner and tsx (Node 20's --test has
// no glob support, so the files are listed here). Extra arguments filter by path substring.
// The tests get a private temp directory (TMPDIR), and each test file one of its own inside it
// (scripts/test-tmpdir.mjs): a file that leaves anything there fails, and the run fails when
// anything is left in the private directory at the end (a process that outlived its test file).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

const roots = ['src', 'test'];
const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
}
for (const root of roots) walk(root);
const selected = files.filter((f) => filters.length === 0 || filters.some((p) => f.includes(p))).sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// tsx keeps its compile cache in $TMPDIR/tsx-<uid>: link the real one in so it stays warm.
const tsxCacheName = `tsx-${process.geteuid?.() ?? userInfo().username}`;
const tsxCache = join(tmpdir(), tsxCacheName);
mkdirSync(tsxCache, { recursive: true, mode: 0o700 });
// A short name: tests put Unix sockets (PostgreSQL, Python's multiprocessing) two levels below.
const privateTmp = mkdtempSync(join(tmpdir(), 'kt-'));
symlinkSync(tsxCache, join(privateTmp, tsxCacheName));

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const child = spawn(
  process.execPath,
  [
    '--openssl-legacy-provider',
    '--import',
    'tsx',
    '--import',
    './scripts/test-tmpdir.mjs',
    '--test',
    `--test-concurrency=${concurrency}`,
    ...selected,
  ],
  { stdio: 'inherit', env: { ...process.env, TMPDIR: privateTmp, KMIP_TEST_TSX_CACHE: tsxCache } },
);
// Ctrl-C or a timeout's SIGTERM: the tests stop, and the private directory still goes.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
const left = readdirSync(privateTmp).filter((n) => n !== tsxCacheName);
rmSync(privateTmp, { recursive: true, force: true });
if (left.length > 0) {
  console.error(`the tests left ${left.length} entries in the temp directory: ${left.join(', ')}`);
  process.exit(1);
}
process.exit(status);
