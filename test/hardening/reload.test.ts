// Certificates change without a restart, against the real kmip-server with two workers:
// `kmip-server reload` checks the new files and signals the server, every worker takes the new
// certificate, key and CA bundle for new connections while an established connection goes on, and
// a bad file is refused (by the command before signalling, by the server on a bare SIGHUP) with
// the material in force kept.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTestPki, type TestPki } from '../../src/transport/demo-certs.js';
import { RawKmipClient } from './raw-client.js';
import { runServerCommandAsync, startServerProcess, type ServerProcess } from './server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kmip-reload-'));
const certs = join(dir, 'certs');
const demo = {
  ca: join(certs, 'ca.crt'),
  client: { cert: join(certs, 'client.crt'), key: join(certs, 'client.key') },
};
/** Trusts the demo CA and the new one: a client that follows the server across the change. */
const bothCas = join(dir, 'both-cas.crt');
let server: ServerProcess | undefined;
let pki: TestPki;

const fingerprintOf = (path: string): string => new X509Certificate(readFileSync(path)).fingerprint256;
const QUERY = '<QueryFunction type="Enumeration" value="QueryOperations"/>';

async function logCount(pattern: RegExp, n: number): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if ((server?.log().match(new RegExp(pattern, 'g')) ?? []).length >= n) return;
    await sleep(20);
  }
  assert.fail(`fewer than ${n} log lines match ${pattern}:\n${server?.log() ?? ''}`);
}

/** The server certificates several new connections see (the two workers share them out). */
async function presented(ca: string, client: { cert: string; key: string }): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < 8; i++) {
    const c = await RawKmipClient.connect(server?.port ?? 0, ca, client);
    try {
      assert.equal((await c.op('Query', QUERY)).status, 'Success');
      seen.add(c.serverFingerprint);
    } finally {
      c.close();
    }
  }
  return seen;
}

before(async () => {
  server = await startServerProcess(dir, ['--workers', '2']);
  pki = await makeTestPki(join(dir, 'new-pki'));
  writeFileSync(bothCas, Buffer.concat([readFileSync(demo.ca), readFileSync(pki.ca.cert)]));
});
after(async () => {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('kmip-server reload with two workers', () => {
  let established: RawKmipClient;
  const oldServerCert = (): string => fingerprintOf(join(certs, 'server.crt'));
  let oldFingerprint = '';

  test('the server writes its pid file once it listens', () => {
    const pid = readFileSync(join(dir, 'kmip-server.pid'), 'utf8').trim();
    assert.equal(Number(pid), server?.proc.pid);
  });

  test('new certificate, key and CA bundle: every worker takes them, an established connection goes on', async () => {
    oldFingerprint = oldServerCert();
    established = await RawKmipClient.connect(server?.port ?? 0, demo.ca, demo.client);
    assert.equal(established.serverFingerprint, oldFingerprint);
    // The new server certificate comes from a new CA; the CA bundle keeps the demo CA for the
    // existing clients and adds the new one.
    copyFileSync(pki.server.cert, join(certs, 'server.crt'));
    copyFileSync(pki.server.key, join(certs, 'server.key'));
    copyFileSync(bothCas, demo.ca);

    const r = await runServerCommandAsync(['reload', '--data-dir', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`kmip-server \\(pid ${server?.proc.pid}\\) signalled to reload`));
    await logCount(/TLS certificates reloaded: new connections use them/, 2);

    assert.deepEqual([...(await presented(bothCas, demo.client))], [fingerprintOf(pki.server.cert)]);
    assert.deepEqual(
      [...(await presented(bothCas, pki.client))],
      [fingerprintOf(pki.server.cert)],
      'a client of the new CA is accepted: the CA bundle was reread',
    );
    const r2 = await established.op('Query', QUERY);
    assert.equal(r2.status, 'Success', 'the connection made before the reload still serves');
    assert.equal(established.serverFingerprint, oldFingerprint);
  });

  test('a bad key: `kmip-server reload` refuses before signalling, the server hears nothing', async () => {
    writeFileSync(join(certs, 'server.key'), 'not a key');
    const before = server?.log().length ?? 0;
    const r = await runServerCommandAsync(['reload', '--data-dir', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /kmip-server reload: key_path .*server\.key: not a PEM private key/);
    assert.match(r.stderr, /Nothing was signalled/);
    await sleep(300);
    assert.doesNotMatch(server?.log().slice(before) ?? '', /SIGHUP/);
  });

  test('a bare SIGHUP with the bad key: each worker logs why and keeps the material in force', async () => {
    server?.proc.kill('SIGHUP');
    await logCount(
      /ERROR TLS certificates not reloaded; the ones in force stay: key_path .*not a PEM private key/,
      2,
    );
    assert.deepEqual([...(await presented(bothCas, demo.client))], [fingerprintOf(pki.server.cert)]);
    assert.equal((await established.op('Query', QUERY)).status, 'Success');
    established.close();
  });

  test('the pid file is removed when the server stops', async () => {
    server?.proc.kill('SIGTERM');
    assert.equal((await server?.exited)?.code, 0);
    server = undefined;
    assert.equal(existsSync(join(dir, 'kmip-server.pid')), false);
    copyFileSync(pki.server.key, join(certs, 'server.key'));
    const r = await runServerCommandAsync(['reload', '--data-dir', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no pid file at .*kmip-server\.pid: is kmip-server running/);
  });
});
