import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { createKey, stored, uidXml, vendor2x } from '../../test/helpers/object-fixtures.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

const xRef = (name: string): string =>
  `<AttributeReference><VendorIdentification type="TextString" value="x"/><AttributeName type="TextString" value="${name}"/></AttributeReference>`;
const ref = (xml: string): string => `<AttributeReference type="Enumeration" value="${xml}"/>`;

function adjust(h: Harness, uid: string, reference: string, type: string, value = '', version = '2.1') {
  return h.op(
    'AdjustAttribute',
    `${uidXml(uid)}${reference}<AdjustmentType type="Enumeration" value="${type}"/>${value}`,
    {
      version,
    },
  );
}

test('Increment and Decrement change a number by the Adjustment Value, 1 by default', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1', extra: vendor2x('counter', 'Integer', '10') });
    const up = await adjust(
      h,
      uid,
      xRef('counter'),
      'Increment',
      '<AdjustmentValue type="Integer" value="5"/>',
    );
    assert.equal(up.status, 'Success', up.xml);
    assert.equal((await adjust(h, uid, xRef('counter'), 'Decrement')).status, 'Success');
    assert.equal((await stored(h, uid, 'x-counter'))[0]?.value.value, 14);
  });
});

test('a missing numeric attribute starts from 0', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    const r = await adjust(
      h,
      uid,
      xRef('fresh'),
      'Increment',
      '<AdjustmentValue type="LongInteger" value="7"/>',
    );
    assert.equal(r.status, 'Success', r.xml);
    assert.equal((await stored(h, uid, 'x-fresh'))[0]?.value.value, 7n);
  });
});

test('Negate flips a Boolean and negates an integer', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1', extra: vendor2x('n', 'Integer', '3') });
    assert.equal((await stored(h, uid, 'Sensitive'))[0]?.value.value, false);
    const flag = await adjust(h, uid, ref('Sensitive'), 'Negate');
    assert.equal(flag.status, 'Success', flag.xml);
    assert.equal((await stored(h, uid, 'Sensitive'))[0]?.value.value, true);
    assert.equal((await adjust(h, uid, xRef('n'), 'Negate')).status, 'Success');
    assert.equal((await stored(h, uid, 'x-n'))[0]?.value.value, -3);
  });
});

test('a Deactivation Date is moved by seconds', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, {
      version: '2.1',
      extra: '<DeactivationDate type="DateTime" value="2100-01-01T00:00:00+00:00"/>',
    });
    const r = await adjust(
      h,
      uid,
      ref('DeactivationDate'),
      'Increment',
      '<AdjustmentValue type="Interval" value="3600"/>',
    );
    assert.equal(r.status, 'Success', r.xml);
    const when = (await stored(h, uid, 'Deactivation Date'))[0]?.value.value;
    assert.equal(when, BigInt(Date.UTC(2100, 0, 1, 1) / 1000));
  });
});

test('adjustments outside the type are Invalid Data Type, results outside it Numeric Range', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, {
      version: '2.1',
      extra: vendor2x('label', 'TextString', 'x') + vendor2x('big', 'Integer', '2147483647'),
    });
    const text = await adjust(h, uid, xRef('label'), 'Increment');
    assert.equal(text.reason, 'InvalidDataType', text.xml);
    const overflow = await adjust(h, uid, xRef('big'), 'Increment');
    assert.equal(overflow.reason, 'NumericRange', overflow.xml);
    assert.equal((await stored(h, uid, 'x-big'))[0]?.value.value, 2147483647);
  });
});

test('read-only and multi-instance attributes are refused', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, {
      version: '2.1',
      extra: vendor2x('twice', 'Integer', '1') + vendor2x('twice', 'Integer', '2'),
    });
    const ro = await adjust(h, uid, ref('CryptographicLength'), 'Increment');
    assert.equal(ro.reason, 'ReadOnlyAttribute', ro.xml);
    const multi = await adjust(h, uid, xRef('twice'), 'Increment');
    assert.equal(multi.reason, 'MultiValuedAttribute', multi.xml);
  });
});

test('Adjust Attribute does not exist in KMIP 1.x: Operation Not Supported', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const r = await adjust(h, uid, '<AttributeName type="TextString" value="x-n"/>', 'Increment', '', '1.4');
    assert.equal(r.reason, 'OperationNotSupported', r.xml);
  });
});
