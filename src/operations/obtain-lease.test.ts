import { DEFAULT_LEASE_SECONDS } from './support/new-object.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { createKey, plant, stored, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

test('Obtain Lease answers the default Lease Time a new key gets and its Last Change Date', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    for (const version of ['1.4', '2.1']) {
      const r = await h.op('ObtainLease', uidXml(uid), { version });
      assert.equal(r.status, 'Success', r.xml);
      assert.deepEqual(
        r.payload?.value.map((c) => c.tag),
        [Tag.UniqueIdentifier, Tag.LeaseTime, Tag.LastChangeDate],
      );
      assert.equal(r.payload?.value[1]?.value, DEFAULT_LEASE_SECONDS);
      assert.equal(r.payload?.value[2]?.value, (await stored(h, uid, 'Last Change Date'))[0]?.value.value);
    }
  });
});

test("Obtain Lease grants the object's Lease Time when it has one", async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    await plant(h, uid, 'Lease Time', { tag: Tag.LeaseTime, type: 'Interval', value: 600 });
    const r = await h.op('ObtainLease', uidXml(uid));
    assert.match(r.xml, /LeaseTime type="Interval" value="600"/);
  });
});

test("Obtain Lease on an archived object is Object Archived, on another owner's Permission Denied", async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const bobs = await createKey(h, { identity: 'bob' });
    await h.op('Archive', uidXml(uid));
    assert.equal((await h.op('ObtainLease', uidXml(uid))).reason, 'ObjectArchived');
    assert.equal((await h.op('ObtainLease', uidXml(bobs))).reason, 'PermissionDenied');
  });
});
