#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner and tsx (Node 20's --test has
// no glob support, so the files are listed here). Extra arguments filter by path substring.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  [
    '--openssl-legacy-provider',
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    ...selected,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
