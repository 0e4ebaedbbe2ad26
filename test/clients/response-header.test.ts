// clients.md rules 2, 3, 5 and 7, on every path that answers: the Response Header is Protocol
// Version, Time Stamp, Batch Count in that order (libkmip rejects a header without Time Stamp);
// each batch item echoes Operation (libkmip picks its decoder by it) and the Unique Batch Item ID
// (Arsenal drops the connection without it); Maximum Response Size is honoured with Response Too
// Large; requests without a Time Stamp (Arsenal, libmongocrypt) and with a Username/Password
// Credential (Ceph, libkmip's demos) are accepted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Tag } from '../../src/spec/generated/tags.js';
import { ObjectType, Operation, ResultReason, ResultStatus } from '../../src/spec/generated/enums.js';
import { byteString, enumeration, structure, textString } from '../../src/ttlv/builders.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { Engine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/log/logger.js';
import { KmipError } from '../../src/messages/kmip-error.js';
import { OPERATIONS } from '../../src/operations/dispatch.js';
import { createHarness, type Harness } from '../helpers/engine-harness.js';
import {
  bytesOf,
  encode,
  enumValue,
  find,
  onlyItem,
  parseResponse,
  payloadOf,
  request,
  text,
  uuidBytes,
  type ParsedResponse,
} from './wire.js';

const HEADER_ORDER = [Tag.ProtocolVersion, Tag.TimeStamp, Tag.BatchCount];

function assertHeader(r: ParsedResponse, version: readonly [number, number], batchCount = 1): void {
  assert.deepEqual(
    r.header.value.map((c) => c.tag),
    HEADER_ORDER,
    'Protocol Version, Time Stamp, Batch Count, in that order and nothing else',
  );
  const pv = find(r.header, Tag.ProtocolVersion) as StructureItem;
  assert.deepEqual(
    pv.value.map((c) => c.value),
    [...version],
  );
  const ts = find(r.header, Tag.TimeStamp);
  assert.equal(ts?.type, 'DateTime');
  assert.ok(Math.abs(Number(ts.value) - Date.now() / 1000) < 60, 'Time Stamp is now');
  assert.deepEqual(find(r.header, Tag.BatchCount), {
    tag: Tag.BatchCount,
    type: 'Integer',
    value: batchCount,
  });
  assert.equal(r.items.length, batchCount);
}

function assertEcho(item: StructureItem, operation: number, id: Uint8Array | undefined): void {
  assert.equal(item.value[0]?.tag, Tag.Operation, 'Operation comes first');
  assert.equal(enumValue(item, Tag.Operation), operation);
  if (id === undefined) assert.equal(find(item, Tag.UniqueBatchItemID), undefined);
  else
    assert.equal(
      Buffer.from(bytesOf(item, Tag.UniqueBatchItemID) ?? []).toString('hex'),
      Buffer.from(id).toString('hex'),
    );
}

const uidPayload = (uid: string): TtlvItem[] => [textString(Tag.UniqueIdentifier, uid)];

describe('response header and batch items', () => {
  let h: Harness;
  const send = async (message: TtlvItem): Promise<ParsedResponse> =>
    parseResponse(await h.engine.handleFrame(encode(message), { identity: 'alice' }));

  before(async () => {
    h = await createHarness();
  });
  after(async () => {
    await h.close();
  });

  for (const version of [
    [1, 0],
    [1, 1],
    [1, 2],
    [1, 3],
    [1, 4],
    [2, 0],
    [2, 1],
  ] as const) {
    test(`${version.join('.')}: a success answer has the header in order and echoes Operation and ID`, async () => {
      const id = uuidBytes();
      const r = await send(
        request({ version, operation: Operation.Query, uniqueBatchItemId: id, payload: [] }),
      );
      assertHeader(r, version);
      const item = onlyItem(r);
      assertEcho(item, Operation.Query, id);
      assert.equal(enumValue(item, Tag.ResultStatus), ResultStatus.Success);
    });
  }

  test('an operation failure (Get of a missing key) echoes Operation and ID: Item Not Found', async () => {
    const id = uuidBytes();
    const r = await send(
      request({
        version: [1, 0],
        operation: Operation.Get,
        uniqueBatchItemId: id,
        payload: uidPayload('missing'),
      }),
    );
    assertHeader(r, [1, 0]);
    const item = onlyItem(r);
    assertEcho(item, Operation.Get, id);
    assert.equal(enumValue(item, Tag.ResultStatus), ResultStatus.OperationFailed);
    assert.equal(enumValue(item, Tag.ResultReason), ResultReason.ItemNotFound);
  });

  test('an operation the server lacks is Operation Not Supported, echoed', async () => {
    const id = randomBytes(4);
    const r = await send(
      request({ version: [1, 4], operation: Operation.Notify, uniqueBatchItemId: id, payload: [] }),
    );
    assertHeader(r, [1, 4]);
    assertEcho(onlyItem(r), Operation.Notify, id);
    assert.equal(enumValue(onlyItem(r), Tag.ResultReason), ResultReason.OperationNotSupported);
  });

  test('a request with no Unique Batch Item ID gets none back (libkmip, libmongocrypt)', async () => {
    const r = await send(request({ version: [1, 0], operation: Operation.Query, payload: [] }));
    assertEcho(onlyItem(r), Operation.Query, undefined);
  });

  test('bytes that do not decode get an Invalid Message answer with the full header, at 1.0', async () => {
    const garbage = Buffer.from('42007801000000100000000000000000ffffffffffffffff', 'hex');
    const r = parseResponse(await h.engine.handleFrame(garbage, { identity: 'alice' }));
    assertHeader(r, [1, 0]);
    assert.equal(enumValue(onlyItem(r), Tag.ResultReason), ResultReason.InvalidMessage);
  });

  test('a malformed header (no Batch Count) is answered in the request version, Operation and ID echoed', async () => {
    const id = uuidBytes();
    const message = request({
      version: [1, 2],
      operation: Operation.Query,
      uniqueBatchItemId: id,
      payload: [],
    });
    const header = message.value[0] as StructureItem;
    const broken = structure(Tag.RequestMessage, [
      structure(
        Tag.RequestHeader,
        header.value.filter((c) => c.tag !== Tag.BatchCount),
      ),
      ...message.value.slice(1),
    ]);
    const r = await send(broken);
    assertHeader(r, [1, 2]);
    assertEcho(onlyItem(r), Operation.Query, id);
    assert.equal(enumValue(onlyItem(r), Tag.ResultReason), ResultReason.InvalidMessage);
  });

  test('an unknown protocol version is answered in the nearest one, with the full header', async () => {
    const low = await send(request({ version: [1, 5], operation: Operation.Query, payload: [] }));
    assertHeader(low, [1, 4]);
    const high = await send(request({ version: [3, 0], operation: Operation.Query, payload: [] }));
    assertHeader(high, [2, 1]);
    assert.equal(enumValue(onlyItem(high), Tag.ResultReason), ResultReason.InvalidMessage);
  });

  test('Maximum Response Size: a larger answer is Response Too Large, echoed; a fitting one succeeds', async () => {
    const register = await send(
      request({
        version: [1, 4],
        operation: Operation.Register,
        payload: [
          enumeration(Tag.ObjectType, ObjectType.OpaqueObject),
          structure(Tag.TemplateAttribute, []),
          structure(Tag.OpaqueObject, [
            enumeration(Tag.OpaqueDataType, 0x80000001),
            byteString(Tag.OpaqueDataValue, randomBytes(9000)),
          ]),
        ],
      }),
    );
    const uid = text(payloadOf(onlyItem(register)), Tag.UniqueIdentifier);
    assert.ok(uid, 'the opaque object was registered');
    for (const max of [8000, 8192]) {
      const id = uuidBytes();
      const r = await send(
        request({
          version: [1, 4],
          maximumResponseSize: max,
          operation: Operation.Get,
          uniqueBatchItemId: id,
          payload: uidPayload(uid),
        }),
      );
      assertHeader(r, [1, 4]);
      assertEcho(onlyItem(r), Operation.Get, id);
      assert.equal(enumValue(onlyItem(r), Tag.ResultReason), ResultReason.ResponseTooLarge, `max ${max}`);
      assert.equal(payloadOf(onlyItem(r)), undefined);
    }
    const fits = await send(
      request({
        version: [1, 4],
        maximumResponseSize: 16384,
        operation: Operation.Get,
        payload: uidPayload(uid),
      }),
    );
    const bytes = encode(fits.message);
    assert.ok(bytes.length > 9000 && bytes.length <= 16384, `${bytes.length} bytes`);
    assert.equal(enumValue(onlyItem(fits), Tag.ResultStatus), ResultStatus.Success);
    const small = await send(
      request({
        version: [1, 2],
        maximumResponseSize: 8000,
        operation: Operation.Get,
        payload: uidPayload('nope'),
      }),
    );
    assert.equal(
      enumValue(onlyItem(small), Tag.ResultReason),
      ResultReason.ItemNotFound,
      'small answers are unaffected',
    );
  });

  test('a Username/Password Credential in the header is accepted (with and without a password)', async () => {
    for (const credential of [{ username: 'ceph', password: 'secret' }, { username: 'libkmip' }]) {
      const r = await send(
        request({
          version: [1, 0],
          maximumResponseSize: 8192,
          credential,
          timeStamp: new Date(),
          operation: Operation.Query,
          payload: [],
        }),
      );
      assertHeader(r, [1, 0]);
      assert.equal(enumValue(onlyItem(r), Tag.ResultStatus), ResultStatus.Success);
    }
  });

  test('an authentication failure is answered with the full header, a 1.x-defined reason, and echoes', async () => {
    const engine = new Engine({
      store: h.store,
      access: {
        allowed: () => false,
        visibility: (_operation, identity) => ({ identity, own: [], anyOwner: [] }),
        defaultPolicyName: 'default',
        policyExists: () => true,
        mayCreate: () => false,
      },
      operations: OPERATIONS,
      server: { vendorIdentification: 'kmip-ts', serverInformation: 'test', objectTypes: [] },
      log: silentLogger,
      authenticate: async (_session, header) => {
        const reason =
          header.credentials.length === 0
            ? ResultReason.AuthenticationNotSuccessful
            : ResultReason.InvalidAttribute;
        throw new KmipError(reason, 'refused');
      },
    });
    const id = uuidBytes();
    const bare = parseResponse(
      await engine.handleFrame(
        encode(
          request({
            version: [1, 0],
            operation: Operation.Get,
            uniqueBatchItemId: id,
            payload: uidPayload('x'),
          }),
        ),
        { identity: 'a' },
      ),
    );
    assertHeader(bare, [1, 0]);
    assertEcho(onlyItem(bare), Operation.Get, id);
    assert.equal(enumValue(onlyItem(bare), Tag.ResultReason), ResultReason.AuthenticationNotSuccessful);
    // Invalid Attribute is a 2.0 reason: a 1.0 reply carries its 1.x equivalent, Invalid Field.
    const mapped = parseResponse(
      await engine.handleFrame(
        encode(
          request({
            version: [1, 0],
            credential: { username: 'u' },
            operation: Operation.Get,
            payload: uidPayload('x'),
          }),
        ),
        { identity: 'a' },
      ),
    );
    assert.equal(enumValue(onlyItem(mapped), Tag.ResultReason), ResultReason.InvalidField);
  });
});
