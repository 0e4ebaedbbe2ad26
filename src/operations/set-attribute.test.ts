import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { createKey, stored, uidXml, vendor2x } from '../../test/helpers/object-fixtures.js';
import { State } from '../spec/generated/enums.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

const set = (h: Harness, uid: string, attribute: string) =>
  h.op('SetAttribute', `${uidXml(uid)}<NewAttribute>${attribute}</NewAttribute>`, { version: '2.1' });

test('Set Attribute adds an absent attribute, then replaces its single value', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    assert.equal((await set(h, uid, '<Comment type="TextString" value="first"/>')).status, 'Success');
    const r = await set(h, uid, '<Comment type="TextString" value="second"/>');
    assert.equal(r.status, 'Success', r.xml);
    assert.deepEqual(
      (await stored(h, uid, 'Comment')).map((a) => a.value.value),
      ['second'],
    );
  });
});

test('Set Attribute replaces the one instance of a multi-valued attribute but refuses when there are several', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    assert.equal((await set(h, uid, vendor2x('tag', 'TextString', 'a'))).status, 'Success');
    assert.equal((await set(h, uid, vendor2x('tag', 'TextString', 'b'))).status, 'Success');
    assert.deepEqual(
      (await stored(h, uid, 'x-tag')).map((a) => a.value.value),
      ['b'],
    );
    const add = await h.op(
      'AddAttribute',
      `${uidXml(uid)}<NewAttribute>${vendor2x('tag', 'TextString', 'c')}</NewAttribute>`,
      {
        version: '2.1',
      },
    );
    assert.equal(add.status, 'Success', add.xml);
    const r = await set(h, uid, vendor2x('tag', 'TextString', 'd'));
    assert.equal(r.reason, 'MultiValuedAttribute', r.xml);
  });
});

test('Set Attribute of a read-only attribute is Read Only Attribute', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    const r = await set(h, uid, '<CryptographicLength type="Integer" value="128"/>');
    assert.equal(r.reason, 'ReadOnlyAttribute', r.xml);
  });
});

test('Set Attribute of an Activation Date on an Active key is Wrong Key Lifecycle State', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    assert.equal((await h.op('Activate', uidXml(uid), { version: '2.1' })).status, 'Success');
    const r = await set(h, uid, '<ActivationDate type="DateTime" value="2030-01-01T00:00:00+00:00"/>');
    assert.equal(r.reason, 'WrongKeyLifecycleState', r.xml);
    assert.equal((await stored(h, uid, 'State'))[0]?.value.value, State.Active);
  });
});

test('Set Attribute does not exist in KMIP 1.x: Operation Not Supported', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const r = await h.op(
      'SetAttribute',
      `${uidXml(uid)}<NewAttribute><Comment type="TextString" value="c"/></NewAttribute>`,
      {
        version: '1.4',
      },
    );
    assert.equal(r.reason, 'OperationNotSupported', r.xml);
  });
});
