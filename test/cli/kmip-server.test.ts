// kmip-server as users start it, from dist/: with no configuration it keeps its state in
// ~/.local/share/kmip-ts (never in the working directory), says at start-up which files it uses,
// writes the client's pykmip.conf on request, answers `kmip` over mutual TLS, stops on SIGTERM
// and reuses everything next time. With database_path set the master key and certificates sit
// beside the database; an earlier ./data installation keeps working; a database without its key
// is refused (no new key made); a port in use is one line, once, whatever the worker count.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { freePort, kmip, kmipServer, requireBuilt, startKmipServerProcess } from '../helpers/built-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

before(requireBuilt);

const emptyConf = (dir: string): string => {
  const path = join(dir, 'server.conf');
  writeFileSync(path, '[server]\n');
  return path;
};

describe('first run with no configuration', { timeout: 240_000 }, () => {
  test('state in ~/.local/share/kmip-ts, files named at start-up, client config written, kmip works, reused next time', async () => {
    const home = tempDir('kmip-first-run-home-');
    const cwd = tempDir('kmip-first-run-cwd-');
    const env = { HOME: home, XDG_DATA_HOME: '' };
    const port = await freePort();
    const args = ['-p', String(port), '--workers', '1'];
    const state = join(home, '.local', 'share', 'kmip-ts');

    const written = await kmipServer([...args, '--write-client-config'], { env, cwd });
    assert.equal(written.code, 0, written.stderr);
    const conf = join(home, '.pykmip', 'pykmip.conf');
    assert.match(
      written.stdout,
      new RegExp(`^wrote ${conf}: the \\[client\\] section for 127\\.0\\.0\\.1:${port}`),
    );
    assert.match(
      readFileSync(conf, 'utf8'),
      new RegExp(
        `^\\[client\\]\\nhost=127\\.0\\.0\\.1\\nport=${port}\\ncertfile=${state}/certs/client\\.crt\\n`,
      ),
    );

    const first = await startKmipServerProcess(args, { env, cwd });
    try {
      const out = first.output();
      assert.match(out, /INFO configuration: none \(no \/etc\/pykmip\/server\.conf;/);
      assert.match(
        out,
        new RegExp(`INFO data directory: ${state} \\(the default; set data_dir to choose\\)`),
      );
      assert.match(out, new RegExp(`INFO database: ${state}/kmip\\.sqlite\\n`));
      assert.match(out, new RegExp(`INFO master key: ${state}/master\\.key \\(made now\\)`));
      assert.match(
        out,
        new RegExp(`INFO certificates: demo, in ${state}/certs\\n`),
        'made by --write-client-config',
      );
      assert.match(out, new RegExp(`INFO pid file: ${state}/kmip-server\\.pid\\n`));
      assert.match(out, /^\[client\]\nhost=127\.0\.0\.1\n/m, 'the client section, unindented');
      assert.equal(statSync(join(state, 'master.key')).mode & 0o777, 0o600, 'the master key is private');
      const q = await kmip(['query'], { env: { HOME: home } });
      assert.equal(q.code, 0, q.stderr);
      assert.match(q.stdout, /^Vendor: +kmip-ts$/m);
    } finally {
      assert.equal(await first.stop(), 0, `SIGTERM ends the process with status 0:\n${first.output()}`);
    }
    assert.match(first.output(), /kmip-server stopped/);
    assert.deepEqual(readdirSync(cwd), [], 'nothing was written into the working directory');

    const keyBefore = readFileSync(join(state, 'master.key'), 'utf8');
    const again = await startKmipServerProcess(args, { env, cwd: tempDir('kmip-first-run-cwd2-') });
    try {
      assert.match(
        again.output(),
        new RegExp(`INFO master key: ${state}/master\\.key\\n`),
        'reused, not made',
      );
      assert.equal(readFileSync(join(state, 'master.key'), 'utf8'), keyBefore);
      assert.equal((await kmip(['query'], { env: { HOME: home } })).code, 0);
    } finally {
      await again.stop();
    }
  });

  test('--write-client-config keeps an existing file unless --force; FILE writes elsewhere', async () => {
    const home = tempDir('kmip-write-conf-');
    const env = { HOME: home };
    const args = ['-p', '5697', '--data-dir', join(home, 'data')];
    assert.equal((await kmipServer([...args, '--write-client-config'], { env })).code, 0);
    const again = await kmipServer([...args, '--write-client-config'], { env });
    assert.equal(again.code, 1);
    assert.equal(
      again.stderr,
      `kmip-server: <command line>: --write-client-config: ${home}/.pykmip/pykmip.conf exists; --force replaces it (or give another FILE)\n`,
    );
    assert.equal((await kmipServer([...args, '--write-client-config', '--force'], { env })).code, 0);
    const other = join(home, 'other.conf');
    const there = await kmipServer([...args, '--write-client-config', other], { env });
    assert.equal(there.code, 0, there.stderr);
    assert.match(readFileSync(other, 'utf8'), /^\[client\]\nhost=127\.0\.0\.1\nport=5697\n/);
  });
});

describe('where state lives', { timeout: 240_000 }, () => {
  test('with database_path set, the master key and certificates sit beside the database, whatever the working directory', async () => {
    const dir = tempDir('kmip-beside-db-');
    const db = join(dir, 'store', 'kmip.sqlite');
    mkdirSync(join(dir, 'store'));
    const conf = join(dir, 'server.conf');
    writeFileSync(conf, `[server]\ndatabase_path = ${db}\nport = 0\nworkers = 1\n`);
    const env = { HOME: join(dir, 'home') };
    for (const cwd of [tempDir('kmip-cwd-a-'), tempDir('kmip-cwd-b-')]) {
      const s = await startKmipServerProcess(['-f', conf], { env, cwd });
      await s.stop();
      assert.match(s.output(), new RegExp(`INFO data directory: ${dir}/store \\(beside database_path\\)`));
      assert.deepEqual(readdirSync(cwd), [], 'nothing in the working directory');
    }
    assert.deepEqual(readdirSync(join(dir, 'store')).sort(), ['certs', 'kmip.sqlite', 'master.key']);
  });

  test('an earlier installation in ./data keeps working when started from its directory', async () => {
    const old = tempDir('kmip-old-install-');
    const env = { HOME: join(old, 'home') };
    const conf = emptyConf(old);
    const made = await startKmipServerProcess(
      ['-f', conf, '-p', '0', '--workers', '1', '--data-dir', 'data'],
      { env, cwd: old },
    );
    await made.stop();
    const key = readFileSync(join(old, 'data', 'master.key'), 'utf8');
    const s = await startKmipServerProcess(['-f', conf, '-p', '0', '--workers', '1'], { env, cwd: old });
    await s.stop();
    assert.match(
      s.output(),
      new RegExp(`INFO data directory: ${old}/data \\(an earlier installation in \\./data\\)`),
    );
    assert.match(s.output(), new RegExp(`INFO master key: ${old}/data/master\\.key\\n`));
    assert.equal(readFileSync(join(old, 'data', 'master.key'), 'utf8'), key);
    assert.ok(!existsSync(join(old, 'home', '.local')), 'no second installation was made');
  });

  test('a database whose master key is missing is refused, and no new key is made', async () => {
    const dir = tempDir('kmip-lost-key-');
    const conf = emptyConf(dir);
    const data = join(dir, 'data');
    const made = await startKmipServerProcess(['-f', conf, '-p', '0', '--workers', '1', '--data-dir', data]);
    await made.stop();
    rmSync(join(data, 'master.key'));
    const r = await kmipServer(['-f', conf, '-p', '0', '--workers', '1', '--data-dir', data]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `^kmip-server: the database ${data}/kmip\\.sqlite exists but its master key ${data}/master\\.key does not;`,
      ),
    );
    assert.ok(!existsSync(join(data, 'master.key')), 'no key was made');
  });
});

describe('start-up errors', { timeout: 120_000 }, () => {
  test('a port in use is one line, said once, with two workers', async () => {
    const dir = tempDir('kmip-port-in-use-');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const r = await kmipServer([
        '-f',
        emptyConf(dir),
        '-p',
        String(port),
        '--workers',
        '2',
        '-v',
        'WARNING',
        '--data-dir',
        dir,
      ]);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `kmip-server: port ${port} is in use on 127.0.0.1 (is pykmip-server or another kmip-server running?); ` +
          'stop it, or choose another port with -p\n',
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
