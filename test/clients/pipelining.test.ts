// clients.md rule 4 and 6: Arsenal (Zenko) pipelines up to 8 requests and takes each socket 'data'
// event as exactly one response, matched strictly in order. Here 8 requests go out in ONE write,
// over real TLS to a server in this process, and every 'data' event must be one whole response,
// the responses in request order (each Unique Batch Item ID echoed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../../src/spec/generated/tags.js';
import { ObjectType, Operation, QueryFunction } from '../../src/spec/generated/enums.js';
import { enumeration, integer, structure, textString } from '../../src/ttlv/builders.js';
import type { TtlvItem } from '../../src/ttlv/item.js';
import { startTestServer, type TestServer } from './tls-server.js';
import {
  attribute,
  bytesOf,
  encode,
  enumValue,
  onlyItem,
  parseResponse,
  request,
  uuidBytes,
} from './wire.js';

const PIPELINE_DEPTH = 8;
const hex = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('hex');

/** A mix of cheap and slower requests, so that several answers are ready at the same moment. */
function arsenalRequest(i: number, id: Uint8Array): Buffer {
  const kinds: [number, TtlvItem[]][] = [
    [Operation.Query, [enumeration(Tag.QueryFunction, QueryFunction.QueryOperations)]],
    [
      Operation.Create,
      [
        enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
        structure(Tag.TemplateAttribute, [
          attribute('Cryptographic Algorithm', enumeration(Tag.AttributeValue, 3)),
          attribute('Cryptographic Length', integer(Tag.AttributeValue, 256)),
          attribute('Cryptographic Usage Mask', integer(Tag.AttributeValue, 12)),
        ]),
      ],
    ],
    [Operation.DiscoverVersions, []],
    [Operation.Locate, [attribute('x-bucket', textString(Tag.AttributeValue, 'none'))]],
  ];
  const [operation, payload] = kinds[i % kinds.length]!;
  return encode(
    request({ version: [1, 4], maximumResponseSize: 8000, operation, uniqueBatchItemId: id, payload }),
  );
}

describe('pipelined requests over TLS', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  for (const tlsVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
    test(`${tlsVersion}: ${PIPELINE_DEPTH} requests in one write, ${PIPELINE_DEPTH} data events, each one whole response, in order`, async () => {
      const client = await t.connect({ minVersion: tlsVersion, maxVersion: tlsVersion });
      assert.equal(client.socket.getProtocol(), tlsVersion);
      for (let round = 0; round < 25; round++) {
        const ids = Array.from({ length: PIPELINE_DEPTH }, () => uuidBytes());
        client.write(Buffer.concat(ids.map((id, i) => arsenalRequest(i + round, id))));
        for (const [i, id] of ids.entries()) {
          const event = await client.event();
          const response = parseResponse(event); // throws unless the event is exactly one message
          const item = onlyItem(response);
          assert.equal(
            hex(bytesOf(item, Tag.UniqueBatchItemID)),
            hex(id),
            `round ${round}, response ${i} out of order`,
          );
          assert.equal(enumValue(item, Tag.ResultStatus), 0, `round ${round}, response ${i} failed`);
        }
      }
      client.close();
    });
  }

  test('responses keep request order when a slow request precedes fast ones', async () => {
    const client = await t.connect();
    // Create (key generation, a store write) first, then seven cheap Queries.
    const ids = Array.from({ length: PIPELINE_DEPTH }, () => uuidBytes());
    const bytes = ids.map((id, i) => arsenalRequest(i === 0 ? 1 : 0, id));
    client.write(Buffer.concat(bytes));
    const order: string[] = [];
    for (let i = 0; i < PIPELINE_DEPTH; i++) {
      const item = onlyItem(parseResponse(await client.event()));
      order.push(hex(bytesOf(item, Tag.UniqueBatchItemID)));
    }
    assert.deepEqual(order, ids.map(hex));
    client.close();
  });
});
