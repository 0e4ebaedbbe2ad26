// Objects and criteria for the Locate store tests: a managed object as the engine builds one
// (with the attributes the server always sets), a Name value, visibility of one owner, a query,
// and a store filled with objects whose answers are checked against the JavaScript reference.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TtlvItem } from '../../src/ttlv/item.js';
import type { ManagedObject } from '../../src/objects/managed-object.js';
import { enumItem, textItem } from '../../src/objects/managed-object.js';
import type { Attribute } from '../../src/messages/attributes.js';
import type { AttributeName } from '../../src/spec/generated/attributes.js';
import { CryptographicAlgorithm, ObjectType, State } from '../../src/spec/generated/enums.js';
import { Tag } from '../../src/spec/generated/tags.js';
import type { AttributeCriterion, LocateQuery, Visibility } from '../../src/store/locate-query.js';
import type { Store } from '../../src/store/store.js';
import { referenceLocate } from './locate-reference.js';

export interface Spec {
  readonly owner?: string;
  readonly type?: number;
  readonly policy?: string;
  readonly state?: number;
  readonly attrs?: readonly Attribute[];
}

export const text = (name: AttributeName, value: string): TtlvItem => ({ ...textItem(name, value) });
export const custom = (value: TtlvItem): TtlvItem => ({ ...value, tag: Tag.AttributeValue });
export const struct = (tag: number, value: TtlvItem[]): TtlvItem => ({ tag, type: 'Structure', value });
export const attr = (name: AttributeName, value: TtlvItem, index = 0): Attribute => ({ name, index, value });
export const nameValue = (v: string, type = 1): TtlvItem =>
  struct(Tag.Name, [
    { tag: Tag.NameValue, type: 'TextString', value: v },
    { tag: Tag.NameType, type: 'Enumeration', value: type },
  ]);

/** A managed object with the attributes the server always sets, plus `spec.attrs`. */
export function object(spec: Spec = {}): ManagedObject {
  const uid = randomUUID();
  const type = spec.type ?? ObjectType.SymmetricKey;
  const attributes: Attribute[] = [
    attr('Unique Identifier', text('Unique Identifier', uid)),
    attr('Object Type', enumItem('Object Type', type)),
    attr('State', enumItem('State', spec.state ?? State.Active)),
    attr('Cryptographic Algorithm', enumItem('Cryptographic Algorithm', CryptographicAlgorithm.AES)),
    ...(spec.policy !== undefined
      ? [attr('Operation Policy Name', text('Operation Policy Name', spec.policy))]
      : []),
    ...(spec.attrs ?? []),
  ];
  return { uid, objectType: type, owner: spec.owner ?? 'alice', attributes, body: undefined, revision: 1 };
}

export const ownerOnly = (identity: string): Visibility => ({ identity, own: 'all', anyOwner: [] });

export const ALL_STORAGE = 7;
export const ONLINE = 1;
export const NOW = new Date('2030-01-01T00:00:00Z');
/** NOW in seconds. */
export const T = BigInt(Math.floor(NOW.getTime() / 1000));

/** A query of alice's own objects, on-line, at NOW, with these criteria. */
export function query(criteria: readonly AttributeCriterion[], more: Partial<LocateQuery> = {}): LocateQuery {
  return { visibility: ownerOnly('alice'), criteria, storage: ONLINE, now: NOW, ...more };
}

export const value = (name: string, v: TtlvItem, atLeast?: number[]): AttributeCriterion => ({
  kind: 'value',
  name,
  value: v,
  ...(atLeast !== undefined ? { atLeast } : {}),
});

/** Opens an empty store, and a function that closes and removes it. */
export type OpenStore = () => Promise<{ store: Store; done: () => Promise<void> }>;

/**
 * Stores `specs` in a new store and runs `fn`, whose `check` asserts that the store answers a
 * query as the JavaScript reference does (and, if given, with exactly `expected`).
 */
export async function withStoredObjects(
  open: OpenStore,
  specs: readonly (ManagedObject | Spec)[],
  fn: (
    s: Store,
    objs: ManagedObject[],
    check: (q: LocateQuery, expected?: string[]) => Promise<string[]>,
  ) => Promise<void>,
): Promise<void> {
  const { store, done } = await open();
  try {
    const objs = specs.map((s) => ('uid' in s ? s : object(s)));
    for (const o of objs) await store.insert(o);
    const check = async (q: LocateQuery, expected?: string[]): Promise<string[]> => {
      const got = await store.locate(q);
      const want = referenceLocate(objs, q);
      assert.deepEqual(
        got,
        want,
        JSON.stringify(q, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
      );
      if (expected !== undefined) assert.deepEqual(got.uids, expected);
      return [...got.uids];
    };
    await fn(store, objs, check);
  } finally {
    await done();
  }
}
