// The client library fails over between nodes that share one PostgreSQL database: a load of
// Creates runs through a client listing node A then node B; node A is stopped part-way; the client
// carries on against node B, and every Create it was told succeeded is there afterwards.
// Skipped when PostgreSQL is not installed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KmipClient } from '../../src/client/kmip-client.js';
import { masterKeyId } from '../../src/store/envelope.js';
import { ensureDemoCertificates } from '../../src/transport/demo-certs.js';
import { postgresUnavailableReason, startThrowawayPostgres } from '../helpers/postgres.js';
import { startNode } from './kmip-node.js';

const skip = postgresUnavailableReason();

test(
  'a client listing two nodes carries on when one stops mid-load, losing no acknowledged object',
  { skip: skip ?? false },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmip-failover-'));
    const [pg, certs] = await Promise.all([
      startThrowawayPostgres(),
      ensureDemoCertificates(join(dir, 'certs')),
    ]);
    const key = randomBytes(32);
    const masterKey = { id: masterKeyId(key), key };
    const [nodeA, nodeB] = await Promise.all(
      ['a', 'b'].map((n) =>
        startNode({ certs, masterKey, databaseUrl: pg.url, databasePath: join(dir, `${n}.unused`) }),
      ),
    );
    assert.ok(nodeA && nodeB);
    const tls = {
      ca: readFileSync(certs.ca.cert),
      cert: readFileSync(certs.client.cert),
      key: readFileSync(certs.client.key),
      checkServerIdentity: () => undefined,
    };
    const hosts = [nodeA, nodeB].map((n) => ({ host: '127.0.0.1', port: n.address.port }));
    const client = new KmipClient({ hosts, tls, version: '1.4', requestTimeoutMs: 10_000 });
    const reader = new KmipClient({ hosts: [hosts[1]!], tls, version: '1.4' });
    const acknowledged: string[] = [];
    const failed: string[] = [];
    let stopAt = -1;
    try {
      for (let i = 0; i < 60; i++) {
        if (i === 20) {
          stopAt = acknowledged.length;
          await nodeA.close(); // node A goes away between requests; its connection with it
        }
        try {
          const { uid } = await client.create({
            algorithm: 'AES',
            length: 256,
            usageMask: 'Encrypt Decrypt',
          });
          acknowledged.push(uid);
        } catch (err) {
          failed.push(err instanceof Error ? err.message : String(err));
        }
      }
      assert.ok(stopAt >= 20, 'node A served the first part of the load');
      assert.ok(
        acknowledged.length - stopAt >= 35,
        `the client carried on through node B (failures: ${failed.join('; ')})`,
      );
      assert.ok(failed.length <= 2, `at most the request in flight at the stop fails: ${failed.join('; ')}`);
      for (const uid of acknowledged) {
        const obj = await reader.get(uid);
        assert.equal(obj.uid, uid, 'every acknowledged object is served by node B');
      }
    } finally {
      await client.close();
      await reader.close();
      await nodeB.close();
      await nodeA.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
