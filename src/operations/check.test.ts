import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchResult, createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { createKey, plant, stored, uidXml, vendor2x } from '../../test/helpers/object-fixtures.js';
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

const mask = (m: string): string => `<CryptographicUsageMask type="Integer" value="${m}"/>`;

function batch2x(option: string, items: readonly [string, string][]): string {
  const body = items
    .map(
      ([op, payload]) =>
        `<BatchItem><Operation type="Enumeration" value="${op}"/><RequestPayload>${payload}</RequestPayload></BatchItem>`,
    )
    .join('');
  return `<RequestMessage><RequestHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/>
    <ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion>
    <BatchErrorContinuationOption type="Enumeration" value="${option}"/><BatchCount type="Integer" value="${items.length}"/>
    </RequestHeader>${body}</RequestMessage>`;
}

test('Check returns the Unique Identifier for a usage within the mask (OASIS BL-M-3-21)', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    const r = await h.op('Check', uidXml(uid) + mask('Encrypt'), { version: '2.1' });
    assert.equal(r.status, 'Success', r.xml);
    assert.deepEqual(
      r.payload?.value.map((c) => c.tag),
      [Tag.UniqueIdentifier],
    );
  });
});

test('a usage outside the mask fails: 2.x Incompatible Cryptographic Usage Mask, 1.x Permission Denied', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const v2 = await h.op('Check', uidXml(uid) + mask('Sign'), { version: '2.1' });
    assert.equal(v2.reason, 'IncompatibleCryptographicUsageMask', v2.xml);
    assert.equal(v2.payload, undefined, 'a failed Check carries no payload (OASIS BL-M-2-21)');
    const v1 = await h.op('Check', uidXml(uid) + mask('Sign'), { version: '1.4' });
    assert.equal(v1.reason, 'PermissionDenied', v1.xml);
  });
});

test('a failed Check empties the ID Placeholder, so a following Get without a UID fails', async () => {
  await withHarness(async (h) => {
    await createKey(h, { version: '2.1', extra: vendor2x('id', 'TextString', 'check-me') });
    const located = `<Attributes>${vendor2x('id', 'TextString', 'check-me')}</Attributes>`;
    const response = await h.send(
      batch2x('Continue', [
        ['Locate', located],
        ['Check', mask('Sign')],
        ['Get', ''],
      ]),
    );
    assert.equal(batchResult(response, 0).status, 'Success');
    assert.equal(batchResult(response, 1).reason, 'IncompatibleCryptographicUsageMask');
    const get = batchResult(response, 2);
    assert.equal(get.status, 'OperationFailed', get.xml);
    assert.match(get.message ?? '', /ID Placeholder/);
  });
});

test('a failing Check in an Undo batch reverts the Activate before it (OASIS BL-M-2-21)', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    const response = await h.send(
      batch2x('Undo', [
        ['Activate', uidXml(uid)],
        ['Check', uidXml(uid) + mask('Encrypt')],
        ['Check', uidXml(uid) + mask('Sign')],
      ]),
    );
    assert.equal(batchResult(response, 0).status, 'OperationUndone');
    assert.equal(batchResult(response, 2).reason, 'IncompatibleCryptographicUsageMask');
    assert.equal((await stored(h, uid, 'State'))[0]?.value.value, State.PreActive);
  });
});

test('Check refuses more usage than remains (Usage Limit Exceeded) and a lease longer than granted', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    await h.op(
      'AddAttribute',
      `${uidXml(uid)}<NewAttribute><UsageLimits><UsageLimitsTotal type="LongInteger" value="10"/>
        <UsageLimitsUnit type="Enumeration" value="Object"/></UsageLimits></NewAttribute>`,
      { version: '2.1' },
    );
    const within = await h.op('Check', `${uidXml(uid)}<UsageLimitsCount type="LongInteger" value="10"/>`, {
      version: '2.1',
    });
    assert.equal(within.status, 'Success', within.xml);
    const over = await h.op('Check', `${uidXml(uid)}<UsageLimitsCount type="LongInteger" value="11"/>`, {
      version: '2.1',
    });
    assert.equal(over.reason, 'UsageLimitExceeded', over.xml);
    await plant(h, uid, 'Lease Time', { tag: Tag.LeaseTime, type: 'Interval', value: 3600 });
    const within3600 = await h.op('Check', `${uidXml(uid)}<LeaseTime type="Interval" value="3600"/>`, {
      version: '2.1',
    });
    assert.equal(within3600.status, 'Success', 'a lease up to the granted Lease Time passes');
    const long = await h.op('Check', `${uidXml(uid)}<LeaseTime type="Interval" value="7200"/>`, {
      version: '2.1',
    });
    assert.equal(long.reason, 'PermissionDenied', long.xml);
    assert.match(long.message ?? '', /Lease Time 7200/);
  });
});
