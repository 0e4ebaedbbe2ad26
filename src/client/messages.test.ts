import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRequestMessage, parseResponseMessage } from './messages.js';
import { KmipClientError } from './errors.js';
import { parseRequestMessage } from '../messages/request.js';
import { xmlToTtlv } from '../notation/xml.js';
import { Operation } from '../spec/generated/enums.js';
import { Tag } from '../spec/generated/tags.js';

describe('request messages', () => {
  test('header fields in the order of KMIP 2.1 Table 217, batch items with their IDs', () => {
    const m = buildRequestMessage(
      {
        version: { major: 1, minor: 2 },
        maximumResponseSize: 1000,
        clientCorrelationValue: 'c1',
        credential: { username: 'u', password: 'p' },
        batchErrorContinuation: 'continue',
        batchOrder: true,
      },
      [
        { operation: Operation.Query, payload: [], uniqueBatchItemId: Uint8Array.of(1) },
        { operation: Operation.Query, payload: [], uniqueBatchItemId: Uint8Array.of(2) },
      ],
    );
    const header = m.value[0];
    assert.deepEqual(header?.type === 'Structure' ? header.value.map((c) => c.tag) : [], [
      Tag.ProtocolVersion,
      Tag.MaximumResponseSize,
      Tag.ClientCorrelationValue,
      Tag.Authentication,
      Tag.BatchErrorContinuationOption,
      Tag.BatchOrderOption,
      Tag.BatchCount,
    ]);
    // The server's own parser reads it back.
    const parsed = parseRequestMessage(m);
    assert.deepEqual(parsed.header.credentials, [
      { kind: 'username-password', username: 'u', password: 'p' },
    ]);
    assert.equal(parsed.header.batchCount, 2);
    assert.deepEqual(
      parsed.items.map((i) => i.uniqueBatchItemId),
      [Uint8Array.of(1), Uint8Array.of(2)],
    );
  });

  test('a single item carries no batch options', () => {
    const m = buildRequestMessage({ version: { major: 2, minor: 1 }, batchErrorContinuation: 'undo' }, [
      { operation: Operation.Query, payload: [] },
    ]);
    const header = m.value[0];
    assert.deepEqual(header?.type === 'Structure' ? header.value.map((c) => c.tag) : [], [
      Tag.ProtocolVersion,
      Tag.BatchCount,
    ]);
  });
});

describe('response messages', () => {
  test('reads status, reason, message and payload of each batch item', () => {
    const r = parseResponseMessage(
      xmlToTtlv(`<ResponseMessage><ResponseHeader><ProtocolVersion>
        <ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion>
        <TimeStamp type="DateTime" value="2020-01-01T00:00:00+00:00"/><BatchCount type="Integer" value="2"/></ResponseHeader>
        <BatchItem><Operation type="Enumeration" value="Get"/><ResultStatus type="Enumeration" value="OperationFailed"/>
        <ResultReason type="Enumeration" value="ItemNotFound"/><ResultMessage type="TextString" value="no"/></BatchItem>
        <BatchItem><Operation type="Enumeration" value="Query"/><ResultStatus type="Enumeration" value="Success"/>
        <ResponsePayload><Operation type="Enumeration" value="Get"/></ResponsePayload></BatchItem></ResponseMessage>`),
    );
    assert.deepEqual(r.protocolVersion, { major: 1, minor: 4 });
    assert.equal(r.timeStamp, 1577836800n);
    assert.deepEqual(
      r.items.map((i) => [
        i.operation,
        i.resultStatus,
        i.resultReason,
        i.resultMessage,
        i.payload.value.length,
      ]),
      [
        [Operation.Get, 1, 1, 'no', 0],
        [Operation.Query, 0, undefined, undefined, 1],
      ],
    );
  });

  test('anything that is not a Response Message is a protocol error', () => {
    const bad = [
      xmlToTtlv('<RequestMessage/>'),
      xmlToTtlv('<ResponseMessage><BatchItem/></ResponseMessage>'),
      xmlToTtlv(`<ResponseMessage><ResponseHeader><ProtocolVersion>
        <ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion>
        </ResponseHeader><BatchItem><Operation type="Enumeration" value="Get"/></BatchItem></ResponseMessage>`),
    ];
    for (const m of bad) {
      assert.throws(
        () => parseResponseMessage(m),
        (err: unknown) => err instanceof KmipClientError && err.code === 'protocol',
      );
    }
  });
});
