// Limits per identity against the real kmip-server with two workers, so that one identity's
// connections land on both: max_objects_per_identity holds exactly when creates race on both
// workers (the database counts), and max_requests_per_second admits the rate once per identity,
// not once per worker, refusing the rest with Server Limit Exceeded while another identity is
// served as usual.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RawKmipClient } from './raw-client.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import type { BatchResult } from '../helpers/engine-harness.js';

const RATE = 40;
const OBJECTS = 5;
const dir = mkdtempSync(join(tmpdir(), 'kmip-limits-'));
const ca = join(dir, 'certs', 'ca.crt');
const client = { cert: join(dir, 'certs', 'client.crt'), key: join(dir, 'certs', 'client.key') };
const client2 = { cert: join(dir, 'certs', 'client2.crt'), key: join(dir, 'certs', 'client2.key') };
let server: ServerProcess | undefined;

const CREATE_21 = `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes>
  <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/>
  <CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/></Attributes>`;
const QUERY = '<QueryFunction type="Enumeration" value="QueryOperations"/>';

/** `n` connections of one identity; with two workers taking turns, they land on both. */
async function connections(n: number, pair = client): Promise<RawKmipClient[]> {
  const out: RawKmipClient[] = [];
  for (let i = 0; i < n; i++) out.push(await RawKmipClient.connect(server?.port ?? 0, ca, pair));
  return out;
}

/** Sends `each` requests pipelined on every connection at once; every result. */
async function burst(
  conns: readonly RawKmipClient[],
  each: number,
  op: string,
  payload: string,
): Promise<BatchResult[]> {
  return (
    await Promise.all(
      conns.map((c) => Promise.all(Array.from({ length: each }, () => c.op(op, payload, '2.1')))),
    )
  ).flat();
}

before(async () => {
  const conf = join(dir, 'server.conf');
  writeFileSync(conf, `[server]\nmax_requests_per_second = ${RATE}\nmax_objects_per_identity = ${OBJECTS}\n`);
  server = await startServerProcess(dir, ['-f', conf, '--workers', '2']);
});
after(async () => {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('limits per identity, two workers', () => {
  test(`creates racing on both workers: exactly ${OBJECTS} objects, the rest Server Limit Exceeded`, async () => {
    const conns = await connections(4);
    try {
      const results = await burst(conns, 5, 'Create', CREATE_21);
      const ok = results.filter((r) => r.status === 'Success');
      assert.equal(ok.length, OBJECTS, results.map((r) => r.message ?? r.status).join('\n'));
      for (const r of results.filter((x) => x.status !== 'Success')) {
        assert.equal(r.reason, 'ServerLimitExceeded', r.xml);
        assert.match(
          r.message ?? '',
          /demo-client already owns 5 objects, the most max_objects_per_identity allows/,
        );
      }
    } finally {
      for (const c of conns) c.close();
    }
  });

  test(`requests beyond ${RATE}/s of one identity are refused across both workers; another identity is served`, async () => {
    await sleep(1_100); // the creates above used part of the bucket
    const conns = await connections(4);
    const other = (await connections(1, client2))[0];
    assert.ok(other);
    try {
      const started = performance.now();
      const [results, others] = await Promise.all([
        burst(conns, 60, 'Query', QUERY),
        burst([other], 10, 'Query', QUERY),
      ]);
      const seconds = (performance.now() - started) / 1000;
      const ok = results.filter((r) => r.status === 'Success').length;
      // At most the burst plus what refilled while the requests came in; a limit per worker would
      // admit up to twice that.
      assert.ok(ok <= RATE * (1 + seconds) + 1, `${ok} admitted in ${seconds.toFixed(2)} s`);
      if (seconds < 240 / RATE - 1) assert.ok(ok < results.length, 'some requests were refused');
      const refused = results.filter((r) => r.status !== 'Success');
      for (const r of refused) {
        assert.equal(r.reason, 'ServerLimitExceeded', r.xml);
        assert.match(r.message ?? '', /demo-client sends more than max_requests_per_second \(40\)/);
      }
      assert.deepEqual(
        others.map((r) => r.status),
        Array.from({ length: 10 }, () => 'Success'),
        'demo-client-2 is not slowed by demo-client',
      );
    } finally {
      for (const c of [...conns, other]) c.close();
    }
  });
});
