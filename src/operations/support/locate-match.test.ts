// Locate's matching rules as criteria (KMIP 2.1 §6.1.28, 1.4 §4.9): dates, masks, Usage Limits,
// several values of one attribute, and Object Group Member.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tag } from '../../spec/generated/tags.js';
import type { Attribute } from '../../messages/attributes.js';
import type { AttributeName } from '../../spec/generated/attributes.js';
import { KmipError } from '../../messages/kmip-error.js';
import { groupMemberRule, locateCriteria } from './locate-match.js';

const MAX_DATE = 0x7fffffffffffffffn;
const date = (name: AttributeName, value: bigint): Attribute => ({
  name,
  index: 0,
  value: { tag: 0, type: 'DateTime', value },
});
const int = (name: AttributeName, value: number): Attribute => ({
  name,
  index: 0,
  value: { tag: 0, type: 'Integer', value },
});
const text = (name: AttributeName, value: string): Attribute => ({
  name,
  index: 0,
  value: { tag: 0, type: 'TextString', value },
});

test('one date is that date; two are an inclusive range in either order; the largest date means none', () => {
  assert.deepEqual(locateCriteria([date('Initial Date', 50n)]), [
    { kind: 'dateRange', name: 'Initial Date', from: 50n, to: 50n },
  ]);
  assert.deepEqual(locateCriteria([date('Activation Date', 90n), date('Activation Date', 10n)]), [
    { kind: 'dateRange', name: 'Activation Date', from: 10n, to: 90n },
  ]);
  assert.deepEqual(locateCriteria([date('Initial Date', MAX_DATE)]), []);
  assert.deepEqual(locateCriteria([date('Initial Date', MAX_DATE), date('Initial Date', 7n)]), [
    { kind: 'dateRange', name: 'Initial Date', from: 7n, to: 7n },
  ]);
});

test('the usage mask asks for its bits; Usage Limits for at least the Count and Total given', () => {
  assert.deepEqual(locateCriteria([int('Cryptographic Usage Mask', 12)]), [
    { kind: 'allBits', name: 'Cryptographic Usage Mask', mask: 12 },
  ]);
  const limits: Attribute = {
    name: 'Usage Limits',
    index: 0,
    value: {
      tag: Tag.UsageLimits,
      type: 'Structure',
      value: [{ tag: Tag.UsageLimitsCount, type: 'LongInteger', value: 5n }],
    },
  };
  assert.deepEqual(locateCriteria([limits]), [
    {
      kind: 'value',
      name: 'Usage Limits',
      value: limits.value,
      atLeast: [Tag.UsageLimitsCount, Tag.UsageLimitsTotal],
    },
  ]);
});

test('every value of an attribute must match, each its own criterion; attributes are ANDed', () => {
  const c = locateCriteria([text('x-a', '1'), text('x-a', '2'), int('Cryptographic Length', 256)]);
  assert.deepEqual(
    c.map((x) => (x.kind === 'value' ? [x.name, x.value.value] : [])),
    [
      ['x-a', '1'],
      ['x-a', '2'],
      ['Cryptographic Length', 256],
    ],
  );
});

test('Object Group Member applies with an Object Group: Fresh members, or the default (newest) one', () => {
  const group = [text('Object Group', 'g')];
  assert.deepEqual(groupMemberRule(group, undefined), { criteria: [], newestOnly: false });
  assert.deepEqual(groupMemberRule([], 1), { criteria: [], newestOnly: false });
  assert.deepEqual(groupMemberRule(group, 1).criteria, [
    { kind: 'value', name: 'Fresh', value: { tag: Tag.Fresh, type: 'Boolean', value: true } },
  ]);
  assert.deepEqual(groupMemberRule(group, 2), { criteria: [], newestOnly: true });
  assert.throws(
    () => groupMemberRule(group, 3),
    (e) => e instanceof KmipError && /Object Group Member 3/.test(e.message),
  );
});
