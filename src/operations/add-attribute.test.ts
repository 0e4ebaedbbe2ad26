import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type BatchResult, createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, name1x, name2x, stored, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';
import { State } from '../spec/generated/enums.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

const link1x = (type: string, target: string): string =>
  `<Attribute><AttributeName type="TextString" value="Link"/><AttributeValue>
    <LinkType type="Enumeration" value="${type}"/><LinkedObjectIdentifier type="TextString" value="${target}"/></AttributeValue></Attribute>`;

test('1.x Add Attribute echoes the attribute as stored; a second Link gets Attribute Index 1', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const first = await h.op('AddAttribute', uidXml(uid) + link1x('NextLink', 'a'));
    assert.equal(first.status, 'Success', first.xml);
    assert.match(first.xml, /AttributeName type="TextString" value="Link"/);
    assert.match(
      first.xml,
      /AttributeIndex type="Integer" value="0"/,
      'a 1.x answer gives index 0 (PyKMIP reads it)',
    );
    const second = await h.op('AddAttribute', uidXml(uid) + link1x('PreviousLink', 'b'));
    assert.match(second.xml, /AttributeIndex type="Integer" value="1"/);
    assert.deepEqual(
      (await stored(h, uid, 'Link')).map((a) => a.index),
      [0, 1],
    );
  });
});

test('2.x Add Attribute answers the Unique Identifier only and stores the New Attribute', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    const r = await h.op(
      'AddAttribute',
      `${uidXml(uid)}<NewAttribute><Description type="TextString" value="This is opaque"/></NewAttribute>`,
      { version: '2.1' },
    );
    assert.equal(r.status, 'Success', r.xml);
    assert.deepEqual(
      r.payload?.value.map((c) => c.tag),
      [Tag.UniqueIdentifier],
    );
    assert.equal((await stored(h, uid, 'Description'))[0]?.value.value, 'This is opaque');
  });
});

test('a second value of a single-valued attribute is refused: 2.x Attribute Single Valued, 1.x Illegal Operation', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const desc2x = (text: string): string =>
      `${uidXml(uid)}<NewAttribute><Description type="TextString" value="${text}"/></NewAttribute>`;
    assert.equal((await h.op('AddAttribute', desc2x('one'), { version: '2.1' })).status, 'Success');
    const dup2 = await h.op('AddAttribute', desc2x('two'), { version: '2.1' });
    assert.equal(dup2.reason, 'AttributeSingleValued', dup2.xml);
    const dup1 = await h.op('AddAttribute', uidXml(uid) + attr1x('Description', 'TextString', 'three'));
    assert.equal(dup1.reason, 'IllegalOperation', dup1.xml);
    assert.equal((await stored(h, uid, 'Description')).length, 1);
  });
});

test('server-only attributes are refused: 2.x Read Only Attribute, 1.x Permission Denied', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const v2 = await h.op(
      'AddAttribute',
      `${uidXml(uid)}<NewAttribute><LeaseTime type="Interval" value="60"/></NewAttribute>`,
      {
        version: '2.1',
      },
    );
    assert.equal(v2.reason, 'ReadOnlyAttribute', v2.xml);
    const v1 = await h.op(
      'AddAttribute',
      uidXml(uid) + attr1x('Archive Date', 'DateTime', '2020-01-01T00:00:00+00:00'),
    );
    assert.equal(v1.reason, 'PermissionDenied', v1.xml);
    assert.equal((await stored(h, uid, 'Archive Date')).length, 0);
  });
});

test('the server-reserved y- custom attributes cannot be added by a client', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const r = await h.op('AddAttribute', uidXml(uid) + attr1x('y-server', 'TextString', 'v'));
    assert.equal(r.reason, 'PermissionDenied', r.xml);
  });
});

test('1.x Add Attribute with an Attribute Index is Invalid Field', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const r = await h.op('AddAttribute', uidXml(uid) + attr1x('x-tag', 'TextString', 'v', 3));
    assert.equal(r.reason, 'InvalidField', r.xml);
  });
});

test("a Name the object has is refused at every version; another of the owner's objects' only at 2.x", async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { name: 'BL-M-8-21' });
    await createKey(h, { name: 'other-key' });
    await createKey(h, { name: 'bobs-key', identity: 'bob' });
    const add2x = (name: string): Promise<BatchResult> =>
      h.op('AddAttribute', `${uidXml(uid)}<NewAttribute>${name2x(name)}</NewAttribute>`, { version: '2.1' });
    const own = await add2x('BL-M-8-21');
    assert.equal(own.reason, 'NonUniqueNameAttribute', own.xml);
    const own1x = await h.op('AddAttribute', uidXml(uid) + name1x('BL-M-8-21'));
    assert.equal(own1x.reason, 'IllegalOperation', own1x.xml);
    const other2x = await add2x('other-key');
    assert.equal(other2x.reason, 'NonUniqueNameAttribute', other2x.xml);
    const other1x = await h.op('AddAttribute', uidXml(uid) + name1x('other-key'));
    assert.equal(other1x.status, 'Success', other1x.xml);
    assert.match(other1x.xml, /AttributeIndex type="Integer" value="1"/);
    const bobs = await add2x('bobs-key');
    assert.equal(bobs.status, 'Success', bobs.xml);
  });
});

test('an Activation Date added in the past to a Pre-Active key activates it', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    const r = await h.op(
      'AddAttribute',
      `${uidXml(uid)}<NewAttribute><ActivationDate type="DateTime" value="2000-01-01T00:00:00+00:00"/></NewAttribute>`,
      { version: '2.1' },
    );
    assert.equal(r.status, 'Success', r.xml);
    assert.equal((await stored(h, uid, 'State'))[0]?.value.value, State.Active);
  });
});

test('what is not an attribute of the version, or has the wrong type, is refused', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const notAttr = await h.op(
      'AddAttribute',
      `${uidXml(uid)}<NewAttribute><KeyMaterial type="ByteString" value="00"/></NewAttribute>`,
      {
        version: '2.1',
      },
    );
    assert.equal(notAttr.reason, 'InvalidAttribute', notAttr.xml);
    const newer = await h.op('AddAttribute', uidXml(uid) + attr1x('Quantum Safe', 'Boolean', 'true'), {
      version: '1.4',
    });
    assert.equal(newer.reason, 'InvalidField', newer.xml);
    const badType = await h.op(
      'AddAttribute',
      `${uidXml(uid)}<NewAttribute><Description type="Integer" value="5"/></NewAttribute>`,
      {
        version: '2.1',
      },
    );
    assert.equal(badType.reason, 'InvalidAttributeValue', badType.xml);
  });
});

test("Add Attribute on a missing object is Item Not Found, on another owner's Permission Denied", async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { identity: 'bob' });
    const missing = await h.op('AddAttribute', uidXml('no-such-object') + attr1x('x-a', 'TextString', 'v'));
    assert.equal(missing.reason, 'ItemNotFound');
    const foreign = await h.op('AddAttribute', uidXml(uid) + attr1x('x-a', 'TextString', 'v'));
    assert.equal(foreign.reason, 'PermissionDenied');
  });
});

test("a client's Usage Limits Count is ignored: the server sets it to the Total", async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    const r = await h.op(
      'AddAttribute',
      `${uidXml(uid)}<NewAttribute><UsageLimits><UsageLimitsTotal type="LongInteger" value="100"/>
        <UsageLimitsCount type="LongInteger" value="5"/><UsageLimitsUnit type="Enumeration" value="Object"/></UsageLimits></NewAttribute>`,
      { version: '2.1' },
    );
    assert.equal(r.status, 'Success', r.xml);
    const limits = (await stored(h, uid, 'Usage Limits'))[0]?.value;
    assert.ok(limits?.type === 'Structure');
    const count = limits.value.find((c) => c.tag === Tag.UsageLimitsCount);
    assert.equal(count?.value, 100n);
  });
});
