// The decoded-object cache (store/object-cache.ts) never serves what an acknowledged write has
// changed: two servers on one database (as two workers share a SQLite file, or two nodes a
// PostgreSQL database), one of them Getting every key in a loop on several connections so its
// cache is always warm, while the other Revokes and then Destroys each key. As soon as a Revoke
// or Destroy is acknowledged on one server, the very next request on the other sees it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunningServer } from '../../src/server.js';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';
import { masterKeyId } from '../../src/store/envelope.js';
import { postgresUnavailableReason, startThrowawayPostgres } from '../helpers/postgres.js';
import { NodeConnection, attributesOf, createKey, startNode, uidXml } from './kmip-node.js';

const REVOKE_COMPROMISE = `<RevocationReason><RevocationReasonCode type="Enumeration" value="KeyCompromise"/></RevocationReason>
  <CompromiseOccurrenceDate type="DateTime" value="2024-01-01T00:00:00+00:00"/>`;
const KEYS = 16;
const READERS = 3;

async function race(certs: DemoCertificates, writer: RunningServer, reader: RunningServer): Promise<void> {
  const w = await NodeConnection.open(writer.address.port, certs);
  const r = await NodeConnection.open(reader.address.port, certs);
  const loops = await Promise.all(
    Array.from({ length: READERS }, () => NodeConnection.open(reader.address.port, certs)),
  );
  let running = true;
  try {
    const uids: string[] = [];
    for (let i = 0; i < KEYS; i++) {
      const uid = await createKey(w);
      assert.equal((await w.op('Activate', uidXml(uid))).status, 'Success');
      uids.push(uid);
    }
    // The reader caches every key, and keeps Getting them while the writer changes them.
    for (const uid of uids) assert.equal((await r.op('Get', uidXml(uid))).status, 'Success');
    const background = loops.map(async (c, k) => {
      for (let n = k; running; n++) await c.op('Get', uidXml(uids[n % uids.length] ?? ''));
    });
    for (const uid of uids) {
      const revoked = await w.op('Revoke', uidXml(uid) + REVOKE_COMPROMISE);
      assert.equal(revoked.status, 'Success', revoked.xml);
      const state = (await attributesOf(r, uid)).get('State')?.[0];
      assert.equal(
        state?.type === 'Enumeration' ? state.value : undefined,
        4,
        `Compromised on the other side: ${uid}`,
      );
      const destroyed = await w.op('Destroy', uidXml(uid));
      assert.equal(destroyed.status, 'Success', destroyed.xml);
      const get = await r.op('Get', uidXml(uid));
      assert.equal(get.status, 'OperationFailed', `a destroyed key was served: ${get.xml}`);
      // The writer's own cache (filled by the Revoke and Destroy reads) follows its own writes.
      assert.equal((await w.op('Get', uidXml(uid))).status, 'OperationFailed');
    }
    running = false;
    await Promise.all(background);
  } finally {
    running = false;
    for (const c of [w, r, ...loops]) c.close();
  }
}

async function withTwoServers(
  databaseUrl: string | undefined,
  fn: (certs: DemoCertificates, a: RunningServer, b: RunningServer) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-cache-'));
  const key = randomBytes(32);
  const masterKey = { id: masterKeyId(key), key };
  const servers: RunningServer[] = [];
  try {
    const certs = await ensureDemoCertificates(join(dir, 'certs'));
    // One after the other: the first creates the database (SQLite: the file; both: the schema).
    for (let i = 0; i < 2; i++)
      servers.push(
        await startNode({
          certs,
          masterKey,
          databasePath: join(dir, 'kmip.sqlite'),
          ...(databaseUrl !== undefined ? { databaseUrl } : {}),
        }),
      );
    const [a, b] = servers;
    if (a === undefined || b === undefined) throw new Error('servers did not start');
    await fn(certs, a, b);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the object cache stays coherent across processes sharing a database', () => {
  test('SQLite (two workers on one file): Revoke and Destroy on one are seen at once by the other', () =>
    withTwoServers(undefined, async (certs, a, b) => {
      await race(certs, a, b);
      await race(certs, b, a);
    }));

  const skip = postgresUnavailableReason();
  test(
    'PostgreSQL (two nodes): Revoke and Destroy on one are seen at once by the other',
    { skip: skip ?? false },
    async () => {
      const pg = await startThrowawayPostgres();
      try {
        await withTwoServers(pg.url, async (certs, a, b) => {
          await race(certs, a, b);
          await race(certs, b, a);
        });
      } finally {
        await pg.stop();
      }
    },
  );
});
