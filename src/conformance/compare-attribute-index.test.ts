// The runner's one rule for Attribute Index: absent and 0 are the same value (KMIP 1.4 §2.1.1), so
// a server that sends index 0 (kmip-ts at 1.x) and a case that omits it (the OASIS cases) agree;
// any other index is still compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { Bindings, compareItems } from './compare.js';

function attribute(index: number | undefined): TtlvItem {
  return {
    tag: Tag.Attribute,
    type: 'Structure',
    value: [
      { tag: Tag.AttributeName, type: 'TextString', value: 'Contact Information' },
      ...(index === undefined ? [] : [{ tag: Tag.AttributeIndex, type: 'Integer' as const, value: index }]),
      { tag: Tag.AttributeValue, type: 'TextString', value: 'ops' },
    ],
  };
}

const compare = (expected: TtlvItem, actual: TtlvItem): string | undefined =>
  compareItems(expected, actual, new Bindings(0n), '');

test('an absent Attribute Index and index 0 compare equal, either way round', () => {
  assert.equal(compare(attribute(undefined), attribute(0)), undefined);
  assert.equal(compare(attribute(0), attribute(undefined)), undefined);
  assert.equal(compare(attribute(0), attribute(0)), undefined);
});

test('any other Attribute Index must match', () => {
  assert.match(compare(attribute(undefined), attribute(1)) ?? '', /AttributeIndex|unexpected/);
  assert.match(compare(attribute(1), attribute(undefined)) ?? '', /AttributeIndex|missing|found/);
  assert.match(compare(attribute(1), attribute(2)) ?? '', /2, expected 1/);
});
