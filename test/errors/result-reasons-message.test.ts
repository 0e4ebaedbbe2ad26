// One test per Result Reason in scenarios-message.ts, then the message-level faults the table's
// single scenario per reason leaves out: a missing header, an unsupported protocol version (the
// reply must still be in a version the server speaks), an undecodable frame, Maximum Response
// Size on a Locate, more operations without a handler, and the authenticator's accepting side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchResult, createHarness } from '../helpers/engine-harness.js';
import { createKey, uidXml } from '../helpers/object-fixtures.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { KMIP_VERSIONS } from '../../src/spec/registry.js';
import {
  assertHelpful,
  batchItemCount,
  messageXml,
  responseVersion,
  testScenarios,
  withHarness,
} from './scenarios.js';
import { MESSAGE_SCENARIOS, credentialXml, slugsHarness, unhandledOperations } from './scenarios-message.js';

testScenarios(MESSAGE_SCENARIOS);

const SPOKEN: readonly string[] = KMIP_VERSIONS;

test('a Request Message without a Request Header is Invalid Message, answered in a version the server speaks', async () => {
  await withHarness(createHarness, async (h) => {
    const response = await h.send(
      '<RequestMessage><BatchItem><Operation type="Enumeration" value="Query"/><RequestPayload/></BatchItem></RequestMessage>',
    );
    const r = batchResult(response);
    assert.equal(r.reason, 'InvalidMessage', r.xml);
    assertHelpful(r, /Request Header/);
    assert.ok(SPOKEN.includes(responseVersion(response)), responseVersion(response));
    assert.match(r.xml, /Operation type="Enumeration" value="Query"/, 'the Operation is echoed');
  });
});

test('protocol version 3.0 is Invalid Message, answered in a 2.x version the server speaks', async () => {
  await withHarness(createHarness, async (h) => {
    const response = await h.send(messageXml('3.0', [{ operation: 'Query', payload: '' }]));
    const r = batchResult(response);
    assert.equal(r.reason, 'InvalidMessage', r.xml);
    assertHelpful(r, /3\.0 is not supported/);
    const answered = responseVersion(response);
    assert.ok(SPOKEN.includes(answered) && answered.startsWith('2.'), `answered at ${answered}`);
  });
});

test('a Batch Count that disagrees with the Batch Items is Invalid Message for every item, in the request version', async () => {
  await withHarness(createHarness, async (h) => {
    const items = [
      { operation: 'Query', payload: '' },
      { operation: 'DiscoverVersions', payload: '' },
    ];
    const response = await h.send(messageXml('1.4', items, { batchCount: 5 }));
    assert.equal(responseVersion(response), '1.4');
    assert.equal(batchItemCount(response), 2);
    for (const i of [0, 1]) {
      const r = batchResult(response, i);
      assert.equal(r.reason, 'InvalidMessage', r.xml);
      assertHelpful(r, /Batch Count is 5 but the message holds 2/);
    }
  });
});

test('an undecodable frame is Invalid Message', async () => {
  await withHarness(createHarness, async (h) => {
    // A Request Message header (tag 42 00 78, Structure) claiming 4096 bytes, then 8 bytes.
    const frame = Buffer.from('42007801000010000000000000000000', 'hex');
    const decoded = decodeTtlv(await h.engine.handleFrame(frame, { identity: 'alice' }));
    assert.equal(decoded.type, 'Structure');
    if (decoded.type !== 'Structure') return;
    const r = batchResult(decoded);
    assert.equal(r.reason, 'InvalidMessage', r.xml);
    assertHelpful(r, /./);
  });
});

test('Response Too Large for a Locate of 30 keys under a 300-byte Maximum Response Size; without it the Locate succeeds', async () => {
  await withHarness(createHarness, async (h) => {
    for (let i = 0; i < 30; i++) await createKey(h);
    const locate = [{ operation: 'Locate', payload: '' }];
    const limited = batchResult(
      await h.send(
        messageXml('2.1', locate, { headerExtra: '<MaximumResponseSize type="Integer" value="300"/>' }),
      ),
    );
    assert.equal(limited.reason, 'ResponseTooLarge', limited.xml);
    assertHelpful(limited, /Maximum Response Size of 300/);
    const whole = batchResult(await h.send(messageXml('2.1', locate)));
    assert.equal(whole.status, 'Success', whole.xml);
  });
});

test('every unhandled operation (Notify, Put, Login …) and Set Attribute at 1.4 (a 2.x operation) are Operation Not Supported', async () => {
  await withHarness(createHarness, async (h) => {
    for (const operation of unhandledOperations()) {
      const r = await h.op(operation, '', { version: '2.1' });
      assert.equal(r.reason, 'OperationNotSupported', r.xml);
      assertHelpful(r, operation);
    }
    const uid = await createKey(h);
    const set = await h.op('SetAttribute', uidXml(uid), { version: '1.4' });
    assert.equal(set.reason, 'OperationNotSupported', set.xml);
    assertHelpful(set, /Set Attribute/);
  });
});

test("the SLUGS authenticator refuses a Credential for another user, whatever the operation's version", async () => {
  await withHarness(slugsHarness, async (h) => {
    for (const version of ['1.0', '2.0']) {
      const response = await h.send(
        messageXml(version, [{ operation: 'Query', payload: '' }], {
          headerExtra: credentialXml('mallory', 'guess'),
        }),
        'alice',
      );
      assert.equal(responseVersion(response), version);
      assert.equal(batchResult(response).reason, 'AuthenticationNotSuccessful');
    }
  });
});
