// Poll, Cancel and Query Asynchronous Requests (KMIP 2.1 §6.1.38, §6.1.5, §6.1.41; 1.4 §4.28,
// §4.27) on a server that answers every request synchronously.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import { withHarness } from '../../test/helpers/engine-harness.js';

const value = (hex: string): string => `<AsynchronousCorrelationValue type="ByteString" value="${hex}"/>`;

function child(payload: { value: readonly { tag: number }[] } | undefined, tag: number): unknown {
  return payload?.value.find((c) => c.tag === tag);
}

test('Poll of any correlation value finds no outstanding operation: Item Not Found at 1.x (1.4 Table 352), Invalid Asynchronous Correlation Value at 2.x', async () => {
  await withHarness(async (h) => {
    for (const version of ['1.0', '1.4']) {
      const r = await h.op('Poll', value('01020304'), { version });
      assert.equal(r.status, 'OperationFailed', r.xml);
      assert.equal(r.reason, 'ItemNotFound', r.xml);
      assert.match(r.message ?? '', /01020304/);
    }
    for (const version of ['2.0', '2.1']) {
      const r = await h.op('Poll', value('a0'), { version });
      assert.equal(r.reason, 'InvalidAsynchronousCorrelationValue', r.xml);
    }
  });
});

test('Poll and Cancel without an Asynchronous Correlation Value are Invalid Message', async () => {
  await withHarness(async (h) => {
    for (const op of ['Poll', 'Cancel']) {
      const r = await h.op(op, '', { version: '2.1' });
      assert.equal(r.reason, 'InvalidMessage', r.xml);
    }
  });
});

test('Cancel answers Unavailable and echoes the value: no asynchronous operation was ever pending', async () => {
  await withHarness(async (h) => {
    for (const version of ['1.0', '1.4', '2.1']) {
      const r = await h.op('Cancel', value('cafe'), { version });
      assert.equal(r.status, 'Success', r.xml);
      assert.match(r.xml, /<CancellationResult type="Enumeration" value="Unavailable"\/>/);
      assert.deepEqual(child(r.payload, Tag.AsynchronousCorrelationValue), {
        tag: Tag.AsynchronousCorrelationValue,
        type: 'ByteString',
        value: new Uint8Array([0xca, 0xfe]),
      });
    }
  });
});

test('Query Asynchronous Requests reports none, with or without filters; it is not a 1.x operation', async () => {
  await withHarness(async (h) => {
    for (const payload of [
      '',
      `<AsynchronousCorrelationValues>${value('01')}</AsynchronousCorrelationValues>`,
      '<Operations><Operation type="Enumeration" value="Create"/></Operations>',
    ]) {
      const r = await h.op('QueryAsynchronousRequests', payload, { version: '2.1' });
      assert.equal(r.status, 'Success', r.xml);
      assert.equal(child(r.payload, Tag.AsynchronousRequest), undefined, r.xml);
    }
    const old = await h.op('QueryAsynchronousRequests', '', { version: '1.4' });
    assert.equal(old.reason, 'OperationNotSupported', old.xml);
  });
});

test('Query lists Poll and Cancel at 1.x and Query Asynchronous Requests only from 2.0', async () => {
  await withHarness(async (h) => {
    const ask = '<QueryFunction type="Enumeration" value="QueryOperations"/>';
    const v14 = await h.op('Query', ask, { version: '1.4' });
    assert.match(v14.xml, /value="Poll"/);
    assert.match(v14.xml, /value="Cancel"/);
    assert.doesNotMatch(v14.xml, /value="QueryAsynchronousRequests"/);
    const v21 = await h.op('Query', ask, { version: '2.1' });
    assert.match(v21.xml, /value="QueryAsynchronousRequests"/);
  });
});
