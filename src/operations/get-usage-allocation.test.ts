import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, stored, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

const limits1x = `<Attribute><AttributeName type="TextString" value="Usage Limits"/><AttributeValue>
  <UsageLimitsTotal type="LongInteger" value="100"/><UsageLimitsUnit type="Enumeration" value="Object"/></AttributeValue></Attribute>`;
const want = (n: number): string => `<UsageLimitsCount type="LongInteger" value="${n}"/>`;

async function limitedKey(h: Harness, activate = true): Promise<string> {
  const uid = await createKey(h);
  const added = await h.op('AddAttribute', uidXml(uid) + limits1x);
  assert.equal(added.status, 'Success', added.xml);
  if (activate) await h.op('Activate', uidXml(uid));
  return uid;
}

async function remaining(h: Harness, uid: string): Promise<unknown> {
  const v = (await stored(h, uid, 'Usage Limits'))[0]?.value;
  return v?.type === 'Structure' ? v.value.find((c) => c.tag === Tag.UsageLimitsCount)?.value : undefined;
}

test('Get Usage Allocation lowers the remaining Usage Limits Count', async () => {
  await withHarness(async (h) => {
    const uid = await limitedKey(h);
    const r = await h.op('GetUsageAllocation', uidXml(uid) + want(60));
    assert.equal(r.status, 'Success', r.xml);
    assert.equal(await remaining(h, uid), 40n);
  });
});

test('asking for more than remains: 2.x Usage Limit Exceeded, 1.x Permission Denied', async () => {
  await withHarness(async (h) => {
    const uid = await limitedKey(h);
    await h.op('GetUsageAllocation', uidXml(uid) + want(60));
    assert.equal(
      (await h.op('GetUsageAllocation', uidXml(uid) + want(41), { version: '2.1' })).reason,
      'UsageLimitExceeded',
    );
    assert.equal((await h.op('GetUsageAllocation', uidXml(uid) + want(41))).reason, 'PermissionDenied');
    assert.equal(await remaining(h, uid), 40n);
  });
});

test('once an allocation is made, Usage Limits can no longer be modified or deleted', async () => {
  await withHarness(async (h) => {
    const uid = await limitedKey(h);
    await h.op('GetUsageAllocation', uidXml(uid) + want(1));
    const modify = await h.op(
      'ModifyAttribute',
      `${uidXml(uid)}<NewAttribute><UsageLimits><UsageLimitsTotal type="LongInteger" value="500"/>
        <UsageLimitsUnit type="Enumeration" value="Object"/></UsageLimits></NewAttribute>`,
      { version: '2.1' },
    );
    assert.equal(modify.reason, 'AttributeReadOnly', modify.xml);
    const del = await h.op(
      'DeleteAttribute',
      `${uidXml(uid)}<AttributeName type="TextString" value="Usage Limits"/>`,
    );
    assert.equal(del.reason, 'PermissionDenied', del.xml);
  });
});

test('a request without a Usage Limits Count is Invalid Message', async () => {
  await withHarness(async (h) => {
    const uid = await limitedKey(h);
    assert.equal(
      (await h.op('GetUsageAllocation', uidXml(uid), { version: '2.1' })).reason,
      'InvalidMessage',
    );
  });
});

test('no Usage Limits: 2.x Attribute Not Found, 1.x Illegal Operation', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, {
      extra: attr1x('Activation Date', 'DateTime', '2000-01-01T00:00:00+00:00'),
    });
    assert.equal(
      (await h.op('GetUsageAllocation', uidXml(uid) + want(1), { version: '2.1' })).reason,
      'AttributeNotFound',
    );
    assert.equal((await h.op('GetUsageAllocation', uidXml(uid) + want(1))).reason, 'IllegalOperation');
  });
});

test('a key that is not Active cannot be allocated: 2.x Wrong Key Lifecycle State, 1.x Illegal Operation', async () => {
  await withHarness(async (h) => {
    const uid = await limitedKey(h, false);
    const v2 = await h.op('GetUsageAllocation', uidXml(uid) + want(1), { version: '2.1' });
    assert.equal(v2.reason, 'WrongKeyLifecycleState', v2.xml);
    assert.equal((await h.op('GetUsageAllocation', uidXml(uid) + want(1))).reason, 'IllegalOperation');
  });
});

test('an object that cannot apply protection: 2.x Invalid Object Type, 1.x Illegal Operation', async () => {
  await withHarness(async (h) => {
    const registered = await h.op(
      'Register',
      `<ObjectType type="Enumeration" value="OpaqueObject"/><Attributes/>
       <OpaqueObject><OpaqueDataType type="Enumeration" value="0x80000001"/><OpaqueDataValue type="ByteString" value="0011"/></OpaqueObject>`,
      { version: '2.1' },
    );
    assert.equal(registered.status, 'Success', registered.xml);
    const uid = registered.payload?.value.find((c) => c.tag === Tag.UniqueIdentifier)?.value as string;
    assert.equal(
      (await h.op('GetUsageAllocation', uidXml(uid) + want(1), { version: '2.1' })).reason,
      'InvalidObjectType',
    );
    assert.equal((await h.op('GetUsageAllocation', uidXml(uid) + want(1))).reason, 'IllegalOperation');
  });
});
