// Locate as every backend owes it (store/locate-query.ts), run by store-contract.ts against SQLite
// and PostgreSQL: each criterion kind, visibility, Storage Status Mask, State after time
// transitions, newest-first order with Offset, Maximum and the count, the index following
// updates and removals, and a randomized comparison with the plain JavaScript answer
// (test/helpers/locate-reference.ts) over both query plans (locate-random-contract.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TtlvItem } from '../../src/ttlv/item.js';
import type { ManagedObject } from '../../src/objects/managed-object.js';
import { dateItem, enumItem, intItem } from '../../src/objects/managed-object.js';
import type { Attribute } from '../../src/messages/attributes.js';
import type { AttributeName } from '../../src/spec/generated/attributes.js';
import { CryptographicAlgorithm, LinkType, ObjectType, State } from '../../src/spec/generated/enums.js';
import { Tag } from '../../src/spec/generated/tags.js';
import type { AttributeCriterion, LocateQuery, Visibility } from '../../src/store/locate-query.js';
import { referenceLocate } from '../helpers/locate-reference.js';
import {
  ALL_STORAGE,
  NOW,
  T,
  attr,
  custom,
  nameValue,
  ownerOnly,
  query,
  struct,
  text,
  value,
  withStoredObjects,
  type OpenStore,
} from '../helpers/locate-fixtures.js';

/** The Locate suite for one backend; `open` gives an empty store. */
export function locateContract(open: OpenStore): void {
  const withObjects = (
    specs: Parameters<typeof withStoredObjects>[1],
    fn: Parameters<typeof withStoredObjects>[2],
  ): Promise<void> => withStoredObjects(open, specs, fn);
  const uid = (o: ManagedObject | undefined): string => o?.uid ?? 'missing';

  test('locate: scalar values of every type match on type and value', () =>
    withObjects(
      [
        {
          attrs: [
            attr('x-bucket', custom(text('x-bucket', 'b1'))),
            attr('Cryptographic Length', intItem('Cryptographic Length', 256)),
          ],
        },
        {
          attrs: [
            attr('x-bucket', custom(text('x-bucket', 'b2'))),
            attr('Cryptographic Length', intItem('Cryptographic Length', 128)),
          ],
        },
        {
          attrs: [
            attr('x-bytes', custom({ tag: 0, type: 'ByteString', value: new Uint8Array([1, 2, 3]) })),
            attr('x-big', custom({ tag: 0, type: 'BigInteger', value: -(2n ** 80n) })),
            attr('x-long', custom({ tag: 0, type: 'LongInteger', value: -5n })),
            attr('x-flag', custom({ tag: 0, type: 'Boolean', value: true })),
            attr('x-interval', custom({ tag: 0, type: 'Interval', value: 3600 })),
            attr('x-ext', custom({ tag: 0, type: 'DateTimeExtended', value: 1_700_000_000_000_001n })),
          ],
        },
      ],
      async (_s, [a, b, c], check) => {
        await check(query([value('x-bucket', custom(text('x-bucket', 'b1')))]), [uid(a)]);
        await check(query([value('x-bucket', custom(text('x-bucket', 'B1')))]), []);
        await check(query([value('Cryptographic Length', intItem('Cryptographic Length', 128))]), [uid(b)]);
        // The same number as another type is another value.
        await check(query([value('Cryptographic Length', { tag: 0, type: 'LongInteger', value: 128n })]), []);
        await check(
          query([value('x-bytes', custom({ tag: 0, type: 'ByteString', value: new Uint8Array([1, 2, 3]) }))]),
          [uid(c)],
        );
        await check(
          query([value('x-bytes', custom({ tag: 0, type: 'ByteString', value: new Uint8Array([1, 2]) }))]),
          [],
        );
        await check(query([value('x-big', custom({ tag: 0, type: 'BigInteger', value: -(2n ** 80n) }))]), [
          uid(c),
        ]);
        await check(query([value('x-long', custom({ tag: 0, type: 'LongInteger', value: -5n }))]), [uid(c)]);
        await check(query([value('x-flag', custom({ tag: 0, type: 'Boolean', value: false }))]), []);
        await check(query([value('x-flag', custom({ tag: 0, type: 'Boolean', value: true }))]), [uid(c)]);
        await check(query([value('x-interval', custom({ tag: 0, type: 'Interval', value: 3600 }))]), [
          uid(c),
        ]);
        await check(
          query([
            value('x-ext', custom({ tag: 0, type: 'DateTimeExtended', value: 1_700_000_000_000_001n })),
          ]),
          [uid(c)],
        );
        await check(query([value('x-unknown', custom(text('x-bucket', 'b1')))]), []);
        await check(
          query([
            value('Cryptographic Algorithm', enumItem('Cryptographic Algorithm', CryptographicAlgorithm.AES)),
          ]),
          [uid(c), uid(b), uid(a)],
        );
      },
    ));

  test('locate: long values (hashed in the index) match exactly', () => {
    const long = 'v'.repeat(300);
    return withObjects(
      [
        { attrs: [attr('x-doc', custom(text('x-bucket', long)))] },
        { attrs: [attr('x-doc', custom(text('x-bucket', `${long}w`)))] },
      ],
      async (_s, [a], check) => {
        await check(query([value('x-doc', custom(text('x-bucket', long)))]), [uid(a)]);
        await check(query([value('x-doc', custom(text('x-bucket', long.slice(1))))]), []);
      },
    );
  });

  test('locate: a structure matches on the fields given, all within one instance', () =>
    withObjects(
      [
        { attrs: [attr('Name', nameValue('k1', 1)), attr('Name', nameValue('alias', 2), 1)] },
        { attrs: [attr('Name', nameValue('k1', 2))] },
        {
          attrs: [
            attr(
              'Link',
              struct(Tag.Link, [
                { tag: Tag.LinkType, type: 'Enumeration', value: LinkType.PublicKeyLink },
                { tag: Tag.LinkedObjectIdentifier, type: 'TextString', value: 'pub-1' },
              ]),
            ),
          ],
        },
      ],
      async (_s, [a, b, c], check) => {
        const name = (fields: TtlvItem[]): AttributeCriterion => value('Name', struct(Tag.Name, fields));
        const v = (s: string): TtlvItem => ({ tag: Tag.NameValue, type: 'TextString', value: s });
        const t = (n: number): TtlvItem => ({ tag: Tag.NameType, type: 'Enumeration', value: n });
        await check(query([name([v('k1')])]), [uid(b), uid(a)]);
        await check(query([name([v('k1'), t(1)])]), [uid(a)]);
        // k1 is type 1 and alias is type 2 on `a`, but no one instance is k1 of type 2.
        await check(query([name([v('k1'), t(2)])]), [uid(b)]);
        await check(query([name([v('alias'), t(1)])]), []);
        await check(query([name([t(2)])]), [uid(b), uid(a)]);
        await check(query([name([])]), [uid(b), uid(a)]);
        await check(
          query([
            value(
              'Link',
              struct(Tag.Link, [{ tag: Tag.LinkedObjectIdentifier, type: 'TextString', value: 'pub-1' }]),
            ),
          ]),
          [uid(c)],
        );
        // A scalar wanted where the object holds a structure matches nothing.
        await check(query([value('Name', text('Name', 'k1'))]), []);
      },
    ));

  test('locate: nested structures of a custom attribute match within one branch', () => {
    const leaf = (tag: number, n: number): TtlvItem => ({ tag, type: 'Integer', value: n });
    const branch = (x: number, y: number): TtlvItem =>
      struct(Tag.KeyBlock, [leaf(Tag.CryptographicLength, x), leaf(Tag.TagLength, y)]);
    return withObjects(
      [{ attrs: [attr('x-tree', custom(struct(0, [branch(1, 2), branch(3, 4)])))] }],
      async (_s, [a], check) => {
        await check(query([value('x-tree', custom(struct(0, [branch(1, 2)])))]), [uid(a)]);
        await check(query([value('x-tree', custom(struct(0, [branch(3, 4), branch(1, 2)])))]), [uid(a)]);
        // 1 and 4 exist, but in different branches.
        await check(query([value('x-tree', custom(struct(0, [branch(1, 4)])))]), []);
        await check(
          query([value('x-tree', custom(struct(0, [struct(Tag.KeyBlock, [leaf(Tag.TagLength, 4)])])))]),
          [uid(a)],
        );
      },
    );
  });

  test('locate: several values of one attribute must each match an instance', () =>
    withObjects(
      [
        { attrs: [attr('Name', nameValue('one')), attr('Name', nameValue('two'), 1)] },
        { attrs: [attr('Name', nameValue('one'))] },
      ],
      async (_s, [a, b], check) => {
        const n = (s: string): AttributeCriterion =>
          value('Name', struct(Tag.Name, [{ tag: Tag.NameValue, type: 'TextString', value: s }]));
        await check(query([n('one'), n('two')]), [uid(a)]);
        await check(query([n('one')]), [uid(b), uid(a)]);
        await check(query([n('one'), n('three')]), []);
      },
    ));

  test('locate: date ranges are inclusive; usage masks need every bit; usage limits are at least', () => {
    const date = (name: AttributeName, s: bigint): Attribute =>
      attr(name, dateItem(name, new Date(Number(s) * 1000)));
    const limits = (count: bigint, total: bigint): Attribute =>
      attr(
        'Usage Limits',
        struct(Tag.UsageLimits, [
          { tag: Tag.UsageLimitsTotal, type: 'LongInteger', value: total },
          { tag: Tag.UsageLimitsCount, type: 'LongInteger', value: count },
          { tag: Tag.UsageLimitsUnit, type: 'Enumeration', value: 1 },
        ]),
      );
    return withObjects(
      [
        {
          attrs: [
            date('Initial Date', 100n),
            attr('Cryptographic Usage Mask', intItem('Cryptographic Usage Mask', 0b1100)),
            limits(10n, 100n),
          ],
        },
        {
          attrs: [
            date('Initial Date', 200n),
            attr('Cryptographic Usage Mask', intItem('Cryptographic Usage Mask', 0b0100)),
            limits(5n, 100n),
          ],
        },
        {
          attrs: [
            date('Initial Date', 300n),
            attr('Cryptographic Usage Mask', intItem('Cryptographic Usage Mask', -1)),
          ],
        },
      ],
      async (_s, [a, b, c], check) => {
        const range = (from: bigint, to: bigint): AttributeCriterion => ({
          kind: 'dateRange',
          name: 'Initial Date',
          from,
          to,
        });
        await check(query([range(100n, 200n)]), [uid(b), uid(a)]);
        await check(query([range(101n, 300n)]), [uid(c), uid(b)]);
        await check(query([range(200n, 200n)]), [uid(b)]);
        await check(query([range(301n, 400n)]), []);
        const mask = (m: number): AttributeCriterion => ({
          kind: 'allBits',
          name: 'Cryptographic Usage Mask',
          mask: m,
        });
        await check(query([mask(0b0100)]), [uid(c), uid(b), uid(a)]);
        await check(query([mask(0b1100)]), [uid(c), uid(a)]);
        await check(query([mask(0b10000)]), [uid(c)]);
        const want = (count: bigint): AttributeCriterion =>
          value(
            'Usage Limits',
            struct(Tag.UsageLimits, [{ tag: Tag.UsageLimitsCount, type: 'LongInteger', value: count }]),
            [Tag.UsageLimitsCount, Tag.UsageLimitsTotal],
          );
        await check(query([want(5n)]), [uid(b), uid(a)]);
        await check(query([want(6n)]), [uid(a)]);
        await check(query([want(11n)]), []);
      },
    );
  });

  test('locate: Object Type, Unique Identifier, and State as time has moved it', () => {
    const at = (name: AttributeName, s: bigint): Attribute =>
      attr(name, dateItem(name, new Date(Number(s) * 1000)));
    return withObjects(
      [
        { state: State.PreActive, attrs: [at('Activation Date', T - 10n)] },
        { state: State.PreActive, attrs: [at('Activation Date', T + 10n)] },
        { state: State.Active, attrs: [at('Deactivation Date', T)] },
        { state: State.PreActive, attrs: [at('Activation Date', T - 10n), at('Deactivation Date', T - 5n)] },
        { type: ObjectType.SecretData, state: State.Compromised },
      ],
      async (_s, [nowActive, stillPre, deact, both, secret], check) => {
        const state = (s: number): AttributeCriterion => value('State', enumItem('State', s));
        await check(query([state(State.Active)]), [uid(nowActive)]);
        await check(query([state(State.PreActive)]), [uid(stillPre)]);
        await check(query([state(State.Deactivated)]), [uid(both), uid(deact)]);
        await check(query([state(State.Compromised)]), [uid(secret)]);
        await check(query([value('State', intItem('State', State.Active))]), []);
        await check(query([value('Object Type', enumItem('Object Type', ObjectType.SecretData))]), [
          uid(secret),
        ]);
        await check(
          query([
            value('Object Type', enumItem('Object Type', ObjectType.SecretData)),
            value('Object Type', enumItem('Object Type', ObjectType.SymmetricKey)),
          ]),
          [],
        );
        await check(query([value('Unique Identifier', text('Unique Identifier', uid(deact)))]), [uid(deact)]);
        await check(query([{ kind: 'dateRange', name: 'State', from: 0n, to: T }]), []);
      },
    );
  });

  test('locate: the Storage Status Mask selects on-line, archived and destroyed objects', () => {
    const archived = attr('Archive Date', dateItem('Archive Date', NOW));
    return withObjects(
      [
        {},
        { attrs: [archived] },
        { state: State.Destroyed },
        { state: State.DestroyedCompromised, attrs: [archived] },
      ],
      async (_s, [online, arch, destroyed, destroyedArch], check) => {
        await check(query([]), [uid(online)]);
        await check(query([], { storage: 2 }), [uid(arch)]);
        await check(query([], { storage: 4 }), [uid(destroyedArch), uid(destroyed)]);
        await check(query([], { storage: 3 }), [uid(arch), uid(online)]);
        await check(query([], { storage: 7 }), [uid(destroyedArch), uid(destroyed), uid(arch), uid(online)]);
        await check(query([], { storage: 0 }), []);
      },
    );
  });

  test('locate: newest first; Offset Items, Maximum Items and the count of every match', () =>
    withObjects(
      Array.from({ length: 7 }, (_, i) => ({
        type: i % 2 === 0 ? ObjectType.SymmetricKey : ObjectType.SecretData,
      })),
      async (_s, objs, check) => {
        const newest = objs.map(uid).reverse();
        await check(query([]), newest);
        await check(query([], { maximum: 3 }), newest.slice(0, 3));
        await check(query([], { offset: 2, maximum: 3, count: true }), newest.slice(2, 5));
        await check(query([], { offset: 5, count: true }), newest.slice(5));
        await check(query([], { offset: 9, maximum: 2, count: true }), []);
        await check(query([], { maximum: 0, count: true }), []);
        const keys = query([value('Object Type', enumItem('Object Type', ObjectType.SymmetricKey))], {
          maximum: 2,
          count: true,
        });
        await check(keys, newest.filter((_, i) => i % 2 === 0).slice(0, 2));
        await check(query([], { excludeUid: uid(objs[6]), maximum: 1 }), [newest[1] ?? '']);
      },
    ));

  test('locate: a caller sees its own objects under its grants and others only under shared grants', () =>
    withObjects(
      [
        { owner: 'alice' },
        { owner: 'bob' },
        { owner: 'bob', type: ObjectType.PublicKey },
        { owner: 'bob', type: ObjectType.Template, policy: 'public' },
        { owner: 'alice', policy: 'custom' },
        { owner: 'bob', policy: 'custom' },
        { owner: 'alice', policy: 'gone' },
        { owner: 'alice', type: ObjectType.PublicKey },
      ],
      async (_s, [aKey, bKey, bPub, bTemplate, aCustom, bCustom, , aPub], check) => {
        const keys = [ObjectType.SymmetricKey, ObjectType.SecretData];
        const v: Visibility = {
          identity: 'alice',
          own: [
            { policy: 'default', objectTypes: keys },
            { policy: 'custom', objectTypes: [ObjectType.SymmetricKey] },
          ],
          anyOwner: [
            { policy: 'default', objectTypes: [ObjectType.PublicKey] },
            { policy: 'public', objectTypes: [ObjectType.Template] },
          ],
        };
        await check(query([], { visibility: v, count: true }), [
          uid(aPub),
          uid(aCustom),
          uid(bTemplate),
          uid(bPub),
          uid(aKey),
        ]);
        await check(query([], { visibility: { ...v, identity: 'bob' }, count: true }), [
          uid(aPub),
          uid(bCustom),
          uid(bTemplate),
          uid(bPub),
          uid(bKey),
        ]);
        await check(
          query([], { visibility: { identity: 'carol', own: v.own, anyOwner: [] }, count: true }),
          [],
        );
        await check(query([], { visibility: ownerOnly('bob'), maximum: 2 }), [uid(bCustom), uid(bTemplate)]);
        // The same shapes through the value index (a name every object holds).
        const named = query(
          [value('Cryptographic Algorithm', enumItem('Cryptographic Algorithm', CryptographicAlgorithm.AES))],
          { visibility: v, count: true },
        );
        await check(named);
        await check({ ...named, maximum: 2 });
      },
    ));

  test('locate: updates and removals move objects in and out of every index', () =>
    withObjects(
      [{ attrs: [attr('Name', nameValue('old')), attr('x-tag', custom(text('x-bucket', 'a')))] }],
      async (s, [o]) => {
        if (o === undefined) throw new Error('no object');
        const byName = (n: string): LocateQuery =>
          query([value('Name', struct(Tag.Name, [{ tag: Tag.NameValue, type: 'TextString', value: n }]))]);
        const next: ManagedObject = {
          ...o,
          revision: 2,
          attributes: [
            ...o.attributes.filter((a) => a.name !== 'Name' && a.name !== 'State' && a.name !== 'x-tag'),
            attr('Name', nameValue('new')),
            attr('State', enumItem('State', State.Destroyed)),
            attr('Operation Policy Name', text('Operation Policy Name', 'custom')),
          ],
        };
        await s.update(next);
        const objs = [next];
        const same = async (q: LocateQuery, want: string[]): Promise<void> => {
          assert.deepEqual(await s.locate(q), referenceLocate(objs, q));
          assert.deepEqual((await s.locate(q)).uids, want);
        };
        await same(byName('old'), []);
        await same({ ...byName('new'), storage: ALL_STORAGE }, [o.uid]);
        await same(byName('new'), []);
        await same(query([value('x-tag', custom(text('x-bucket', 'a')))], { storage: ALL_STORAGE }), []);
        const custom1 = {
          identity: 'bob',
          own: [],
          anyOwner: [{ policy: 'custom', objectTypes: [ObjectType.SymmetricKey] }],
        };
        await same({ ...byName('new'), storage: ALL_STORAGE, visibility: custom1 }, [o.uid]);
        await s.remove(o.uid);
        objs.splice(0);
        await same({ ...byName('new'), storage: ALL_STORAGE }, []);
        await same(query([], { storage: ALL_STORAGE }), []);
      },
    ));
}
