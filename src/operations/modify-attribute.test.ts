import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import {
  attr1x,
  createKey,
  name1x,
  name2x,
  stored,
  uidXml,
  vendor2x,
} from '../../test/helpers/object-fixtures.js';
import { State } from '../spec/generated/enums.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

const modify2x = (h: Harness, uid: string, newAttr: string, current = '') =>
  h.op(
    'ModifyAttribute',
    `${uidXml(uid)}${current === '' ? '' : `<CurrentAttribute>${current}</CurrentAttribute>`}<NewAttribute>${newAttr}</NewAttribute>`,
    { version: '2.1' },
  );

test('1.x Modify Attribute replaces instance 0 by default, or the Attribute Index named, and echoes it', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { extra: attr1x('x-attribute1', 'TextString', 'Value1') });
    await h.op('AddAttribute', uidXml(uid) + attr1x('x-attribute1', 'TextString', 'Value2'));
    const first = await h.op(
      'ModifyAttribute',
      uidXml(uid) + attr1x('x-attribute1', 'TextString', 'ModifiedValue1'),
    );
    assert.equal(first.status, 'Success', first.xml);
    assert.match(first.xml, /AttributeValue type="TextString" value="ModifiedValue1"/);
    assert.match(first.xml, /AttributeIndex type="Integer" value="0"/, 'a 1.x answer gives index 0');
    const second = await h.op(
      'ModifyAttribute',
      uidXml(uid) + attr1x('x-attribute1', 'TextString', 'ModifiedValue2', 1),
    );
    assert.match(second.xml, /AttributeIndex type="Integer" value="1"/);
    assert.deepEqual(
      (await stored(h, uid, 'x-attribute1')).map((a) => [a.index, a.value.value]),
      [
        [0, 'ModifiedValue1'],
        [1, 'ModifiedValue2'],
      ],
    );
  });
});

test('1.x: a missing attribute is Invalid Field, a missing index Item Not Found', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { extra: attr1x('x-present', 'TextString', 'v') });
    const absent = await h.op('ModifyAttribute', uidXml(uid) + attr1x('x-absent', 'TextString', 'v'));
    assert.equal(absent.reason, 'InvalidField', absent.xml);
    const noIndex = await h.op('ModifyAttribute', uidXml(uid) + attr1x('x-present', 'TextString', 'v', 4));
    assert.equal(noIndex.reason, 'ItemNotFound', noIndex.xml);
  });
});

test('2.x Modify Attribute picks the instance by the Current Attribute value and answers the UID only', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, {
      version: '2.1',
      extra: vendor2x('tag', 'TextString', 'a') + vendor2x('tag', 'TextString', 'b'),
    });
    const r = await modify2x(h, uid, vendor2x('tag', 'TextString', 'B'), vendor2x('tag', 'TextString', 'b'));
    assert.equal(r.status, 'Success', r.xml);
    assert.doesNotMatch(r.xml, /<Attribute>/);
    assert.deepEqual(
      (await stored(h, uid, 'x-tag')).map((a) => a.value.value),
      ['a', 'B'],
    );
    const ambiguous = await modify2x(h, uid, vendor2x('tag', 'TextString', 'z'));
    assert.equal(ambiguous.reason, 'AttributeInstanceNotFound', ambiguous.xml);
    const noMatch = await modify2x(
      h,
      uid,
      vendor2x('tag', 'TextString', 'z'),
      vendor2x('tag', 'TextString', 'q'),
    );
    assert.equal(noMatch.reason, 'AttributeInstanceNotFound', noMatch.xml);
    const absent = await modify2x(h, uid, '<Comment type="TextString" value="c"/>');
    assert.equal(absent.reason, 'AttributeNotFound', absent.xml);
    const mismatch = await modify2x(
      h,
      uid,
      '<Comment type="TextString" value="c"/>',
      vendor2x('tag', 'TextString', 'a'),
    );
    assert.equal(mismatch.reason, 'InvalidField', mismatch.xml);
  });
});

test('read-only attributes cannot be modified: 2.x Attribute Read Only (OASIS BL-M-7), 1.x Permission Denied', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const v2 = await modify2x(h, uid, '<State type="Enumeration" value="Compromised"/>');
    assert.equal(v2.reason, 'AttributeReadOnly', v2.xml);
    const v1 = await h.op('ModifyAttribute', uidXml(uid) + attr1x('Cryptographic Length', 'Integer', '128'));
    assert.equal(v1.reason, 'PermissionDenied', v1.xml);
  });
});

test('the Activation Date of an Active key cannot change: 2.x Wrong Key Lifecycle State, 1.x Permission Denied', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    await h.op('Activate', uidXml(uid));
    const v2 = await modify2x(h, uid, '<ActivationDate type="DateTime" value="2030-01-01T00:00:00+00:00"/>');
    assert.equal(v2.reason, 'WrongKeyLifecycleState', v2.xml);
    const v1 = await h.op(
      'ModifyAttribute',
      uidXml(uid) + attr1x('Activation Date', 'DateTime', '2030-01-01T00:00:00+00:00'),
    );
    assert.equal(v1.reason, 'PermissionDenied', v1.xml);
  });
});

test('a Pre-Active key accepts a new Activation Date, and one in the past activates it', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, {
      extra: attr1x('Activation Date', 'DateTime', '2100-01-01T00:00:00+00:00'),
    });
    const later = await h.op(
      'ModifyAttribute',
      uidXml(uid) + attr1x('Activation Date', 'DateTime', '2099-01-01T00:00:00+00:00'),
    );
    assert.equal(later.status, 'Success', later.xml);
    assert.equal((await stored(h, uid, 'State'))[0]?.value.value, State.PreActive);
    const past = await modify2x(
      h,
      uid,
      '<ActivationDate type="DateTime" value="2000-01-01T00:00:00+00:00"/>',
    );
    assert.equal(past.status, 'Success', past.xml);
    assert.equal((await stored(h, uid, 'State'))[0]?.value.value, State.Active);
  });
});

test("a Name may be modified to itself; to another of the owner's names only at 1.x", async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { name: 'mine' });
    await createKey(h, { name: 'taken' });
    const same = await h.op('ModifyAttribute', uidXml(uid) + name1x('mine'));
    assert.equal(same.status, 'Success', same.xml);
    const v2 = await modify2x(h, uid, name2x('taken'));
    assert.equal(v2.reason, 'NonUniqueNameAttribute', v2.xml);
    const v1 = await h.op('ModifyAttribute', uidXml(uid) + name1x('taken'));
    assert.equal(v1.status, 'Success', v1.xml);
  });
});

test('making a key non-Sensitive or Extractable clears Always Sensitive and Never Extractable for good', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, {
      version: '2.1',
      extra: '<Sensitive type="Boolean" value="true"/><Extractable type="Boolean" value="false"/>',
    });
    assert.equal((await stored(h, uid, 'Always Sensitive'))[0]?.value.value, true);
    assert.equal((await stored(h, uid, 'Never Extractable'))[0]?.value.value, true);
    assert.equal((await modify2x(h, uid, '<Sensitive type="Boolean" value="false"/>')).status, 'Success');
    assert.equal((await modify2x(h, uid, '<Extractable type="Boolean" value="true"/>')).status, 'Success');
    assert.equal((await modify2x(h, uid, '<Sensitive type="Boolean" value="true"/>')).status, 'Success');
    assert.equal((await stored(h, uid, 'Always Sensitive'))[0]?.value.value, false);
    assert.equal((await stored(h, uid, 'Never Extractable'))[0]?.value.value, false);
  });
});
