// `kmip-server import FILE` from dist/, as typed, where it can go wrong: a target directory that
// does not exist, no master key, the wrong master key, a truncated file. Each says what to do and
// leaves nothing behind (no database, no key, no directory); the right key imports every object.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { freePort, kmip, kmipServer, requireBuilt, startKmipServerProcess } from '../helpers/built-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('kmip-import-');
const source = join(dir, 'source');
const exported = join(dir, 'objects.kmip-export');
let keyId = '';

before(async () => {
  requireBuilt();
  const home = join(dir, 'home');
  const conf = join(dir, 'server.conf');
  writeFileSync(conf, '[server]\nworkers = 1\n');
  const port = await freePort();
  const args = ['-f', conf, '-p', String(port), '--data-dir', source];
  const written = await kmipServer([...args, '--write-client-config'], { env: { HOME: home } });
  assert.equal(written.code, 0, written.stderr);
  const server = await startKmipServerProcess(args, { env: { HOME: home } });
  try {
    for (const name of ['imported-1', 'imported-2']) {
      const r = await kmip(['create', '--name', name], { env: { HOME: home } });
      assert.equal(r.code, 0, r.stderr);
    }
  } finally {
    await server.stop();
  }
  const r = await kmipServer(['export', exported, '-f', conf, '--data-dir', source]);
  assert.equal(r.code, 0, r.stderr);
  keyId = /master key (\w+)\)/.exec(r.stdout)?.[1] ?? '';
  assert.notEqual(keyId, '');
});

const conf = (): string => join(dir, 'server.conf');

describe('kmip-server import', { timeout: 240_000 }, () => {
  test('into a directory that does not exist: says to create it and bring the key; creates nothing', async () => {
    const target = join(dir, 'missing');
    const r = await kmipServer(['import', exported, '-f', conf(), '--data-dir', target]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `kmip-server import: ${target} does not exist, so nothing was imported. Create it (mkdir -p ${target}) and give it ` +
        `the master key the export was made under (key id ${keyId}): put it in ${target}/master.key, or set ` +
        'KMIP_MASTER_KEY; or import elsewhere with --data-dir DIR or -d FILE\n',
    );
    assert.ok(!existsSync(target));
  });

  test('with no master key: says which key is needed; creates nothing', async () => {
    const target = join(dir, 'no-key');
    mkdirSync(target);
    const r = await kmipServer(['import', exported, '-f', conf(), '--data-dir', target]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `no master key, so nothing was imported; the import needs the master key the export was made under \\(key id ${keyId}\\)`,
      ),
    );
    assert.deepEqual(readdirSync(target), []);
  });

  test('with the wrong master key: refused before a database is made', async () => {
    const target = join(dir, 'wrong-key');
    mkdirSync(target);
    writeFileSync(join(target, 'master.key'), `${randomBytes(32).toString('hex')}\n`);
    const r = await kmipServer(['import', exported, '-f', conf(), '--data-dir', target]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(`the export was made under master key ${keyId}, which this server does not have`),
    );
    assert.deepEqual(readdirSync(target), ['master.key']);
    const env = await kmipServer(['import', exported, '-f', conf(), '--data-dir', target], {
      env: { KMIP_MASTER_KEY: randomBytes(32).toString('hex') },
    });
    assert.equal(env.code, 1);
    assert.deepEqual(readdirSync(target), ['master.key']);
  });

  test('a truncated file with the right key: nothing imported, the new database removed', async () => {
    const target = join(dir, 'truncated');
    mkdirSync(target);
    copyFileSync(join(source, 'master.key'), join(target, 'master.key'));
    const lines = readFileSync(exported, 'utf8').trimEnd().split('\n');
    const cut = join(dir, 'cut.kmip-export');
    writeFileSync(cut, `${lines.slice(0, -1).join('\n')}\n`);
    const r = await kmipServer(['import', cut, '-f', conf(), '--data-dir', target]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no end marker; the export is truncated/);
    assert.deepEqual(readdirSync(target), ['master.key']);
  });

  test('with the right key: every object imported', async () => {
    const target = join(dir, 'right-key');
    mkdirSync(target);
    copyFileSync(join(source, 'master.key'), join(target, 'master.key'));
    const r = await kmipServer(['import', exported, '-f', conf(), '--data-dir', target]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `imported 2 objects from ${exported} into ${target}/kmip.sqlite\n`);
  });
});
