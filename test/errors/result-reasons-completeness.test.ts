// Keeps the Result Reason table complete: every `ResultReason.<Name>` the server's code names must
// have a scenario in reason-table.ts, so a new reason without a test fails the suite. Also checks the
// table's own consistency and that the 2.x-only reasons a 1.x client can meet have a 1.x equivalent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFiles } from '../helpers/source-files.js';
import { Operation, ResultReason } from '../../src/spec/generated/enums.js';
import { KMIP_VERSIONS, enumValueExistsIn, type KmipVersion } from '../../src/spec/registry.js';
import { reasonForVersion } from '../../src/messages/result-reason-version.js';
import { REASON_SCENARIOS, SCENARIO_TABLES } from './reason-table.js';
import type { ReasonName } from './scenarios.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Code under src/ that names reasons without returning them. */
const NOT_PRODUCERS: readonly string[] = [
  'src/spec/generated/', // the registry: every reason of every version
  'src/client/', // the client library: interprets the reasons in responses
  'src/cli/', // the command-line tools: print them
  // Maps 2.x reasons to 1.x ones; each mapping a scenario meets is checked at its 1.x version.
  'src/messages/result-reason-version.ts',
];

/** Reason name -> the files (relative to the repo) that name it. */
function producedReasons(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const path of sourceFiles(join(ROOT, 'src'))) {
    const rel = relative(ROOT, path).split(sep).join('/');
    if (NOT_PRODUCERS.some((p) => rel.startsWith(p))) continue;
    for (const m of readFileSync(path, 'utf8').matchAll(/\bResultReason\.([A-Za-z0-9_]+)/g)) {
      const name = m[1] ?? '';
      found.set(name, [...new Set([...(found.get(name) ?? []), rel])]);
    }
  }
  return found;
}

const PRODUCED = producedReasons();
const code = (name: string): number => ResultReason[name as ReasonName];
const tableEntries = Object.entries(REASON_SCENARIOS);

test('the scan of src/ finds the reasons the server returns (and only real Result Reasons)', () => {
  assert.ok(PRODUCED.size >= 30, `only ${PRODUCED.size} reasons found: is the scan still reading src/?`);
  for (const name of ['ItemNotFound', 'InvalidMessage', 'ResponseTooLarge', 'OperationNotSupported']) {
    assert.ok(PRODUCED.has(name), `${name} not found in src/`);
  }
  const unknown = [...PRODUCED.keys()].filter((n) => !(n in ResultReason));
  assert.deepEqual(unknown, [], 'names that are not Result Reasons');
});

test('every Result Reason named in src/ has a scenario that provokes it', () => {
  const missing = [...PRODUCED.entries()]
    .filter(([name]) => REASON_SCENARIOS[name as ReasonName] === undefined)
    .map(([name, files]) => `${name} (named in ${files.join(', ')})`);
  assert.deepEqual(missing, [], 'add a scenario to test/errors/scenarios-*.ts for each of these');
});

/** 1.x reasons a reply carries for a reason src/ returns (result-reason-version.ts), by any operation. */
function mappedTo(name: string): boolean {
  const target = code(name);
  const operations = Object.values(Operation);
  return [...PRODUCED.keys()].some((produced) =>
    operations.some((op) => reasonForVersion(code(produced), '1.4', op) === target),
  );
}

test('every scenario is for a reason src/ returns, unless it is marked todo', () => {
  const stale = tableEntries
    .filter(([name, s]) => !PRODUCED.has(name) && !mappedTo(name) && s.todo === undefined)
    .map(([n]) => n);
  assert.deepEqual(stale, [], 'scenarios for reasons no server code returns: mark them todo or remove them');
});

test('no reason has scenarios in two tables (one would silently replace the other)', () => {
  const seen = new Map<string, string>();
  for (const [file, table] of Object.entries(SCENARIO_TABLES)) {
    for (const name of Object.keys(table)) {
      assert.equal(seen.get(name), undefined, `${name} is in ${seen.get(name) ?? ''} and ${file}`);
      seen.set(name, file);
    }
  }
});

test('each scenario expects its own reason first, at a version that defines it', () => {
  for (const [name, s] of tableEntries) {
    const [first] = s.at;
    assert.ok(first !== undefined, `${name} has no version to run at`);
    assert.equal(first[1], name, `${name}'s first version must expect ${name}`);
    for (const [version, expected] of s.at) {
      const v = version as KmipVersion;
      assert.ok(KMIP_VERSIONS.includes(v), `${name}: ${version} is not a KMIP version`);
      assert.ok(
        enumValueExistsIn('ResultReason', code(expected), v),
        `${expected} does not exist in KMIP ${v}`,
      );
      if (expected !== name) {
        // Another reason stands in only where result-reason-version.ts answers with it.
        assert.equal(
          reasonForVersion(code(name), v),
          code(expected),
          `${name} is answered as itself in ${v}: expect it there`,
        );
      }
    }
  }
});

/** 2.x-only reasons no 1.x request reaches: only KMIP 2.x operations return them. */
const ONLY_FROM_2X_OPERATIONS: ReadonlyMap<string, string> = new Map([
  ['InvalidDataType', 'Adjust Attribute'],
  ['NumericRange', 'Adjust Attribute'],
  ['PKCS_11InvalidFunction', 'PKCS#11'],
  ['PKCS_11InvalidInterface', 'PKCS#11'],
]);

/** 2.x-only reasons a 1.3/1.4 client can meet that result-reason-version.ts does not map yet. */
const KNOWN_1X_GAPS: ReadonlyMap<string, string> = new Map([]);

for (const name of [...PRODUCED.keys()].sort()) {
  if (!(name in ResultReason) || enumValueExistsIn('ResultReason', code(name), '1.4')) continue;
  if (ONLY_FROM_2X_OPERATIONS.has(name)) continue;
  const gap = KNOWN_1X_GAPS.get(name);
  const todo =
    gap === undefined ? {} : { todo: `no 1.x equivalent: a 1.4 client gets General Failure (${gap})` };
  test(`the 2.x-only ${name} reaches a 1.4 client as a 1.4 reason other than General Failure`, todo, () => {
    assert.notEqual(reasonForVersion(code(name), '1.4'), ResultReason.GeneralFailure);
  });
}
