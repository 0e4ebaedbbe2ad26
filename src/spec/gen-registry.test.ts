// Runs scripts/gen-registry.ts: --check passes on the committed files, with and without the spec
// text, and fails when a generated file or the data it comes from is changed by hand.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const NO_SPEC = { KMIP_SPEC_DIR: '/nonexistent/kmip-spec' };

function generator(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-registry.ts', ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A scratch copy of what the generator reads and writes, so a test can break it safely. */
function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-registry-'));
  for (const path of [
    'scripts/gen-registry.ts',
    'src/spec',
    'src/ttlv',
    'src/messages/payloads/generated',
    'package.json',
    '.prettierrc.json',
    '.prettierignore',
  ]) {
    cpSync(join(repo, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

test('gen-registry --check passes on the committed registry', () => {
  const run = generator(repo, ['--check']);
  assert.equal(run.status, 0, run.output);
  assert.match(run.output, /checked: \d+ tags/);
});

test('gen-registry --check works on a plain clone, without the spec text', () => {
  const run = generator(repo, ['--check'], NO_SPEC);
  assert.equal(run.status, 0, run.output);
  assert.match(run.output, /JSON -> TS only/);
});

test('gen-registry --check fails on a hand-edited generated file, and regenerating fixes it', () => {
  const dir = scratchCopy();
  try {
    appendFileSync(join(dir, 'src/spec/generated/enums.ts'), '\n// edited\n');
    const broken = generator(dir, ['--check'], NO_SPEC);
    assert.equal(broken.status, 1, broken.output);
    assert.match(broken.output, /src\/spec\/generated\/enums\.ts/);
    assert.equal(generator(dir, [], NO_SPEC).status, 0);
    assert.equal(generator(dir, ['--check'], NO_SPEC).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gen-registry --check fails on a hand-edited payload type, and regenerating fixes it', () => {
  const dir = scratchCopy();
  try {
    const path = join(dir, 'src/messages/payloads/generated/types.ts');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('readonly objectType: number;', 'readonly objectType: string;'),
    );
    const broken = generator(dir, ['--check'], NO_SPEC);
    assert.equal(broken.status, 1, broken.output);
    assert.match(broken.output, /src\/messages\/payloads\/generated\/types\.ts/);
    assert.equal(generator(dir, [], NO_SPEC).status, 0);
    assert.equal(generator(dir, ['--check'], NO_SPEC).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gen-registry --check fails when the data changes but the generated files do not', () => {
  const dir = scratchCopy();
  try {
    const path = join(dir, 'src/spec/data/versions.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"0x4200D5": "1.3"', '"0x4200D5": "1.2"'));
    const run = generator(dir, ['--check'], NO_SPEC);
    assert.equal(run.status, 1, run.output);
    assert.match(run.output, /src\/spec\/generated\/tags\.ts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
