// The behaviour every Store backend owes the engine, as one suite run against each backend
// (sqlite-store.test.ts, postgres-store.test.ts): round trips, Locate (locate-contract.ts),
// optimistic revisions, sealed bodies, the master-key check, several Store instances on one
// database racing (one wins, the other gets ConcurrentUpdateError, no increment is lost), schema
// migrations that are idempotent and safe when two stores open at once, and export/import of
// sealed rows.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { ManagedObject } from '../../src/objects/managed-object.js';
import { enumItem, intItem, textItem } from '../../src/objects/managed-object.js';
import { symmetricKeyObject } from '../../src/messages/payloads/key-block.js';
import type { Attribute } from '../../src/messages/attributes.js';
import { CryptographicAlgorithm, ObjectType, State } from '../../src/spec/generated/enums.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { Envelope, masterKeyId } from '../../src/store/envelope.js';
import { encodeAttributesBlob } from '../../src/store/object-codec.js';
import { ConcurrentUpdateError, type Store } from '../../src/store/store.js';
import { isObservable } from '../../src/store/store-health.js';
import type { SealedRecord, SealedRows } from '../../src/store/export-import.js';
import { rewrapAll, type RewrappableStore } from '../../src/store/master-key-rotation.js';
import { locateContract } from './locate-contract.js';
import { locateRandomContract } from './locate-random-contract.js';

export type ContractStore = Store & SealedRows & RewrappableStore;

export interface ContractDatabase {
  /** Opens a store on this database; several may be open at once. */
  open(envelope: Envelope): Promise<ContractStore>;
  /** The objects table as stored: every column of every row, concatenated. */
  rawRows(): Promise<{ attributes: Buffer[]; all: Buffer }>;
  dispose(): Promise<void>;
}

export interface StoreBackend {
  readonly name: string;
  /** A new, empty database. */
  database(): Promise<ContractDatabase>;
}

export function newEnvelope(): Envelope {
  const key = randomBytes(32);
  return new Envelope([{ id: masterKeyId(key), key }]);
}

export interface KeySpec {
  readonly owner?: string;
  readonly names?: readonly string[];
  readonly state?: number;
  readonly key?: Buffer;
  readonly type?: number;
}

export function nameAttr(name: string, index = 0): Attribute {
  return {
    name: 'Name',
    index,
    value: {
      tag: Tag.Name,
      type: 'Structure',
      value: [
        { tag: Tag.NameValue, type: 'TextString', value: name },
        { tag: Tag.NameType, type: 'Enumeration', value: 1 },
      ],
    },
  };
}

/** An AES-256 key object as the engine would build it (plus a custom attribute at index 1). */
export function keyObject(spec: KeySpec = {}): ManagedObject {
  const uid = randomUUID();
  // Decoded byte strings come back as plain Uint8Array; build them that way for deepEqual.
  const key = new Uint8Array(spec.key ?? randomBytes(32));
  const attributes: Attribute[] = [
    { name: 'Unique Identifier', index: 0, value: textItem('Unique Identifier', uid) },
    { name: 'Object Type', index: 0, value: enumItem('Object Type', spec.type ?? ObjectType.SymmetricKey) },
    { name: 'State', index: 0, value: enumItem('State', spec.state ?? State.PreActive) },
    {
      name: 'Cryptographic Algorithm',
      index: 0,
      value: enumItem('Cryptographic Algorithm', CryptographicAlgorithm.AES),
    },
    { name: 'Cryptographic Length', index: 0, value: intItem('Cryptographic Length', 256) },
    ...(spec.names ?? []).map((n, i) => nameAttr(n, i)),
    { name: 'x-note', index: 1, value: { tag: Tag.AttributeValue, type: 'TextString', value: 'second' } },
  ];
  return {
    uid,
    objectType: spec.type ?? ObjectType.SymmetricKey,
    owner: spec.owner ?? 'alice',
    attributes,
    body: symmetricKeyObject(CryptographicAlgorithm.AES, 256, key),
    revision: 1,
  };
}

export function withNote(obj: ManagedObject, note: string, revision: number): ManagedObject {
  const attributes = [
    ...obj.attributes.filter((a) => a.name !== 'x-writer'),
    { name: 'x-writer', index: 0, value: { tag: Tag.AttributeValue, type: 'TextString', value: note } },
  ] as Attribute[];
  return { ...obj, attributes, revision };
}

export function noteOf(obj: ManagedObject | undefined): string | undefined {
  const v = obj?.attributes.find((a) => a.name === 'x-writer')?.value;
  return v?.type === 'TextString' ? v.value : undefined;
}

async function must(store: Store, uid: string): Promise<ManagedObject> {
  const o = await store.get(uid);
  assert.ok(o !== undefined, `object ${uid} is missing`);
  return o;
}

/** The owner's objects named `name` (any state), newest first. */
export async function named(store: Store, owner: string, name: string): Promise<string[]> {
  const criterion = {
    kind: 'value',
    name: 'Name',
    value: {
      tag: Tag.Name,
      type: 'Structure',
      value: [{ tag: Tag.NameValue, type: 'TextString', value: name }],
    },
  } as const;
  const found = await store.locate({
    visibility: { identity: owner, own: 'all', anyOwner: [] },
    criteria: [criterion],
    storage: 7,
    now: new Date(),
  });
  return [...found.uids];
}

/** Runs the shared suite on `backend`; `skip` (a reason) skips it all. */
export function storeContract(backend: StoreBackend, skip?: string): void {
  describe(`Store contract: ${backend.name}`, { skip: skip ?? false }, () => {
    const open = async (): Promise<{ store: Store; done: () => Promise<void> }> => {
      const db = await backend.database();
      const store = await db.open(newEnvelope());
      return {
        store,
        done: async () => {
          await store.close();
          await db.dispose();
        },
      };
    };
    locateContract(open);
    locateRandomContract(open);

    const withStore = async (
      fn: (s: ContractStore, db: ContractDatabase, env: Envelope) => Promise<void>,
    ) => {
      const db = await backend.database();
      const env = newEnvelope();
      const s = await db.open(env);
      try {
        await fn(s, db, env);
      } finally {
        await s.close();
        await db.dispose();
      }
    };

    test('a setting reads back as stored, replaced by a later put, and survives a reopen', () =>
      withStore(async (s, db, env) => {
        assert.equal(await s.getSetting('constraints:alice'), undefined);
        await s.putSetting('constraints:alice', new Uint8Array([1, 2, 3]));
        await s.putSetting('constraints:alice', new Uint8Array([4, 5]));
        await s.putSetting('constraints:bob', new Uint8Array([6]));
        assert.deepEqual(Buffer.from((await s.getSetting('constraints:alice')) ?? []), Buffer.from([4, 5]));
        // The store's own meta entries are not settings.
        assert.equal(await s.getSetting('master-key-check'), undefined);
        const again = await db.open(env);
        try {
          assert.deepEqual(Buffer.from((await again.getSetting('constraints:bob')) ?? []), Buffer.from([6]));
        } finally {
          await again.close();
        }
      }));

    test('insert then get returns the object as given, at revision 1', () =>
      withStore(async (s) => {
        const obj = keyObject({ names: ['k1', 'k1-alias'] });
        await s.insert(obj);
        assert.deepEqual(await s.get(obj.uid), obj);
        assert.equal(await s.get('no-such-uid'), undefined);
      }));

    test('ping answers, and countObjects counts by object type and state', () =>
      withStore(async (s) => {
        assert.ok(isObservable(s), 'the backend implements the admin listener checks');
        await s.ping();
        assert.deepEqual(await s.countObjects(), []);
        await s.insert(keyObject({ state: State.Active }));
        await s.insert(keyObject({ state: State.Active }));
        await s.insert(keyObject({ state: State.PreActive }));
        await s.insert(keyObject({ type: ObjectType.SecretData, state: State.Active }));
        const counts = (await s.countObjects()).map((c) => `${c.objectType}/${c.state}:${c.count}`).sort();
        assert.deepEqual(
          counts,
          [
            `${ObjectType.SymmetricKey}/${State.Active}:2`,
            `${ObjectType.SymmetricKey}/${State.PreActive}:1`,
            `${ObjectType.SecretData}/${State.Active}:1`,
          ].sort(),
        );
      }));

    test('an object without a body round-trips with body undefined', () =>
      withStore(async (s) => {
        const obj = { ...keyObject(), body: undefined };
        await s.insert(obj);
        assert.deepEqual(await s.get(obj.uid), obj);
      }));

    test('inserting a unique identifier twice fails and keeps the first object', () =>
      withStore(async (s) => {
        const obj = keyObject();
        await s.insert(obj);
        await assert.rejects(s.insert({ ...keyObject({ owner: 'mallory' }), uid: obj.uid }));
        assert.equal((await must(s, obj.uid)).owner, 'alice');
      }));

    test('update needs the next revision; a stale or missing one is ConcurrentUpdateError', () =>
      withStore(async (s) => {
        const obj = keyObject({ names: ['before'] });
        await s.insert(obj);
        const next = withNote(obj, 'one', 2);
        await s.update(next);
        assert.deepEqual(await s.get(obj.uid), next);
        await assert.rejects(s.update(withNote(obj, 'stale', 2)), ConcurrentUpdateError);
        await assert.rejects(s.update(withNote(obj, 'skip', 4)), ConcurrentUpdateError);
        await assert.rejects(s.update(withNote(keyObject(), 'none', 2)), ConcurrentUpdateError);
        assert.equal(noteOf(await s.get(obj.uid)), 'one');
        // The body changes with an update too (re-sealed).
        const rekeyed = { ...next, body: keyObject().body, revision: 3 };
        await s.update(rekeyed);
        assert.deepEqual((await must(s, obj.uid)).body, rekeyed.body);
      }));

    test('remove takes the object and its names; removing twice is no error; the uid is free again', () =>
      withStore(async (s) => {
        const obj = keyObject({ names: ['gone'] });
        await s.insert(obj);
        await s.remove(obj.uid);
        await s.remove(obj.uid);
        assert.equal(await s.get(obj.uid), undefined);
        assert.deepEqual(await named(s, 'alice', 'gone'), []);
        await s.insert(obj); // Undo of a Destroy re-inserts
        assert.deepEqual(await s.get(obj.uid), obj);
        assert.deepEqual(await named(s, 'alice', 'gone'), [obj.uid]);
      }));

    test('rows hold the shared attribute bytes and a sealed body, never the key in plaintext', () =>
      withStore(async (s, db, env) => {
        const key = randomBytes(32);
        const obj = keyObject({ key, names: ['sealed-check'] });
        await s.insert(obj);
        const raw = await db.rawRows();
        assert.deepEqual(raw.attributes, [Buffer.from(encodeAttributesBlob(obj.attributes))]);
        assert.equal(raw.all.indexOf(key), -1, 'the key bytes appear in the stored row');
        assert.equal(raw.all.indexOf(key.subarray(0, 12)), -1, 'part of the key appears in the row');
        const [rec] = await collect(s.sealedRecords());
        assert.ok(rec?.body != null);
        assert.equal(Envelope.keyIdOf(rec.body), env.currentKeyId);
      }));

    test('a store opened with another master key is refused; the right key opens it', async () => {
      const db = await backend.database();
      const env = newEnvelope();
      try {
        const s = await db.open(env);
        const obj = keyObject();
        await s.insert(obj);
        await s.close();
        await assert.rejects(db.open(newEnvelope()), /master key does not match/);
        const again = await db.open(env);
        assert.deepEqual(await again.get(obj.uid), obj);
        await again.close();
      } finally {
        await db.dispose();
      }
    });

    test('master key rotation re-wraps every body under the new key; the old key can then go', async () => {
      const db = await backend.database();
      const oldKey = { id: 'old', key: randomBytes(32) };
      const newKey = { id: 'new', key: randomBytes(32) };
      try {
        const before = await db.open(new Envelope([oldKey]));
        const objs = [keyObject(), keyObject(), { ...keyObject(), body: undefined }];
        for (const o of objs) await before.insert(o);
        await before.close();
        const rotating = await db.open(new Envelope([newKey, oldKey]));
        assert.equal(await rotating.countStale(), 2);
        const r = await rotating.rewrapStale(0, 1);
        assert.deepEqual([r.scanned, r.rewrapped], [1, 1], 'a batch stops at its limit');
        assert.deepEqual(await rewrapAll(rotating, { batchSize: 1 }), {
          rewrapped: 1,
          failed: [],
          remaining: 0,
        });
        await rotating.close();
        const after = await db.open(new Envelope([newKey]));
        for (const o of objs) assert.deepEqual(await after.get(o.uid), o);
        for await (const rec of after.sealedRecords()) {
          if (rec.body !== null) assert.equal(Envelope.keyIdOf(rec.body), 'new');
        }
        await after.close();
        await assert.rejects(db.open(new Envelope([oldKey])), /master key does not match/);
      } finally {
        await db.dispose();
      }
    });

    test('migrations: reopening keeps the data; two stores opening a new database at once both work', async () => {
      const db = await backend.database();
      const env = newEnvelope();
      try {
        const [s1, s2] = await Promise.all([db.open(env), db.open(env)]);
        const obj = keyObject({ names: ['m'] });
        await s1.insert(obj);
        assert.deepEqual(await s2.get(obj.uid), obj);
        await Promise.all([s1.close(), s2.close()]);
        const s3 = await db.open(env);
        assert.deepEqual(await named(s3, 'alice', 'm'), [obj.uid]);
        await s3.close();
      } finally {
        await db.dispose();
      }
    });

    test('two stores on one database: of two updates from the same revision one wins, one conflicts', async () => {
      const db = await backend.database();
      const env = newEnvelope();
      const [a, b] = await Promise.all([db.open(env), db.open(env)]);
      try {
        const obj = keyObject();
        await a.insert(obj);
        for (let round = 0; round < 20; round++) {
          const [fromA, fromB] = await Promise.all([must(a, obj.uid), must(b, obj.uid)]);
          assert.equal(fromA.revision, fromB.revision);
          const rev = fromA.revision + 1;
          const results = await Promise.allSettled([
            a.update(withNote(fromA, `A${round}`, rev)),
            b.update(withNote(fromB, `B${round}`, rev)),
          ]);
          const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i === 0 ? 'A' : 'B'] : []));
          assert.equal(won.length, 1, `round ${round}: ${won.length} updates won`);
          for (const r of results) {
            if (r.status === 'rejected')
              assert.ok(r.reason instanceof ConcurrentUpdateError, String(r.reason));
          }
          const now = await must(b, obj.uid);
          assert.equal(now.revision, rev);
          assert.equal(noteOf(now), `${won[0] ?? ''}${round}`);
        }
      } finally {
        await Promise.all([a.close(), b.close()]);
        await db.dispose();
      }
    });

    test('two stores incrementing one counter with retry on conflict lose no increment', async () => {
      const db = await backend.database();
      const env = newEnvelope();
      const [a, b] = await Promise.all([db.open(env), db.open(env)]);
      try {
        const obj = keyObject();
        await a.insert(withNote(obj, '0', 1));
        const PER_WORKER = 25;
        let conflicts = 0;
        const worker = async (s: Store): Promise<void> => {
          for (let done = 0; done < PER_WORKER;) {
            const cur = await must(s, obj.uid);
            try {
              await s.update(withNote(cur, String(Number(noteOf(cur)) + 1), cur.revision + 1));
              done++;
            } catch (e) {
              if (!(e instanceof ConcurrentUpdateError)) throw e;
              conflicts++;
            }
          }
        };
        await Promise.all([worker(a), worker(a), worker(b), worker(b)]);
        const final = await must(a, obj.uid);
        assert.equal(noteOf(final), String(4 * PER_WORKER), `lost updates (${conflicts} conflicts seen)`);
        assert.equal(final.revision, 1 + 4 * PER_WORKER);
        assert.ok(conflicts > 0, 'the workers never raced, so the test proved nothing');
      } finally {
        await Promise.all([a.close(), b.close()]);
        await db.dispose();
      }
    });

    test('sealed records move to another database unchanged and open there with the same key', async () => {
      const from = await backend.database();
      const to = await backend.database();
      const env = newEnvelope();
      const src = await from.open(env);
      const dst = await to.open(env);
      try {
        const objs = [keyObject({ names: ['x'] }), { ...keyObject({ owner: 'bob' }), body: undefined }];
        for (const o of objs) await src.insert(o);
        await src.update(withNote(objs[0]!, 'moved', 2));
        const records = await collect(src.sealedRecords());
        assert.equal(await dst.insertSealed(iterate(records)), 2);
        assert.deepEqual(await collect(dst.sealedRecords()), records);
        assert.deepEqual(await dst.get(objs[0]!.uid), withNote(objs[0]!, 'moved', 2));
        assert.deepEqual(await named(dst, 'alice', 'x'), [objs[0]!.uid]);
        // All or none: a batch with a uid already present adds nothing.
        const fresh = keyObject();
        await src.insert(fresh);
        const again = await collect(src.sealedRecords());
        await assert.rejects(dst.insertSealed(iterate(again)), /already exists in this database/);
        assert.equal(await dst.get(fresh.uid), undefined);
        assert.equal((await collect(dst.sealedRecords())).length, 2);
      } finally {
        await Promise.all([src.close(), dst.close()]);
        await Promise.all([from.dispose(), to.dispose()]);
      }
    });
  });
}

/** Every column of every row as bytes, and the attribute blobs alone. */
export function rawOf(rows: readonly Record<string, unknown>[]): { attributes: Buffer[]; all: Buffer } {
  const parts: Buffer[] = [];
  for (const row of rows) {
    for (const v of Object.values(row)) {
      if (Buffer.isBuffer(v)) parts.push(v);
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint')
        parts.push(Buffer.from(String(v)));
    }
  }
  return { attributes: rows.map((r) => r.attributes as Buffer), all: Buffer.concat(parts) };
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export async function* iterate(records: readonly SealedRecord[]): AsyncGenerator<SealedRecord> {
  for (const r of records) yield r;
}
