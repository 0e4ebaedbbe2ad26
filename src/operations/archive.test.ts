import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, stored, uidXml } from '../../test/helpers/object-fixtures.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

const byX = attr1x('x-shelf', 'TextString', 'cold');

test('an archived key answers Object Archived to Get and Get Attributes in 1.x and 2.x until it is recovered', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const archived = await h.op('Archive', uidXml(uid));
    assert.equal(archived.status, 'Success', archived.xml);
    assert.equal((await stored(h, uid, 'Archive Date')).length, 1);
    for (const version of ['1.4', '2.1']) {
      assert.equal((await h.op('Get', uidXml(uid), { version })).reason, 'ObjectArchived');
      assert.equal((await h.op('GetAttributes', uidXml(uid), { version })).reason, 'ObjectArchived');
    }
    const recovered = await h.op('Recover', uidXml(uid), { version: '2.1' });
    assert.equal(recovered.status, 'Success', recovered.xml);
    assert.equal((await stored(h, uid, 'Archive Date')).length, 0);
    assert.equal((await h.op('Get', uidXml(uid))).status, 'Success');
  });
});

test('archiving an archived object is Object Archived; recovering an on-line one changes nothing', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const online = await h.op('Recover', uidXml(uid));
    assert.equal(online.status, 'Success', online.xml);
    await h.op('Archive', uidXml(uid));
    const again = await h.op('Archive', uidXml(uid), { version: '2.1' });
    assert.equal(again.reason, 'ObjectArchived', again.xml);
  });
});

test('Locate hides archived objects unless the Storage Status Mask asks for archival storage', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { extra: byX });
    await h.op('Archive', uidXml(uid));
    const online = await h.op('Locate', byX);
    assert.doesNotMatch(online.xml, new RegExp(uid));
    const archival = await h.op('Locate', `<StorageStatusMask type="Integer" value="2"/>${byX}`);
    assert.match(archival.xml, new RegExp(uid));
  });
});

test("Archive and Recover of another owner's object are Permission Denied, of a missing one Item Not Found", async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { identity: 'bob' });
    assert.equal((await h.op('Archive', uidXml(uid))).reason, 'PermissionDenied');
    assert.equal((await h.op('Archive', uidXml(uid), { identity: 'bob' })).status, 'Success');
    assert.equal((await h.op('Recover', uidXml(uid))).reason, 'PermissionDenied');
    assert.equal((await h.op('Recover', uidXml('missing'))).reason, 'ItemNotFound');
  });
});
