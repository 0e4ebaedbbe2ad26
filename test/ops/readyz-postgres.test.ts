// /readyz follows the database: a server on a throwaway PostgreSQL cluster is ready, turns
// unready (503, the store check saying why) when PostgreSQL stops, answers KMIP requests with an
// error meanwhile instead of failing, and is ready again once PostgreSQL is back. /healthz stays
// 200 throughout: the process is alive.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readiness } from '../../src/transport/admin-listener.js';
import {
  postgresUnavailableReason,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/kmip-test-server.js';
import { httpGet } from '../helpers/https-request.js';
import { RawKmipClient, CREATE_AES_256 } from '../hardening/raw-client.js';

const skip = postgresUnavailableReason();

describe('/readyz and PostgreSQL', { skip: skip ?? false, timeout: 120_000 }, () => {
  let pg: ThrowawayPostgres;
  let t: TestServer;
  let adminPort: number;

  before(async () => {
    pg = await startThrowawayPostgres();
    t = await startTestServer({ server: { databaseUrl: pg.url, admin: { host: '127.0.0.1', port: 0 } } });
    adminPort = t.server.adminAddress?.port ?? 0;
  });
  after(async () => {
    await t?.stop();
    await pg?.stop();
  });

  async function readyz(): Promise<{ status: number; body: Readiness }> {
    const r = await httpGet(adminPort, '/readyz');
    return { status: r.status, body: JSON.parse(r.body.toString('utf8')) as Readiness };
  }

  /** Polls /readyz until its status is `status` (at most 30 s). */
  async function until(status: number): Promise<Readiness> {
    let last = await readyz();
    for (let i = 0; i < 300 && last.status !== status; i++) {
      await sleep(100);
      last = await readyz();
    }
    assert.equal(last.status, status, JSON.stringify(last.body));
    return last.body;
  }

  test('ready, unready while PostgreSQL is down, ready again when it returns', async () => {
    const up = await until(200);
    assert.deepEqual(
      [up.ready, up.checks['store']?.ok, up.checks['masterKey']?.ok, up.checks['ttlvListener']?.ok],
      [true, true, true, true],
    );

    pg.pause();
    const down = await until(503);
    assert.equal(down.ready, false);
    assert.equal(down.checks['store']?.ok, false);
    assert.match(down.checks['store']?.detail ?? '', /the database does not answer/);
    assert.equal(down.checks['masterKey']?.ok, true, 'only the store is down');
    assert.equal((await httpGet(adminPort, '/healthz')).status, 200, 'the process is alive');

    // Requests meanwhile get a KMIP error, and the server keeps serving.
    const c = await RawKmipClient.connect(t.port, t.certs.ca.cert, t.certs.client);
    try {
      assert.equal((await c.op('Create', CREATE_AES_256)).status, 'OperationFailed');
    } finally {
      c.close();
    }

    pg.resume();
    const back = await until(200);
    assert.equal(back.checks['store']?.ok, true);
    const again = await RawKmipClient.connect(t.port, t.certs.ca.cert, t.certs.client);
    try {
      assert.equal((await again.op('Create', CREATE_AES_256)).status, 'Success');
    } finally {
      again.close();
    }
  });
});
