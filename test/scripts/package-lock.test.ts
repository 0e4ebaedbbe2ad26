// `npm install` leaves package-lock.json as committed (git status stays clean) only when the
// lock's root entry declares the dependencies package.json declares, each in the same group with
// the same range, and every optional dependency (pkcs11js) and what only it needs is marked
// optional in the lock; otherwise npm rewrites the lock on the first install.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers/built-cli.js';

type Ranges = Readonly<Record<string, string>>;
interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Ranges;
  readonly devDependencies?: Ranges;
  readonly optionalDependencies?: Ranges;
}
interface LockEntry extends Partial<Manifest> {
  readonly optional?: boolean;
  readonly dev?: boolean;
}

const read = <T>(file: string): T => JSON.parse(readFileSync(join(REPO, file), 'utf8')) as T;

test('package-lock.json agrees with package.json, optional dependencies marked optional', () => {
  const manifest = read<Manifest>('package.json');
  const lock = read<{ name: string; version: string; packages: Readonly<Record<string, LockEntry>> }>(
    'package-lock.json',
  );
  assert.deepEqual([lock.name, lock.version], [manifest.name, manifest.version]);
  const root = lock.packages[''];
  assert.ok(root !== undefined, 'the lock has a root entry');
  for (const group of ['dependencies', 'devDependencies', 'optionalDependencies'] as const)
    assert.deepEqual(root[group] ?? {}, manifest[group] ?? {}, `${group} as in package.json`);
  for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
    const entry = lock.packages[`node_modules/${name}`];
    assert.ok(entry !== undefined, `${name} is in the lock`);
    assert.equal(entry.optional, true, `${name} is optional in the lock`);
  }
});
