// Percona Server for MongoDB's master key over KMIP (its libkmip fork; clients.md "Percona"), over
// mutual TLS with the host name checked. Current releases speak KMIP 1.0: Register the key as a
// Raw AES Symmetric Key, Activate it on the same connection (the UID must match), and to read it
// GetAttributes naming only "State" (the reply must hold the UID and exactly one State; only
// Active proceeds), then Get (Raw, unwrapped). A missing key must be Operation Failed / Item Not
// Found, which it reads as "no key yet". Older releases Register at 1.4 with a Name and an Object
// Group, and find keys with Locate by Object Type + Name, Maximum Items 16, paging with Offset
// Items. libkmip's header: Maximum Response Size 8192 and a Time Stamp; no Batch Item ID.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  CryptographicAlgorithm,
  KeyFormatType,
  ObjectType,
  Operation,
  ResultReason,
  ResultStatus,
  State,
} from '../../src/spec/generated/enums.js';
import { byteString, enumeration, integer, structure, textString } from '../../src/ttlv/builders.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { ttlvToXml } from '../../src/notation/xml.js';
import { tagByName, tagExistsIn } from '../../src/spec/registry.js';
import { startTestServer, type RawClient, type TestServer } from './tls-server.js';
import {
  attribute,
  bytesOf,
  encode,
  enumValue,
  find,
  findAll,
  nameAttribute,
  onlyItem,
  payloadOf,
  request,
  struct,
  text,
  texts,
  type ParsedResponse,
} from './wire.js';

type Version = readonly [number, number];

function libkmip(version: Version, operation: number, payload: TtlvItem[]): Buffer {
  return encode(request({ version, maximumResponseSize: 8192, timeStamp: new Date(), operation, payload }));
}

function success(r: ParsedResponse, operation: number): StructureItem {
  const item = onlyItem(r);
  assert.equal(enumValue(item, Tag.ResultStatus), ResultStatus.Success, ttlvToXml(item));
  assert.equal(enumValue(item, Tag.Operation), operation);
  const payload = payloadOf(item);
  assert.ok(payload);
  return payload;
}

function failure(r: ParsedResponse, operation: number): number | undefined {
  const item = onlyItem(r);
  assert.equal(enumValue(item, Tag.ResultStatus), ResultStatus.OperationFailed, ttlvToXml(item));
  assert.equal(enumValue(item, Tag.Operation), operation);
  return enumValue(item, Tag.ResultReason);
}

/** kmip_bio_register_symmetric_key: the template attributes, then a Raw AES key block. */
function registerPayload(key: Uint8Array, extra: StructureItem[] = []): TtlvItem[] {
  return [
    enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
    structure(Tag.TemplateAttribute, [
      attribute('Cryptographic Algorithm', enumeration(Tag.AttributeValue, CryptographicAlgorithm.AES)),
      attribute('Cryptographic Length', integer(Tag.AttributeValue, key.length * 8)),
      attribute('Cryptographic Usage Mask', integer(Tag.AttributeValue, 4 | 8)),
      ...extra,
    ]),
    structure(Tag.SymmetricKey, [
      structure(Tag.KeyBlock, [
        enumeration(Tag.KeyFormatType, KeyFormatType.Raw),
        structure(Tag.KeyValue, [byteString(Tag.KeyMaterial, key)]),
        enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
        integer(Tag.CryptographicLength, key.length * 8),
      ]),
    ]),
  ];
}

const uidItem = (uid: string): TtlvItem => textString(Tag.UniqueIdentifier, uid);

describe('Percona Server for MongoDB (libkmip fork)', () => {
  let t: TestServer;
  let client: RawClient;
  before(async () => {
    t = await startTestServer();
    client = await t.connect();
  });
  after(async () => {
    await t.close();
  });

  test('1.0: Register a Raw AES key, Activate it, read State alone, then Get it back Raw and unwrapped', async () => {
    const key = randomBytes(32);
    const uid = text(
      success(
        await client.roundTrip(libkmip([1, 0], Operation.Register, registerPayload(key))),
        Operation.Register,
      ),
      Tag.UniqueIdentifier,
    );
    assert.ok(uid);

    const stateOf = async (): Promise<StructureItem> =>
      success(
        await client.roundTrip(
          libkmip([1, 0], Operation.GetAttributes, [uidItem(uid), textString(Tag.AttributeName, 'State')]),
        ),
        Operation.GetAttributes,
      );
    const before = await stateOf();
    assert.equal(enumValue(struct(before, Tag.Attribute), Tag.AttributeValue), State.PreActive);

    const activated = success(
      await client.roundTrip(libkmip([1, 0], Operation.Activate, [uidItem(uid)])),
      Operation.Activate,
    );
    assert.equal(text(activated, Tag.UniqueIdentifier), uid, 'Activate answers the UID it was given');

    const state = await stateOf();
    assert.deepEqual(
      state.value.map((c) => c.tag),
      [Tag.UniqueIdentifier, Tag.Attribute],
      'the UID and exactly one attribute',
    );
    assert.equal(text(state, Tag.UniqueIdentifier), uid);
    const only = struct(state, Tag.Attribute);
    // libkmip reads Attribute Name, an optional Attribute Index, then Attribute Value (1.x answers
    // carry index 0, which PyKMIP's client needs).
    assert.deepEqual(
      only?.value.map((c) => c.tag),
      [Tag.AttributeName, Tag.AttributeIndex, Tag.AttributeValue],
    );
    assert.equal(find(only, Tag.AttributeIndex)?.value, 0);
    assert.equal(text(only, Tag.AttributeName), 'State');
    assert.equal(enumValue(only, Tag.AttributeValue), State.Active);

    const got = success(
      await client.roundTrip(libkmip([1, 0], Operation.Get, [uidItem(uid)])),
      Operation.Get,
    );
    assert.equal(enumValue(got, Tag.ObjectType), ObjectType.SymmetricKey);
    const block = struct(struct(got, Tag.SymmetricKey), Tag.KeyBlock);
    assert.equal(enumValue(block, Tag.KeyFormatType), KeyFormatType.Raw);
    assert.equal(find(block, Tag.KeyWrappingData), undefined);
    assert.deepEqual(Buffer.from(bytesOf(struct(block, Tag.KeyValue), Tag.KeyMaterial) ?? []), key);
  });

  test('1.0: a missing key is Operation Failed / Item Not Found, for GetAttributes and for Get', async () => {
    const missing = 'no-such-key-1234';
    const viaState = await client.roundTrip(
      libkmip([1, 0], Operation.GetAttributes, [uidItem(missing), textString(Tag.AttributeName, 'State')]),
    );
    assert.equal(failure(viaState, Operation.GetAttributes), ResultReason.ItemNotFound);
    const viaGet = await client.roundTrip(libkmip([1, 0], Operation.Get, [uidItem(missing)]));
    assert.equal(failure(viaGet, Operation.Get), ResultReason.ItemNotFound);
  });

  test('1.0: a GetAttributes of everything carries no attribute newer than 1.0', async () => {
    const uid = text(
      success(
        await client.roundTrip(libkmip([1, 0], Operation.Register, registerPayload(randomBytes(16)))),
        Operation.Register,
      ),
      Tag.UniqueIdentifier,
    );
    assert.ok(uid);
    const namesAt = async (version: Version): Promise<string[]> => {
      const all = success(
        await client.roundTrip(libkmip(version, Operation.GetAttributes, [uidItem(uid)])),
        Operation.GetAttributes,
      );
      return findAll(all, Tag.Attribute).map((a) => text(a as StructureItem, Tag.AttributeName) ?? '');
    };
    const since10 = (name: string): boolean => tagExistsIn(tagByName(name)?.tag ?? 0, '1.0');
    const at10 = await namesAt([1, 0]);
    assert.ok(at10.includes('State'));
    assert.deepEqual(
      at10.filter((n) => !since10(n)),
      [],
      'attributes KMIP 1.0 does not define',
    );
    const at14 = await namesAt([1, 4]);
    assert.ok(
      at14.some((n) => !since10(n)),
      'the key does hold newer attributes, which 1.4 shows',
    );
  });

  test('older releases at 1.4: Register with Name and Object Group, then Locate by Object Type + Name, 16 a page', async () => {
    const uid = text(
      success(
        await client.roundTrip(
          libkmip(
            [1, 4],
            Operation.Register,
            registerPayload(randomBytes(32), [
              nameAttribute('psmdb-master'),
              attribute('Object Group', textString(Tag.AttributeValue, 'psmdb')),
            ]),
          ),
        ),
        Operation.Register,
      ),
      Tag.UniqueIdentifier,
    );
    assert.ok(uid);
    const page = success(
      await client.roundTrip(
        libkmip([1, 4], Operation.Locate, [
          integer(Tag.MaximumItems, 16),
          integer(Tag.OffsetItems, 0),
          attribute('Object Type', enumeration(Tag.AttributeValue, ObjectType.SymmetricKey)),
          nameAttribute('psmdb-master'),
        ]),
      ),
      Operation.Locate,
    );
    assert.deepEqual(find(page, Tag.LocatedItems), { tag: Tag.LocatedItems, type: 'Integer', value: 1 });
    assert.deepEqual(texts(page, Tag.UniqueIdentifier), [uid]);
  });

  test('1.4 paging: Maximum Items 16 with Offset Items walks every match once, Located Items the total', async () => {
    const registered = new Set<string>();
    for (let i = 0; i < 21; i++) {
      const r = await client.roundTrip(
        libkmip(
          [1, 4],
          Operation.Register,
          registerPayload(randomBytes(32), [
            nameAttribute(`paged-${i}`),
            attribute('Object Group', textString(Tag.AttributeValue, 'paged')),
          ]),
        ),
      );
      const uid = text(success(r, Operation.Register), Tag.UniqueIdentifier);
      assert.ok(uid);
      registered.add(uid);
    }
    const seen: string[] = [];
    for (let offset = 0; ; offset += 16) {
      const page = success(
        await client.roundTrip(
          libkmip([1, 4], Operation.Locate, [
            integer(Tag.MaximumItems, 16),
            integer(Tag.OffsetItems, offset),
            attribute('Object Type', enumeration(Tag.AttributeValue, ObjectType.SymmetricKey)),
            attribute('Object Group', textString(Tag.AttributeValue, 'paged')),
          ]),
        ),
        Operation.Locate,
      );
      assert.deepEqual(find(page, Tag.LocatedItems), { tag: Tag.LocatedItems, type: 'Integer', value: 21 });
      assert.equal(page.value[0]?.tag, Tag.LocatedItems, 'Located Items precedes the identifiers');
      const ids = texts(page, Tag.UniqueIdentifier);
      assert.ok(ids.length <= 16);
      seen.push(...ids);
      if (ids.length < 16) break;
    }
    assert.equal(seen.length, 21, 'no identifier twice');
    assert.deepEqual(new Set(seen), registered);
  });

  test('close_notify: the server ends its side cleanly when the client ends the session', async () => {
    const c = await t.connect();
    success(await c.roundTrip(libkmip([1, 0], Operation.Query, [])), Operation.Query);
    const closed = once(c.socket, 'close');
    c.socket.end();
    await closed;
    assert.equal(c.socket.destroyed, true);
  });
});
