// Two kmip-ts servers (nodes) on one PostgreSQL database, selected by databaseUrl as the CLI does,
// talked to over mutual TLS: an object created on one node is served by the other (Get, Locate,
// GetAttributes), and requests racing on the two nodes for the same object lose no acknowledged
// update: Revoke (Key Compromise) against Destroy, and attribute additions. A request that loses
// the race fails with "changed by a concurrent request; retry" and changes nothing.
// Skipped when PostgreSQL is not installed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningServer } from '../../src/server.js';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';
import { masterKeyId } from '../../src/store/envelope.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import {
  postgresUnavailableReason,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/postgres.js';
import type { BatchResult } from '../helpers/engine-harness.js';
import type { TtlvItem } from '../../src/ttlv/item.js';
import { State } from '../../src/spec/generated/enums.js';
import {
  NodeConnection,
  attributesOf,
  createKey,
  getKeyBytes,
  locateByName,
  startNode,
  uidXml,
} from './kmip-node.js';

const skip = postgresUnavailableReason();

const REVOKE_COMPROMISE = `<RevocationReason><RevocationReasonCode type="Enumeration" value="KeyCompromise"/></RevocationReason>
  <CompromiseOccurrenceDate type="DateTime" value="2024-01-01T00:00:00+00:00"/>`;

const STATES: Readonly<Record<number, string>> = Object.freeze({
  [State.PreActive]: 'PreActive',
  [State.Active]: 'Active',
  [State.Deactivated]: 'Deactivated',
  [State.Compromised]: 'Compromised',
  [State.Destroyed]: 'Destroyed',
  [State.DestroyedCompromised]: 'DestroyedCompromised',
});

function stateName(attrs: ReadonlyMap<string, readonly TtlvItem[]>): string | undefined {
  const s = attrs.get('State')?.[0];
  return s?.type === 'Enumeration' ? STATES[s.value] : undefined;
}

/** A failed request must be the concurrency refusal, nothing else. */
function assertLostRace(r: BatchResult, what: string): void {
  assert.equal(r.status, 'OperationFailed', `${what}: ${r.xml}`);
  assert.equal(r.reason, 'GeneralFailure', `${what}: ${r.xml}`);
  assert.match(r.message ?? '', /concurrent request; retry/, what);
}

describe('two kmip-server nodes on one PostgreSQL database', { skip: skip ?? false }, () => {
  let pg: ThrowawayPostgres | undefined;
  let dir = '';
  let certs: DemoCertificates;
  const nodes: RunningServer[] = [];
  let a: NodeConnection;
  let b: NodeConnection;
  const key = randomBytes(32);
  const masterKey = { id: masterKeyId(key), key };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kmip-two-nodes-'));
    [pg, certs] = await Promise.all([startThrowawayPostgres(), ensureDemoCertificates(join(dir, 'certs'))]);
    const url = pg.url;
    // Both start at once on an empty database: one migrates, the other waits for it.
    const started = await Promise.all(
      ['a', 'b'].map((n) =>
        startNode({ certs, masterKey, databaseUrl: url, databasePath: join(dir, `${n}.unused`) }),
      ),
    );
    nodes.push(...started);
    const [ca, cb] = await Promise.all(started.map((s) => NodeConnection.open(s.address.port, certs)));
    a = ca!;
    b = cb!;
  });

  after(async () => {
    a?.close();
    b?.close();
    await Promise.all(nodes.map((n) => n.close()));
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the nodes use the PostgreSQL backend, not a SQLite file', () => {
    for (const n of nodes) assert.ok(n.store instanceof PostgresStore);
  });

  test('an object created on node A is served by node B: Get, Locate by name, GetAttributes', async () => {
    const uid = await createKey(a, 'shared-across-nodes');
    const fromB = await getKeyBytes(b, uid);
    assert.equal(fromB.length, 32);
    assert.deepEqual(fromB, await getKeyBytes(a, uid));
    assert.deepEqual(await locateByName(b, 'shared-across-nodes'), [uid]);
    assert.equal(stateName(await attributesOf(b, uid)), 'PreActive');
    // And the other way round, with a change made on B seen on A.
    const activated = await b.op('Activate', uidXml(uid));
    assert.equal(activated.status, 'Success', activated.xml);
    assert.equal(stateName(await attributesOf(a, uid)), 'Active');
  });

  test('Revoke on A racing Destroy on B: the final state accounts for every acknowledged operation', async (t) => {
    const ROUNDS = 30;
    const uids = await Promise.all(Array.from({ length: ROUNDS }, () => createKey(a)));
    const outcomes = { both: 0, revokeOnly: 0, destroyOnly: 0 };
    // Each node gets its own connection per round so the two requests really run together.
    for (const uid of uids) {
      const [ca, cb] = await Promise.all([
        NodeConnection.open(nodes[0]!.address.port, certs),
        NodeConnection.open(nodes[1]!.address.port, certs),
      ]);
      try {
        const [revoked, destroyed] = await Promise.all([
          ca.op('Revoke', uidXml(uid) + REVOKE_COMPROMISE),
          cb.op('Destroy', uidXml(uid)),
        ]);
        const attrs = await attributesOf(a, uid);
        const state = stateName(attrs);
        const rOk = revoked.status === 'Success';
        const dOk = destroyed.status === 'Success';
        if (!rOk) assertLostRace(revoked, 'Revoke');
        if (!dOk) assertLostRace(destroyed, 'Destroy');
        assert.ok(rOk || dOk, `both lost on ${uid}`);
        const expected = rOk && dOk ? 'DestroyedCompromised' : rOk ? 'Compromised' : 'Destroyed';
        assert.equal(state, expected, `revoke ${revoked.status}, destroy ${destroyed.status}`);
        assert.equal(attrs.has('Compromise Date'), rOk, 'Compromise Date iff the Revoke was acknowledged');
        assert.equal(attrs.has('Destroy Date'), dOk, 'Destroy Date iff the Destroy was acknowledged');
        // A destroyed key's material is gone whichever order they ran in.
        const get = await b.op('Get', uidXml(uid));
        assert.equal(get.status, dOk ? 'OperationFailed' : 'Success', get.xml);
        if (rOk && dOk) outcomes.both++;
        else if (rOk) outcomes.revokeOnly++;
        else outcomes.destroyOnly++;
      } finally {
        ca.close();
        cb.close();
      }
    }
    t.diagnostic(`Revoke vs Destroy over ${ROUNDS} keys: ${JSON.stringify(outcomes)}`);
  });

  test('attribute additions racing on both nodes: every acknowledged one is kept', async (t) => {
    const uid = await createKey(a);
    const conns = await Promise.all(
      Array.from({ length: 8 }, (_, i) => NodeConnection.open(nodes[i % 2]!.address.port, certs)),
    );
    const acknowledged: string[] = [];
    let lost = 0;
    try {
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all(
          conns.map((c, i) =>
            c.op(
              'AddAttribute',
              `${uidXml(uid)}<Attribute><AttributeName type="TextString" value="x-r${round}-c${i}"/>
               <AttributeValue type="TextString" value="node-${i % 2 === 0 ? 'a' : 'b'}"/></Attribute>`,
            ),
          ),
        );
        results.forEach((r, i) => {
          if (r.status === 'Success') acknowledged.push(`x-r${round}-c${i}`);
          else {
            assertLostRace(r, `AddAttribute x-r${round}-c${i}`);
            lost++;
          }
        });
      }
    } finally {
      for (const c of conns) c.close();
    }
    const attrs = await attributesOf(b, uid);
    const present = [...attrs.keys()].filter((n) => n.startsWith('x-r')).sort();
    assert.deepEqual(
      present,
      [...acknowledged].sort(),
      'an acknowledged attribute is missing, or a refused one appeared',
    );
    assert.ok(acknowledged.length >= 5, 'each round acknowledges at least one addition');
    t.diagnostic(`AddAttribute: ${acknowledged.length} acknowledged, ${lost} refused as concurrent`);
  });
});
