// PostgreSQL stopped for 10 s under load and started again, with a kmip-ts server on it: every
// request in the gap is answered at once with General Failure saying the database is unavailable
// (no hang, no crash), the server's health says so (for /readyz) and comes back by itself, the
// server reconnects without a restart, the outage is logged once, and every Create acknowledged
// before, during or after the gap is there afterwards. Skipped when PostgreSQL is not installed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKmipServer } from '../../src/server.js';
import { masterKeyId } from '../../src/store/envelope.js';
import { ensureDemoCertificates } from '../../src/transport/demo-certs.js';
import { TlsMaterial } from '../../src/transport/tls-material.js';
import { CapturingLogger } from '../hardening/server-fixture.js';
import { postgresUnavailableReason, startThrowawayPostgres } from '../helpers/postgres.js';
import { NodeConnection, createKey, getKeyBytes, uidXml } from './kmip-node.js';

const skip = postgresUnavailableReason();
const GAP_MS = 10_000;

interface Outcome {
  readonly at: number;
  readonly ms: number;
  readonly ok: boolean;
  readonly detail: string;
}

test(
  'PostgreSQL down for 10 s under load: answered failures, health, reconnection, nothing acknowledged lost',
  { skip: skip ?? false },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmip-pg-outage-'));
    const [pg, certs] = await Promise.all([
      startThrowawayPostgres(),
      ensureDemoCertificates(join(dir, 'certs')),
    ]);
    const key = randomBytes(32);
    const log = new CapturingLogger();
    const server = await startKmipServer({
      host: '127.0.0.1',
      port: 0,
      tls: TlsMaterial.fromFiles({
        certificatePath: certs.server.cert,
        keyPath: certs.server.key,
        caPath: certs.ca.cert,
        authSuite: 'TLS1.2',
        tlsCipherSuites: [],
      }),
      enableTlsClientAuth: true,
      databasePath: join(dir, 'unused'),
      databaseUrl: pg.url,
      masterKeys: [{ id: masterKeyId(key), key }],
      log,
    });
    const conns = await Promise.all(
      Array.from({ length: 4 }, () => NodeConnection.open(server.address.port, certs)),
    );
    const acknowledged: string[] = [];
    const outcomes: Outcome[] = [];
    const healthSeen: boolean[] = [];
    let running = true;
    try {
      const t0 = performance.now();
      const loops = conns.map(async (c) => {
        while (running) {
          const start = performance.now();
          try {
            const uid = await createKey(c);
            acknowledged.push(uid);
            outcomes.push({ at: start - t0, ms: performance.now() - start, ok: true, detail: '' });
          } catch (e) {
            outcomes.push({
              at: start - t0,
              ms: performance.now() - start,
              ok: false,
              detail: (e as Error).message,
            });
            await sleep(50);
          }
        }
      });
      await sleep(2_000);
      const before = acknowledged.length;
      pg.pause();
      const stoppedAt = performance.now() - t0;
      const watch = setInterval(() => healthSeen.push(server.availability().ready), 200);
      await sleep(GAP_MS);
      assert.equal(server.availability().ready, false, 'health says the database is out');
      assert.equal(server.availability().fault, 'unreachable');
      pg.resume();
      const resumedAt = performance.now() - t0;
      // The server finds the database again by itself: successes resume, health comes back.
      for (let i = 0; i < 150 && !(server.availability().ready && acknowledged.length > before + 20); i++)
        await sleep(100);
      running = false;
      await Promise.all(loops);
      clearInterval(watch);

      assert.ok(before > 0, 'the load ran before the stop');
      assert.equal(server.availability().ready, true, 'health is back without traffic or restart');
      const after = outcomes.filter((o) => o.ok && o.at > resumedAt);
      assert.ok(after.length > 0, 'creates succeed again after the restart, without restarting kmip-server');
      const gap = outcomes.filter((o) => o.at > stoppedAt + 500 && o.at < resumedAt - 500);
      assert.ok(gap.length > 0, 'requests were sent during the gap');
      for (const o of gap) {
        assert.equal(o.ok, false, 'a request in the gap succeeded?');
        assert.match(o.detail, /ResultReason type="Enumeration" value="GeneralFailure"/);
        assert.match(
          o.detail,
          /the server&apos;s database is unavailable; retry later|the server's database is unavailable/,
        );
        assert.ok(o.ms < 11_000, `a request in the gap took ${o.ms.toFixed(0)} ms`);
      }
      assert.ok(healthSeen.includes(false));
      assert.equal(log.matching(/^database unavailable/).length, 1, 'the outage is logged once');
      assert.equal(log.matching(/^database available again after/).length, 1);
      assert.equal(log.matching(/unexpected error in operation/).length, 0, 'no request failed as a bug');

      const reader = await NodeConnection.open(server.address.port, certs);
      try {
        for (const uid of acknowledged) {
          const r = await reader.op('GetAttributes', uidXml(uid));
          assert.equal(r.status, 'Success', `acknowledged ${uid} is missing: ${r.xml}`);
        }
        assert.equal((await getKeyBytes(reader, acknowledged[acknowledged.length - 1] ?? '')).length, 32);
      } finally {
        reader.close();
      }
    } finally {
      running = false;
      for (const c of conns) c.close();
      await server.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
