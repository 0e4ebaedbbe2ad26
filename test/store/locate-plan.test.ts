// The query plans of Locate's main shapes, so that a schema or SQL change cannot silently turn a
// lookup into a scan: by Name, by an x- attribute, by Object Type with Maximum Items, and the count.
// SQLite: EXPLAIN QUERY PLAN names every table access; each must be an index SEARCH keyed by the
// caller (owner_id) or by a shared grant (policy_id, object_type), never a SCAN, and the newest-N
// shape must need no sort. PostgreSQL (sequential scans disabled, so the plan shows what indexes
// can do whatever the table sizes): no Seq Scan; and EXPLAIN ANALYZE shows that another identity's
// objects with the same name are not even read.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { enumItem } from '../../src/objects/managed-object.js';
import { ObjectType } from '../../src/spec/generated/enums.js';
import { Tag } from '../../src/spec/generated/tags.js';
import type { AttributeCriterion, LocateQuery, Visibility } from '../../src/store/locate-query.js';
import { chooseDriver, locateLabels, planLocate, type LocatePlan } from '../../src/store/locate-sql.js';
import { numbered, type Fragment } from '../../src/store/sql-fragment.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { postgresUnavailableReason, startThrowawayPostgres } from '../helpers/postgres.js';
import { attr, nameValue, object } from '../helpers/locate-fixtures.js';
import { newEnvelope } from './store-contract.js';

const NOW = new Date();
/** The default policy's grants (engine/policy/builtin.ts) for a caller named alice. */
const ALICE: Visibility = {
  identity: 'alice',
  own: [{ policy: 'default', objectTypes: [ObjectType.SymmetricKey, ObjectType.SecretData] }],
  anyOwner: [{ policy: 'default', objectTypes: [ObjectType.PublicKey, ObjectType.Certificate] }],
};

const nameIs = (v: string): AttributeCriterion => ({ kind: 'value', name: 'Name', value: nameValue(v) });
const bucketIs = (v: string): AttributeCriterion => ({
  kind: 'value',
  name: 'x-bucket',
  value: { tag: Tag.AttributeValue, type: 'TextString', value: v },
});
const byName: LocateQuery = { visibility: ALICE, criteria: [nameIs('k-7')], storage: 1, now: NOW };
const byBucket: LocateQuery = { ...byName, criteria: [bucketIs('b-7')] };
const typeMax10: LocateQuery = {
  ...byName,
  criteria: [{ kind: 'value', name: 'Object Type', value: enumItem('Object Type', ObjectType.SymmetricKey) }],
  maximum: 10,
};
const paged: LocateQuery = { ...typeMax10, offset: 10, count: true };

/** Alice's and Bob's keys, each named and with a bucket, and one public key of Bob's. */
async function fill(store: Store): Promise<void> {
  for (const owner of ['alice', 'bob'])
    for (let i = 0; i < 20; i++)
      await store.insert(
        object({
          owner,
          attrs: [
            attr('Name', nameValue(`k-${i}`)),
            attr('x-bucket', { tag: Tag.AttributeValue, type: 'TextString', value: `b-${i}` }),
          ],
        }),
      );
  await store.insert(
    object({ owner: 'bob', type: ObjectType.PublicKey, attrs: [attr('Name', nameValue('k-7'))] }),
  );
}

interface Statements {
  readonly select: Fragment;
  readonly count: Fragment;
}

async function statements(
  q: LocateQuery,
  ids: Map<string, number>,
  probe: (f: Fragment) => Promise<number>,
): Promise<Statements> {
  const plan: LocatePlan = planLocate(q, ids);
  assert.equal(plan.empty, false);
  const driver = await chooseDriver(plan, q, probe);
  return { select: plan.select(driver), count: plan.count(driver) };
}

describe('Locate query plans on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-plan-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'kmip.sqlite');

  const plans = async (q: LocateQuery): Promise<{ select: string[]; count: string[] }> => {
    const store = new SqliteStore({ path, envelope: newEnvelope() });
    await fill(store);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const ids = new Map<string, number>();
      for (const text of locateLabels(q)) {
        const row = db.prepare<[string], { id: number }>('SELECT id FROM labels WHERE text = ?').get(text);
        if (row !== undefined) ids.set(text, row.id);
      }
      const explain = (f: Fragment): string[] =>
        db
          .prepare(`EXPLAIN QUERY PLAN ${f.text}`)
          .all(...f.params)
          .map((r) => (r as { detail: string }).detail);
      const st = await statements(
        q,
        ids,
        async (f) => (db.prepare(f.text).get(...f.params) as { n: number }).n,
      );
      return { select: explain(st.select), count: explain(st.count) };
    } finally {
      db.close();
      rmSync(path, { force: true });
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
  };

  /** Every access to a table is an index search keyed by the caller or a shared grant. */
  const assertIndexed = (lines: readonly string[]): void => {
    for (const line of lines) {
      assert.doesNotMatch(
        line,
        /^SCAN (o|objects|object_attributes)\b(?!.*INDEX)/,
        `a table scan: ${lines.join(' | ')}`,
      );
      if (/^SEARCH object_attributes USING/.test(line) && !/PRIMARY KEY/.test(line))
        assert.match(line, /owner_id=\?|policy_id=\? AND object_type=\?/, `an unkeyed search: ${line}`);
      if (/^SEARCH o USING/.test(line) && !/INTEGER PRIMARY KEY|rowid/.test(line))
        assert.match(line, /owner_id=\?|policy_id=\?/, `an unkeyed search: ${line}`);
    }
  };

  test('by Name and by an x- attribute: the owner-keyed value index drives, rows by rowid', async () => {
    for (const q of [byName, byBucket]) {
      const p = await plans(q);
      assertIndexed(p.select);
      assert.ok(p.select.includes('SEARCH o USING INTEGER PRIMARY KEY (rowid=?)'), p.select.join('\n'));
      assert.ok(
        p.select.some((l) => /object_attributes_own \(owner_id=\? AND name_id=\? AND key=\?\)/.test(l)),
        p.select.join('\n'),
      );
      assert.ok(
        p.select.some((l) =>
          /object_attributes_shared \(name_id=\? AND key=\? AND policy_id=\? AND object_type=\?\)/.test(l),
        ),
        p.select.join('\n'),
      );
    }
  });

  test('by Object Type with Maximum Items: one index range read newest first, no sort', async () => {
    const p = await plans(typeMax10);
    assertIndexed(p.select);
    assert.ok(
      p.select.some((l) =>
        /objects_own \(owner_id=\? AND object_type=\? AND storage=\? AND policy_id=\?\)/.test(l),
      ),
      p.select.join('\n'),
    );
    assert.ok(!p.select.some((l) => /TEMP B-TREE/.test(l)), `sorts: ${p.select.join('\n')}`);
  });

  test('the count reads the index alone', async () => {
    const p = await plans(paged);
    assertIndexed(p.count);
    assert.ok(
      p.count.every((l) => !/^SEARCH o USING INDEX/.test(l)),
      `reads rows: ${p.count.join('\n')}`,
    );
    assert.ok(
      p.count.some((l) => /COVERING INDEX objects_own/.test(l)),
      p.count.join('\n'),
    );
  });
});

const pgSkip = postgresUnavailableReason();

describe('Locate query plans on PostgreSQL', { skip: pgSkip ?? false }, () => {
  test("with 20,000 of Bob's keys named like Alice's, Alice's Locates read a few rows, by index", async () => {
    const pg = await startThrowawayPostgres();
    try {
      const url = await pg.createDatabase('plans');
      const store = await PostgresStore.open({ connectionString: url, envelope: newEnvelope() });
      await fill(store);
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        // Bob's first key, cloned 20,000 times with its index rows (name k-0, bucket b-0).
        const template = await c.query<{ seq: string }>(
          "SELECT min(seq) AS seq FROM objects WHERE owner = 'bob' AND object_type = 2",
        );
        const seq = template.rows[0]?.seq ?? '0';
        await c.query(
          `INSERT INTO objects (uid, object_type, state, owner, revision, attributes, owner_id, policy_id, storage, shared)
           SELECT 'clone-' || g, object_type, state, owner, revision, attributes, owner_id, policy_id, storage, shared
           FROM objects, generate_series(1, 20000) g WHERE seq = $1`,
          [seq],
        );
        await c.query(
          `INSERT INTO object_attributes SELECT o.seq, a.name_id, a.inst, a.node, a.parent, a.key, a.num,
             a.owner_id, a.policy_id, a.object_type, a.filing
           FROM objects o JOIN object_attributes a ON a.seq = $1 WHERE o.uid LIKE 'clone-%'`,
          [seq],
        );
        await c.query('ANALYZE');
        const ids = new Map<string, number>();
        for (const r of (await c.query<{ id: number; text: string }>('SELECT id, text FROM labels')).rows)
          ids.set(r.text, r.id);
        const probe = async (f: Fragment): Promise<number> =>
          Number((await c.query<{ n: string }>(numbered(f), [...f.params])).rows[0]?.n ?? 0);
        /** The plan as run, and how many rows its scans touched (returned or filtered out). */
        const analyze = async (f: Fragment): Promise<{ text: string; rows: number }> => {
          const r = await c.query<{ 'QUERY PLAN': unknown }>(
            `EXPLAIN (ANALYZE, FORMAT JSON) ${numbered(f)}`,
            [...f.params],
          );
          const plan = r.rows[0]?.['QUERY PLAN'];
          let rows = 0;
          const walk = (n: unknown): void => {
            if (typeof n !== 'object' || n === null) return;
            const o = n as Record<string, unknown>;
            if (typeof o['Node Type'] === 'string' && /Scan/.test(o['Node Type']))
              rows +=
                (Number(o['Actual Rows'] ?? 0) + Number(o['Rows Removed by Filter'] ?? 0)) *
                Number(o['Actual Loops'] ?? 1);
            for (const v of Object.values(o)) walk(v);
          };
          walk(plan);
          return { text: JSON.stringify(plan), rows };
        };
        const k0: LocateQuery = { ...byName, criteria: [nameIs('k-0')] };
        const b0: LocateQuery = { ...byBucket, criteria: [bucketIs('b-0')] };
        for (const q of [k0, b0, typeMax10, paged]) {
          const st = await statements(q, ids, probe);
          for (const f of [st.select, st.count]) {
            const a = await analyze(f);
            assert.doesNotMatch(a.text, /Seq Scan/, numbered(f));
            assert.ok(a.rows < 500, `${a.rows} rows read by ${numbered(f)}\n${a.text}`);
          }
        }
      } finally {
        await c.end();
        await store.close();
      }
    } finally {
      await pg.stop();
    }
  });
});
