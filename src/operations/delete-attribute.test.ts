import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, stored, uidXml, vendor2x } from '../../test/helpers/object-fixtures.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

const name1x = (name: string, index?: number): string =>
  `<AttributeName type="TextString" value="${name}"/>${index === undefined ? '' : `<AttributeIndex type="Integer" value="${index}"/>`}`;

test('1.x Delete Attribute returns the deleted attribute; a second delete is Item Not Found', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { extra: attr1x('x-attribute1', 'TextString', 'ModifiedValue1') });
    const r = await h.op('DeleteAttribute', uidXml(uid) + name1x('x-attribute1'));
    assert.equal(r.status, 'Success', r.xml);
    assert.match(r.xml, /AttributeName type="TextString" value="x-attribute1"/);
    assert.match(r.xml, /AttributeValue type="TextString" value="ModifiedValue1"/);
    assert.match(r.xml, /AttributeIndex type="Integer" value="0"/, 'a 1.x answer gives index 0');
    const again = await h.op('DeleteAttribute', uidXml(uid) + name1x('x-attribute1'));
    assert.equal(again.reason, 'ItemNotFound', again.xml);
  });
});

test('1.x Delete Attribute by index leaves the other indexes in place, and new instances do not reuse them', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, {
      extra: attr1x('x-t', 'TextString', 'a') + attr1x('x-t', 'TextString', 'b'),
    });
    const r = await h.op('DeleteAttribute', uidXml(uid) + name1x('x-t', 0));
    assert.equal(r.status, 'Success', r.xml);
    assert.deepEqual(
      (await stored(h, uid, 'x-t')).map((a) => [a.index, a.value.value]),
      [[1, 'b']],
    );
    const missing = await h.op('DeleteAttribute', uidXml(uid) + name1x('x-t', 0));
    assert.equal(missing.reason, 'ItemNotFound', missing.xml);
    const added = await h.op('AddAttribute', uidXml(uid) + attr1x('x-t', 'TextString', 'c'));
    assert.match(added.xml, /AttributeIndex type="Integer" value="2"/);
  });
});

test('2.x Attribute Reference deletes every instance; Current Attribute only the matching one', async () => {
  await withHarness(async (h) => {
    const three =
      vendor2x('t', 'TextString', 'a') + vendor2x('t', 'TextString', 'b') + vendor2x('u', 'TextString', 'c');
    const uid = await createKey(h, { version: '2.1', extra: three });
    const one = await h.op(
      'DeleteAttribute',
      `${uidXml(uid)}<CurrentAttribute>${vendor2x('t', 'TextString', 'b')}</CurrentAttribute>`,
      {
        version: '2.1',
      },
    );
    assert.equal(one.status, 'Success', one.xml);
    assert.deepEqual(
      (await stored(h, uid, 'x-t')).map((a) => a.value.value),
      ['a'],
    );
    const ref = `<AttributeReference><VendorIdentification type="TextString" value="x"/><AttributeName type="TextString" value="u"/></AttributeReference>`;
    const all = await h.op('DeleteAttribute', uidXml(uid) + ref, { version: '2.1' });
    assert.equal(all.status, 'Success', all.xml);
    assert.equal((await stored(h, uid, 'x-u')).length, 0);
    const absent = await h.op('DeleteAttribute', uidXml(uid) + ref, { version: '2.1' });
    assert.equal(absent.reason, 'AttributeNotFound', absent.xml);
    const noMatch = await h.op(
      'DeleteAttribute',
      `${uidXml(uid)}<CurrentAttribute>${vendor2x('t', 'TextString', 'zz')}</CurrentAttribute>`,
      {
        version: '2.1',
      },
    );
    assert.equal(noMatch.reason, 'AttributeInstanceNotFound', noMatch.xml);
  });
});

test('REQUIRED and server attributes cannot be deleted: 2.x Attribute Read Only, 1.x Permission Denied', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const v2 = await h.op(
      'DeleteAttribute',
      `${uidXml(uid)}<AttributeReference type="Enumeration" value="CryptographicAlgorithm"/>`,
      {
        version: '2.1',
      },
    );
    assert.equal(v2.reason, 'AttributeReadOnly', v2.xml);
    const v1 = await h.op('DeleteAttribute', uidXml(uid) + name1x('Unique Identifier'));
    assert.equal(v1.reason, 'PermissionDenied', v1.xml);
    await h.op('Activate', uidXml(uid));
    const date = await h.op('DeleteAttribute', uidXml(uid) + name1x('Activation Date'));
    assert.equal(date.reason, 'PermissionDenied', date.xml);
  });
});

test('Delete Attribute naming no attribute is Invalid Field', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const r = await h.op('DeleteAttribute', uidXml(uid), { version: '2.1' });
    assert.equal(r.reason, 'InvalidField', r.xml);
  });
});
