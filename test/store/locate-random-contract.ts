// Locate against the JavaScript reference (test/helpers/locate-reference.ts) on random objects
// and random queries: owners, types, states, policies, names, buckets, lengths, dates, masks,
// archived objects; criteria, visibility, Storage Status Mask, Offset and Maximum Items, counts.
// Run by store-contract.ts on both backends; with and without Maximum Items, both plans run.
import { test } from 'node:test';
import { dateItem, enumItem, intItem } from '../../src/objects/managed-object.js';
import { ObjectType, State } from '../../src/spec/generated/enums.js';
import { Tag } from '../../src/spec/generated/tags.js';
import type { AttributeCriterion, Visibility } from '../../src/store/locate-query.js';
import {
  NOW,
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
  type Spec,
} from '../helpers/locate-fixtures.js';

export function locateRandomContract(open: OpenStore): void {
  test('locate: random objects and queries answer as the plain JavaScript matcher does', async () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const specs: Spec[] = Array.from({ length: 60 }, () => ({
      owner: ['alice', 'bob'][rnd(2)] ?? 'alice',
      type:
        [ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.SecretData][rnd(3)] ??
        ObjectType.SymmetricKey,
      state: [State.PreActive, State.Active, State.Deactivated, State.Destroyed][rnd(4)] ?? State.Active,
      ...(rnd(4) === 0 ? { policy: 'custom' } : {}),
      attrs: [
        attr('Name', nameValue(`n${rnd(6)}`, 1 + rnd(2))),
        attr('x-bucket', custom(text('x-bucket', `b${rnd(4)}`))),
        attr('Cryptographic Length', intItem('Cryptographic Length', [128, 256][rnd(2)] ?? 128)),
        attr('Initial Date', dateItem('Initial Date', new Date(1000 * rnd(10)))),
        attr('Cryptographic Usage Mask', intItem('Cryptographic Usage Mask', rnd(16))),
        ...(rnd(3) === 0 ? [attr('Archive Date', dateItem('Archive Date', NOW))] : []),
      ],
    }));
    await withStoredObjects(open, specs, async (_s, _objs, check) => {
      for (let i = 0; i < 150; i++) {
        const criteria: AttributeCriterion[] = [];
        if (rnd(2) === 0)
          criteria.push(
            value(
              'Name',
              struct(Tag.Name, [{ tag: Tag.NameValue, type: 'TextString', value: `n${rnd(6)}` }]),
            ),
          );
        if (rnd(3) === 0) criteria.push(value('x-bucket', custom(text('x-bucket', `b${rnd(4)}`))));
        if (rnd(3) === 0)
          criteria.push(
            value('Cryptographic Length', intItem('Cryptographic Length', [128, 256][rnd(2)] ?? 128)),
          );
        if (rnd(4) === 0)
          criteria.push({
            kind: 'dateRange',
            name: 'Initial Date',
            from: BigInt(rnd(5)),
            to: BigInt(5 + rnd(5)),
          });
        if (rnd(4) === 0) criteria.push({ kind: 'allBits', name: 'Cryptographic Usage Mask', mask: rnd(16) });
        if (rnd(4) === 0) criteria.push(value('State', enumItem('State', 1 + rnd(4))));
        if (rnd(4) === 0)
          criteria.push(
            value(
              'Object Type',
              enumItem('Object Type', [ObjectType.SymmetricKey, ObjectType.SecretData][rnd(2)] ?? 2),
            ),
          );
        const identity = rnd(2) === 0 ? 'alice' : 'bob';
        const visibility: Visibility =
          rnd(2) === 0
            ? ownerOnly(identity)
            : {
                identity,
                own: [{ policy: 'default', objectTypes: [ObjectType.SymmetricKey, ObjectType.SecretData] }],
                anyOwner: [
                  { policy: 'default', objectTypes: [ObjectType.PublicKey] },
                  { policy: 'custom', objectTypes: [ObjectType.SymmetricKey, ObjectType.PublicKey] },
                ],
              };
        await check(
          query(criteria, {
            visibility,
            storage: 1 + rnd(7),
            ...(rnd(2) === 0 ? { maximum: rnd(5) } : {}),
            ...(rnd(3) === 0 ? { offset: rnd(4) } : {}),
            count: rnd(2) === 0,
          }),
        );
      }
    });
  });
}
