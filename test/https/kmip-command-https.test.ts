// The `kmip` command over KMIP over HTTPS (--transport https): spawned as users run it, against
// this project's server in-process with its HTTPS listener; an unknown transport is a usage error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { clientOptionsFromCli } from '../../src/cli/kmip-command.js';
import { UsageError } from '../../src/cli/kmip-args.js';
import { startTestServer, type TestServer } from '../helpers/kmip-test-server.js';

let t: TestServer;
before(async () => {
  t = await startTestServer({ server: { httpsPort: 0 } });
});
after(async () => {
  await t.stop();
});

function kmip(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const connection = [
    '--host',
    '127.0.0.1',
    '--port',
    String(t.server.httpsAddress?.port),
    '--cert',
    t.certs.client.cert,
    '--key',
    t.certs.client.key,
    '--ca',
    t.certs.ca.cert,
  ];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/kmip.ts', ...connection, ...args],
      // No pykmip.conf of the user's: HOME is the test server's scratch directory.
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: t.dir } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

test('kmip --transport https creates a key and reads it back over POST /kmip', async () => {
  const made = await kmip(['--transport', 'https', '--json', 'create', '--alg', 'AES', '--length', '128']);
  assert.equal(made.code, 0, made.stderr);
  const { uid } = JSON.parse(made.stdout) as { uid: string };
  const got = await kmip(['--transport', 'https', '--json', 'get', uid]);
  assert.equal(got.code, 0, got.stderr);
  assert.equal((JSON.parse(got.stdout) as { uid: string }).uid, uid);
  // The same key, seen over the TTLV port: both listeners serve one store.
  assert.equal((await t.server.store.get(uid))?.uid, uid);
});

test('--transport takes tls or https only', () => {
  const o = { host: '127.0.0.1' };
  const env = { HOME: t.dir };
  assert.equal(clientOptionsFromCli({ ...o, transport: 'https' }, env).transport, 'https');
  assert.equal(clientOptionsFromCli({ ...o, transport: 'TLS' }, env).transport, 'tls');
  assert.equal(clientOptionsFromCli(o, env).transport, undefined);
  assert.throws(() => clientOptionsFromCli({ ...o, transport: 'http' }, env), UsageError);
});
