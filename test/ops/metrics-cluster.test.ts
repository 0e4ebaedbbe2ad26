// /metrics of a kmip-server with two worker processes: after a known load spread over both
// workers (four connections, which the primary hands out in turn), the primary's scrape holds the
// exact sums — requests by operation and result, latency counts, connections, objects by type and
// state — and a worker killed is counted as a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServerProcess, type ServerProcess } from '../hardening/server-process.js';
import { CREATE_AES_256, RawKmipClient, uidOf, uidPayload } from '../hardening/raw-client.js';
import { httpGet, sampleValue } from '../helpers/https-request.js';

let dir: string;
let server: ServerProcess;
let adminPort: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kmip-metrics-cluster-'));
  server = await startServerProcess(dir, ['--workers', '2', '--admin-port', '0', '--log-format', 'json']);
  const m = /admin listener on http:\/\/127\.0\.0\.1:(\d+)/.exec(server.log());
  assert.ok(m?.[1], `no admin listener line in:\n${server.log()}`);
  adminPort = Number(m[1]);
});
after(async () => {
  server.proc.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** The pids of the processes that logged a request line (JSON log: one object per line). */
function requestPids(log: string): number[] {
  const pids: number[] = [];
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; pid?: number };
    if (entry.msg === 'request' && entry.pid !== undefined) pids.push(entry.pid);
  }
  return pids;
}

async function scrape(): Promise<string> {
  const r = await httpGet(adminPort, '/metrics');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^text\/plain/);
  return r.body.toString('utf8');
}

test('a known load over two workers is counted exactly by the primary', { timeout: 120_000 }, async () => {
  const certs = join(dir, 'certs');
  const client = { cert: join(certs, 'client.crt'), key: join(certs, 'client.key') };
  const connections = await Promise.all(
    Array.from({ length: 4 }, () => RawKmipClient.connect(server.port, join(certs, 'ca.crt'), client)),
  );
  try {
    for (const c of connections) {
      const uids: string[] = [];
      for (let i = 0; i < 5; i++) uids.push(uidOf(await c.op('Create', CREATE_AES_256)) ?? '');
      for (const uid of uids.slice(0, 3))
        assert.equal((await c.op('Get', uidPayload(uid))).status, 'Success');
      for (const missing of ['no-such-1', 'no-such-2'])
        assert.equal((await c.op('Get', uidPayload(missing))).reason, 'ItemNotFound');
    }
    // Log lines are written asynchronously: wait until all 40 are out.
    for (let i = 0; i < 100 && requestPids(server.log()).length < 40; i++) await sleep(100);
    const pids = requestPids(server.log());
    assert.equal(pids.length, 40, 'one request line per request');
    assert.equal(new Set(pids).size, 2, 'both workers served requests');

    const text = await scrape();
    const requests = (operation: string, status: string, reason = ''): number | undefined =>
      sampleValue(text, 'kmip_requests_total', { operation, status, reason });
    assert.equal(requests('Create', 'Success'), 20);
    assert.equal(requests('Get', 'Success'), 12);
    assert.equal(requests('Get', 'OperationFailed', 'ItemNotFound'), 8);
    assert.equal(sampleValue(text, 'kmip_request_duration_seconds_count', { operation: 'Create' }), 20);
    assert.equal(sampleValue(text, 'kmip_request_duration_seconds_count', { operation: 'Get' }), 20);
    assert.equal(sampleValue(text, 'kmip_request_batch_items_count'), 40);
    assert.equal(sampleValue(text, 'kmip_connections_total', { listener: 'ttlv' }), 4);
    assert.equal(sampleValue(text, 'kmip_open_connections', { listener: 'ttlv' }), 4);
    // One database: every worker counts the same objects, and the primary takes one count.
    assert.equal(sampleValue(text, 'kmip_objects', { object_type: 'SymmetricKey', state: 'PreActive' }), 20);
    assert.equal(sampleValue(text, 'kmip_store_operation_duration_seconds_count', { method: 'insert' }), 20);
    assert.equal(sampleValue(text, 'kmip_workers_reporting'), 2);
    assert.equal(sampleValue(text, 'kmip_worker_restarts_total'), 0);
  } finally {
    for (const c of connections) c.close();
  }

  // A worker killed is replaced, and counted.
  const [victim] = requestPids(server.log());
  process.kill(victim ?? 0, 'SIGKILL');
  let restarts: number | undefined;
  for (let i = 0; i < 200 && restarts !== 1; i++) {
    await sleep(100);
    restarts = sampleValue(await scrape(), 'kmip_worker_restarts_total');
  }
  assert.equal(restarts, 1);
  let ready = 0;
  for (let i = 0; i < 200 && ready !== 200; i++) {
    ready = (await httpGet(adminPort, '/readyz')).status;
    if (ready !== 200) await sleep(100);
  }
  assert.equal(ready, 200, 'ready again once the new worker listens');
});
